import { useState } from 'react';
import { useStore } from 'zustand';
import { ADMIN_ONLY_HINT, useAccess } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import type { PaperResetView } from '../../engine-client/api-types';
import type { TradingStore } from '../trading/trading-store';
import { paperResetLosses, parsePaperBalance } from './paper-reset-form';
import { errorText } from '../../format/format';

/**
 * Resetting the paper account: a starting balance (the engine's default when empty), then a confirmation
 * that names what goes, then the engine's answer. Only on paper: the engine refuses it while live anyway.
 */
export function PaperResetSection({ store }: { readonly store: TradingStore }) {
  const client = useEngineClient();
  const { canAdmin } = useAccess();
  const portfolio = useStore(store, (s) => s.portfolio);
  const orders = useStore(store, (s) => s.orders);
  const waiting = useStore(store, (s) => s.proposals.filter((p) => p.status === 'pending' || p.status === 'snoozed').length);
  const [typed, setTyped] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PaperResetView | null>(null);
  const parsed = parsePaperBalance(typed);

  const reset = (): void => {
    if (!parsed.ok) return;
    setBusy(true);
    setError(null);
    client.call('trading.resetPaper', parsed.balance === undefined ? {} : { balance: parsed.balance }).then(
      (view) => {
        setResult(view);
        setConfirming(false);
        setTyped('');
        setBusy(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(errorText(failure));
      },
    );
  };

  return (
    <div className="paper-reset" data-testid="paper-reset">
      <h4 className="settings-subtitle">Reset the paper account</h4>
      <p className="settings-note">Start paper trading afresh. Fills, orders and the audit log stay on record; the old account is archived by the engine.</p>
      <label className="paper-reset-balance">
        Starting balance (USDT)
        <input className="input" data-testid="paper-reset-balance" inputMode="decimal" placeholder="engine default" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      {!parsed.ok && (
        <p className="field-error" data-testid="paper-reset-balance-error">
          {parsed.error}
        </p>
      )}
      <button
        type="button"
        className="button"
        data-testid="paper-reset-open"
        disabled={!canAdmin || busy || confirming || !parsed.ok}
        title={canAdmin ? undefined : ADMIN_ONLY_HINT}
        onClick={() => setConfirming(true)}
      >
        Reset paper account…
      </button>
      {confirming && parsed.ok && (
        <div className="paper-reset-confirm" role="alertdialog" aria-labelledby="paper-reset-title" data-testid="paper-reset-confirm">
          <p id="paper-reset-title" className="paper-reset-title">
            Reset the paper account to {parsed.balance === undefined ? 'the engine’s starting balance' : `${parsed.balance.toLocaleString('en-US', { minimumFractionDigits: 2 })} USDT`}? This is lost:
          </p>
          <ul className="paper-reset-losses">
            {paperResetLosses(portfolio, orders, waiting).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="paper-reset-actions">
            <button type="button" className="button live-button" data-testid="paper-reset-confirm-button" disabled={busy} onClick={reset}>
              Reset paper account
            </button>
            <button type="button" className="button button-quiet" data-testid="paper-reset-cancel" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className="settings-current" role="status" data-testid="paper-reset-result">
          Paper account reset to <strong>{Number(result.initialCash).toLocaleString('en-US', { minimumFractionDigits: 2 })} {result.currency}</strong> (was equity{' '}
          {Number(result.previousEquity).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}): {result.positionsClosed} position(s) dropped, {result.ordersCancelled} order(s)
          cancelled, {result.proposalsExpired} proposal(s) expired{result.archive ? `; archived as reset #${result.archive.resetId}` : ''}.
          {result.riskState !== 'ACTIVE' && ` The kill switch is still ${result.riskState}: resume trading when ready.`}
        </p>
      )}
      {error && (
        <p className="alert" role="alert" data-testid="paper-reset-error">
          {error}
        </p>
      )}
    </div>
  );
}
