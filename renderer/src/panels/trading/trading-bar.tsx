import './trading.css';
import '../risk/risk-panel.css';
import './trading-bar.css';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useAccess } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import { KillSwitch, requestKill } from '../risk/kill-switch';
import { SettingsDialog } from '../settings/settings-dialog';
import { useEngineKeysPort } from '../settings/use-engine-keys-port';
import { useTradingStore } from './use-trading';

/**
 * The trading part of the top bar, always in view: PAPER or LIVE, the risk state when it is not plain
 * ACTIVE, how many proposals wait, the global kill switch, and the way into the trading settings.
 */
export function TradingBar() {
  const store = useTradingStore();
  const mode = useStore(store, (s) => s.mode);
  const riskState = useStore(store, (s) => s.risk?.state ?? s.mode?.riskState ?? null);
  const waiting = useStore(store, (s) => s.proposals.filter((p) => p.status === 'pending').length);
  const [settings, setSettings] = useState(false);
  const client = useEngineClient();
  const { canTrade } = useAccess();
  const live = mode?.mode === 'live';
  const keys = useEngineKeysPort(store);

  // Ctrl+Shift+K halts from anywhere, even while typing: the one shortcut that must always work.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.key.toLowerCase() !== 'k' || event.repeat || !canTrade) return;
      event.preventDefault();
      requestKill(client, store, 'kill switch shortcut in the window').catch((failure: unknown) => console.warn('engine: risk.kill failed', failure));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, store, canTrade]);

  // The window's title counts the proposals waiting, so a trader in another window sees one arrive.
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Stratus` : 'Stratus';
  }, [waiting]);
  return (
    <div className="trading-bar" data-testid="trading-bar">
      {mode && (
        <button
          type="button"
          className={`mode-badge mode-badge-${mode.mode}`}
          data-testid="mode-badge"
          data-mode={mode.mode}
          title={live ? `Live trading on ${mode.venue}: real orders, real money` : `Paper trading on ${mode.venue}: simulated fills, no money moves`}
          onClick={() => setSettings(true)}
        >
          {live ? 'LIVE' : 'PAPER'}
        </button>
      )}
      {riskState && riskState !== 'ACTIVE' && (
        <span className={`risk-chip risk-chip-${riskState}`} data-testid="risk-chip">
          {riskState.replace('_', ' ')}
        </span>
      )}
      {waiting > 0 && (
        <button
          type="button"
          className="waiting-chip"
          data-testid="waiting-chip"
          title="Proposals waiting for your decision: go to the queue (Q)"
          onClick={() => document.querySelector<HTMLElement>('[data-testid="approval-queue"]')?.focus()}
        >
          {waiting} to approve
        </button>
      )}
      <KillSwitch store={store} state={riskState} compact />
      <button type="button" className="button button-quiet" data-testid="open-trading-settings" onClick={() => setSettings(true)} title="Trading settings: mode, limits, automation, keys">
        Trading ⚙
      </button>
      {settings && <SettingsDialog store={store} keys={keys} onClose={() => setSettings(false)} />}
    </div>
  );
}
