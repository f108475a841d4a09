import { useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { TradingStore } from '../trading/trading-store';
import type { TradingModeView } from '../../engine-client/api-types';
import { errorText } from '../../format/format';

/**
 * Paper or live. Paper is one click away at any time; live needs the engine to have a live venue with
 * keys, and the trader to type the engine's confirmation sentence exactly — no checkbox a reflex can tick.
 */
export function ModeSection({ store, mode }: { readonly store: TradingStore; readonly mode: TradingModeView | null }) {
  const client = useEngineClient();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!mode) return <p className="settings-note">The trading mode is not available from this engine.</p>;

  const switchTo = (next: 'paper' | 'live'): void => {
    setBusy(true);
    setError(null);
    client.call('trading.setMode', next === 'live' ? { mode: 'live', confirm: typed } : { mode: 'paper' }).then(
      (view) => {
        store.getState().setMode(view);
        setTyped('');
        setBusy(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };

  const live = mode.mode === 'live';
  return (
    <div className="mode-section" data-testid="mode-section" data-mode={mode.mode}>
      <p className="settings-current">
        Now trading <strong className={`mode-word mode-word-${mode.mode}`}>{live ? 'LIVE' : 'PAPER'}</strong> on <span className="mono">{mode.venue}</span>.{' '}
        {live ? 'Orders go to the exchange with real money.' : 'Orders fill on the simulated venue against live prices; no money moves.'}
      </p>
      {live ? (
        <button type="button" className="button button-primary" data-testid="switch-paper" disabled={busy} onClick={() => switchTo('paper')}>
          Switch to paper
        </button>
      ) : !mode.liveAvailable ? (
        <p className="settings-note" data-testid="live-unavailable">
          Live trading is not available: {mode.liveUnavailableReason ?? 'no live venue is configured'}.
        </p>
      ) : (
        <form
          className="live-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            if (typed === mode.confirmation) switchTo('live');
          }}
        >
          <label>
            To trade live, type: <q className="confirm-phrase">{mode.confirmation}</q>
            <input className="input" data-testid="live-confirmation" value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
          </label>
          <button type="submit" className="button live-button" data-testid="switch-live" disabled={busy || typed !== mode.confirmation}>
            Switch to live trading
          </button>
        </form>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
