import '../trading/trading.css';
import './settings-dialog.css';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ADMIN_ONLY_HINT, useAccess } from '../../app/access';
import { useEngineClient } from '../../app/stores-context';
import { reloadPolicies } from '../trading/trading-sync';
import type { TradingStore } from '../trading/trading-store';
import { AlertsSection } from './alerts-section';
import { AuditSection } from './audit-section';
import { DevicesSection } from './devices-section';
import { KeysSection, type KeysPort } from './keys-section';
import { LimitsSection } from './limits-section';
import { ModeSection } from './mode-section';
import { PaperResetSection } from './paper-reset-section';
import { SizingSection } from './sizing-section';
import { TelegramSection } from './telegram-section';
import { useStrategyNames } from './use-strategy-names';
import { errorText } from '../../format/format';

type Section = 'mode' | 'limits' | 'sizing' | 'automation' | 'keys' | 'alerts' | 'telegram' | 'devices' | 'audit';

const SECTIONS: readonly { readonly id: Section; readonly title: string; readonly adminOnly?: true }[] = [
  { id: 'mode', title: 'Trading mode' },
  { id: 'limits', title: 'Risk limits' },
  { id: 'sizing', title: 'Position sizing' },
  { id: 'automation', title: 'Automation' },
  { id: 'keys', title: 'Exchange keys' },
  { id: 'alerts', title: 'Alerts' },
  { id: 'telegram', title: 'Telegram' },
  { id: 'devices', title: 'Devices', adminOnly: true },
  { id: 'audit', title: 'Audit log', adminOnly: true },
];

type SettingsDialogProps = {
  readonly store: TradingStore;
  readonly keys: KeysPort | null;
  readonly initial?: Section;
  readonly onClose: () => void;
};

/** Trading settings in one modal: mode (paper / live), risk limits, position sizing, per-strategy automation, exchange keys, alert rules and the Telegram bot. */
export function SettingsDialog({ store, keys, initial = 'mode', onClose }: SettingsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [section, setSection] = useState<Section>(initial);
  const mode = useStore(store, (s) => s.mode);
  const limits = useStore(store, (s) => s.risk?.limits ?? null);
  const { canAdmin } = useAccess();
  const sections = SECTIONS.filter((s) => canAdmin || !s.adminOnly);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog ref={dialog} className={`settings-dialog${section === 'devices' || section === 'audit' ? ' settings-dialog-wide' : ''}`} data-testid="settings-dialog" aria-labelledby="settings-title" onClose={onClose}>
      <header className="settings-head">
        <h2 id="settings-title" className="settings-title">
          Trading settings
        </h2>
        <button type="button" className="button button-quiet" aria-label="Close settings" onClick={() => dialog.current?.close()}>
          ✕
        </button>
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          {sections.map((s) => (
            <button key={s.id} type="button" className="settings-nav-item" aria-current={section === s.id ? 'page' : undefined} data-testid={`settings-${s.id}`} onClick={() => setSection(s.id)}>
              {s.title}
            </button>
          ))}
        </nav>
        <section className="settings-body">
          <h3 className="settings-section-title">{SECTIONS.find((s) => s.id === section)?.title}</h3>
          {!canAdmin && (
            <p className="settings-note view-only-note" data-testid="settings-view-only">
              {ADMIN_ONLY_HINT}
            </p>
          )}
          {/* A disabled fieldset disables every control inside: a non-admin device sees the settings but cannot send a change. */}
          <fieldset className="settings-fieldset" disabled={!canAdmin}>
            {section === 'mode' && <ModeSection store={store} mode={mode} />}
            {section === 'mode' && mode?.mode === 'paper' && <PaperResetSection store={store} />}
            {section === 'limits' && <LimitsSection store={store} limits={limits} />}
            {section === 'sizing' && <SizingSection />}
            {section === 'automation' && <AutomationSection store={store} />}
            {section === 'keys' && <KeysSection port={keys} />}
            {section === 'alerts' && <AlertsSection />}
            {section === 'telegram' && <TelegramSection />}
          </fieldset>
          {canAdmin && section === 'devices' && <DevicesSection />}
          {canAdmin && section === 'audit' && <AuditSection />}
        </section>
      </div>
    </dialog>
  );
}

/** One switch per strategy: off, every proposal waits for the trader; on, its approval policy decides. */
function AutomationSection({ store }: { readonly store: TradingStore }) {
  const client = useEngineClient();
  const automation = useStore(store, (s) => s.mode?.automation ?? {});
  const policies = useStore(store, (s) => s.policies);
  const known = useStrategyNames();
  const [error, setError] = useState<string | null>(null);
  const names = [...new Set([...Object.keys(automation), ...policies.map((p) => p.strategy), ...known])].sort();
  const toggle = (strategy: string, enabled: boolean): void => {
    setError(null);
    client.call('trading.setAutomation', { strategy, enabled }).then(
      (view) => {
        store.getState().setMode(view);
        return reloadPolicies(client, store);
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  };
  return (
    <div className="automation-section">
      <p className="settings-note">Per-strategy policies (manual, auto within limits, auto on paper only) are set in the Approvals panel.</p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <ul className="automation-list">
        {names.map((name) => {
          const policy = policies.find((p) => p.strategy === name)?.policy.kind ?? 'manual';
          return (
            <li key={name} className="automation-row" data-testid="automation-row" data-strategy={name}>
              <span className="automation-name">{name}</span>
              <span className="trading-tag">{policy}</span>
              <label className="switch">
                <input type="checkbox" role="switch" aria-label={`Automation of ${name}`} checked={automation[name] ?? false} onChange={(e) => toggle(name, e.target.checked)} />
                <span className="switch-track" />
                <span className="switch-label">{automation[name] ? 'Auto' : 'Off'}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
