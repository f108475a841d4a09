import { useState } from 'react';
import { useAccess, VIEW_ONLY_HINT } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import type { RiskState } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import type { TradingStore } from '../trading/trading-store';
import { errorText } from '../../format/format';

/** Throws the kill switch and shows the engine's answer at once (the stream confirms it too). */
export function requestKill(client: Pick<EngineClient, 'call'>, store: TradingStore, reason: string): Promise<void> {
  return client.call('risk.kill', { reason }).then((view) => store.getState().setRisk(view));
}

type KillSwitchProps = {
  readonly store: TradingStore;
  readonly state: RiskState | null;
  /** Compact for the top bar; full with an explanation in the risk panel. */
  readonly compact?: boolean;
};

/**
 * The global kill switch. Halting is one click — in an emergency nothing may stand in the way, and a
 * halt costs nothing but missed orders — while resuming asks for a confirmation, because it lets
 * orders flow again.
 */
export function KillSwitch({ store, state, compact = false }: KillSwitchProps) {
  const client = useEngineClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { canTrade } = useAccess();

  const run = (request: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    request().then(
      () => {
        setBusy(false);
        setConfirming(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };
  const kill = (): void => run(() => requestKill(client, store, 'kill switch pressed in the window'));
  const resume = (): void => run(() => client.call('risk.resume', {}).then((view) => store.getState().setRisk(view)));

  const halted = state === 'HALTED';
  return (
    <div className={`kill-switch${compact ? ' kill-switch-compact' : ''}`} data-state={state ?? 'unknown'}>
      {!halted ? (
        <button type="button" className="button kill-button" data-testid="kill-switch" disabled={busy || state === null || !canTrade} onClick={kill} title={canTrade ? 'Halt all trading now: no new orders, open orders cancelled (Ctrl+Shift+K)' : VIEW_ONLY_HINT}>
          <span className="kill-icon" aria-hidden="true">■</span> {compact ? 'Kill' : 'Kill switch — halt trading'}
        </button>
      ) : confirming ? (
        <span className="resume-confirm" role="group" aria-label="Confirm resume">
          {!compact && <span className="resume-question">Resume trading? New orders will pass the risk checks again.</span>}
          <button type="button" className="button resume-yes" data-testid="resume-confirm" disabled={busy} onClick={resume}>
            Resume
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            Stay halted
          </button>
        </span>
      ) : (
        <button type="button" className="button resume-button" data-testid="resume" disabled={busy || !canTrade} title={canTrade ? undefined : VIEW_ONLY_HINT} onClick={() => setConfirming(true)}>
          Resume…
        </button>
      )}
      {error && (
        <span className="kill-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
