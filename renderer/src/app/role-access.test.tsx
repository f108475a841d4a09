// @vitest-environment happy-dom
import { act, type ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthAuditEntryView, DeviceView, PairingCodeView } from '../engine-client/api-types';
import { ApprovalsPanel } from '../panels/approvals/approvals-panel';
import { KillSwitch } from '../panels/risk/kill-switch';
import type { KeysPort } from '../panels/settings/keys-section';
import { SettingsDialog } from '../panels/settings/settings-dialog';
import { renderWithEngine } from '../panels/trading/panel-test-harness';
import { makeMode, makePolicy, makeProposal, makeRisk } from '../panels/trading/trading-fixtures';
import { createTradingStore } from '../panels/trading/trading-store';
import { RoleBadge } from '../components/role-badge';
import { LiveToggle } from '../components/live-toggle';
import { ADMIN_ONLY_HINT, VIEW_ONLY_HINT, WATCH_ONLY_HINT } from './access';
import { whoAs } from './role-fixtures';
import { useConnection } from './stores-context';

const NOW = 1_100_000;

function OnceKnown({ children }: { readonly children: ReactNode }) {
  return useConnection((state) => state.identity !== null) ? children : null;
}
const FP = Array.from({ length: 32 }, () => 'AB').join(':');
const who = whoAs;

beforeAll(() => {
  if (!('showModal' in HTMLDialogElement.prototype)) {
    Object.assign(HTMLDialogElement.prototype, {
      showModal(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
    });
  }
});

describe('a viewer device', () => {
  let view: ReturnType<typeof renderWithEngine>;
  beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] }));
  afterEach(() => {
    view.unmount();
    vi.useRealTimers();
  });

  it('sees the queue but cannot approve, reject, modify or snooze, by button or key, and is told why', async () => {
    view = renderWithEngine(<ApprovalsPanel />);
    await view.answer({ 'auth.whoami': who('viewer'), 'approvals.list': [makeProposal({ id: 'p1', expiresAt: NOW + 60_000 })], 'trading.mode': makeMode(), 'approvals.policies': [makePolicy()] });
    for (const id of ['approve', 'reject', 'modify', 'snooze', 'snooze-minutes']) {
      expect((view.host.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | HTMLSelectElement).disabled).toBe(true);
    }
    expect(view.host.querySelector('[data-testid="view-only-hint"]')?.textContent).toBe('View only');
    expect(view.host.querySelector('[data-testid="queue-view-only"]')?.textContent).toBe(VIEW_ONLY_HINT);
    const queue = view.host.querySelector('[data-testid="approval-queue"]') as HTMLElement;
    for (const key of ['a', 'Enter', 'r', 's', 'm']) act(() => queue.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })));
    expect(['approvals.approve', 'approvals.reject', 'approvals.snooze'].flatMap((m) => view.callsOf(m))).toEqual([]);
    expect(view.host.querySelector('[data-testid="modify-form"]')).toBeNull();

    // Approval policies are admin settings: shown, not changeable.
    view.click('[data-testid="approvals-view-policies"]');
    await view.answer({ 'strategy.list': { strategies: [] } });
    expect((view.host.querySelector('[data-testid="policies-view"]') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('cannot throw the kill switch', async () => {
    const store = createTradingStore();
    view = renderWithEngine(<KillSwitch store={store} state="ACTIVE" />);
    const kill = () => view.host.querySelector('[data-testid="kill-switch"]') as HTMLButtonElement;
    expect(kill().disabled).toBe(false);
    await view.answer({ 'auth.whoami': who('viewer') });
    expect(kill().disabled).toBe(true);
    expect(kill().title).toBe(VIEW_ONLY_HINT);
  });

  it('cannot start a live stream either', async () => {
    view = renderWithEngine(<LiveToggle client={{ call: () => new Promise(() => undefined) }} series={{ venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' }} watched={false} />);
    const toggle = () => view.host.querySelector('[data-testid="live-toggle"]') as HTMLButtonElement;
    expect(toggle().disabled).toBe(false);
    await view.answer({ 'auth.whoami': who('viewer') });
    expect(toggle().disabled).toBe(true);
    expect(toggle().title).toBe(WATCH_ONLY_HINT);
  });

  it('like a trader, sees the settings disabled with a hint, and no devices or audit sections', async () => {
    const store = createTradingStore();
    store.getState().setMode(makeMode());
    store.getState().setRisk(makeRisk());
    view = renderWithEngine(<SettingsDialog store={store} keys={null} onClose={() => undefined} />);
    await view.answer({ 'auth.whoami': who('trader') });
    expect(view.host.querySelector('[data-testid="settings-view-only"]')).not.toBeNull();
    expect((view.host.querySelector('.settings-fieldset') as HTMLFieldSetElement).disabled).toBe(true);
    expect(view.host.querySelector('[data-testid="settings-devices"]')).toBeNull();
    expect(view.host.querySelector('[data-testid="settings-audit"]')).toBeNull();
    // The paper reset is an admin setting too.
    const reset = view.host.querySelector('[data-testid="paper-reset-open"]') as HTMLButtonElement;
    expect(reset.disabled).toBe(true);
    expect(reset.title).toBe(ADMIN_ONLY_HINT);
  });

  it('as a trader, does not ask for the exchange keys status, which only an admin may read', async () => {
    const store = createTradingStore();
    store.getState().setMode(makeMode());
    const asked: string[] = [];
    const never = new Promise<never>(() => undefined);
    const keys: KeysPort = { status: (venue) => (asked.push(venue), never), set: () => never, remove: () => never };
    // Settings open once the engine has said who the window is, as in the app.
    view = renderWithEngine(<OnceKnown>{<SettingsDialog store={store} keys={keys} initial="keys" onClose={() => undefined} />}</OnceKnown>);
    await view.answer({ 'auth.whoami': who('trader') });
    expect(asked).toEqual([]);
    expect(view.host.querySelector('[data-testid="settings-view-only"]')?.textContent).toBe(ADMIN_ONLY_HINT);
    view.unmount();
    view = renderWithEngine(<OnceKnown>{<SettingsDialog store={store} keys={keys} initial="keys" onClose={() => undefined} />}</OnceKnown>);
    await view.answer({ 'auth.whoami': who('admin') });
    expect(asked).toEqual(['bybit']);
  });

  it('reads a refusal for lack of role as such', async () => {
    view = renderWithEngine(<ApprovalsPanel />);
    await view.answer({ 'approvals.list': [makeProposal({ id: 'p1', expiresAt: NOW + 60_000 })], 'trading.mode': makeMode(), 'approvals.policies': [makePolicy()] });
    // Before the engine says who we are, the buttons work and the engine decides.
    view.click('[data-testid="approve"]');
    await view.fail('approvals.approve', 'approvals.approve needs the trader role; this connection is viewer', 'ForbiddenError');
    expect(view.host.querySelector('[data-testid="decision-error"]')?.textContent).toMatch(/^Not allowed for this device’s role.*needs the trader role/);
  });
});

describe('the role badge', () => {
  it('shows the role of a remote connection only', () => {
    const view = renderWithEngine(
      <>
        <RoleBadge identity={who('viewer')} remote />
        <RoleBadge identity={who('admin', null)} remote={false} />
      </>,
    );
    const badges = [...view.host.querySelectorAll('[data-testid="role-badge"]')];
    expect(badges.map((b) => [b.getAttribute('data-role'), b.textContent])).toEqual([['viewer', 'VIEW ONLY']]);
    view.unmount();
  });
});

const device = (extra: Partial<DeviceView>): DeviceView => ({ id: 'dev-1', name: 'Phone', role: 'viewer', createdAt: NOW - 3_600_000, lastSeenAt: NOW - 60_000, expiresAt: null, revokedAt: null, ...extra });

describe('settings for an admin: devices and audit', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  function open(section: 'devices' | 'audit') {
    const store = createTradingStore();
    store.getState().setMode(makeMode());
    view = renderWithEngine(<SettingsDialog store={store} keys={null} initial={section} onClose={() => undefined} />);
  }

  it('lists devices, revokes one only after confirming, and pairs a new one with a code, its expiry, fingerprint and link', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    open('devices');
    await view.answer({
      'auth.whoami': who('admin', 'dev-desk'),
      'auth.devices': [device({ id: 'dev-1' }), device({ id: 'dev-2', name: 'Old tablet', revokedAt: NOW - 1_000 }), device({ id: 'dev-desk', name: 'Desk', role: 'admin' })],
    });
    const rows = () => [...view.host.querySelectorAll('[data-testid="device-row"]')].map((r) => [r.getAttribute('data-device-id'), r.getAttribute('data-state')]);
    expect(rows()).toEqual([
      ['dev-1', 'active'],
      ['dev-desk', 'active'],
      ['dev-2', 'revoked'],
    ]);
    expect(view.host.querySelector('[data-device-id="dev-desk"]')?.textContent).toContain('this device');

    view.click('[data-device-id="dev-1"] [data-testid="revoke-device"]');
    expect(view.callsOf('auth.revoke')).toEqual([]);
    view.click('[data-device-id="dev-1"] [data-testid="revoke-confirm"]');
    expect(view.callsOf('auth.revoke').map((c) => c.params)).toEqual([{ deviceId: 'dev-1' }]);
    await view.answer({ 'auth.revoke': device({ id: 'dev-1', revokedAt: NOW }) });
    expect(view.host.querySelector('[data-device-id="dev-1"]')?.getAttribute('data-state')).toBe('revoked');

    const select = view.host.querySelector('[data-testid="pair-role"]') as HTMLSelectElement;
    act(() => {
      select.value = 'trader';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const lifetime = view.host.querySelector('[data-testid="pair-lifetime"]') as HTMLSelectElement;
    act(() => {
      lifetime.value = '30';
      lifetime.dispatchEvent(new Event('change', { bubbles: true }));
    });
    view.click('[data-testid="create-pairing-code"]');
    expect(view.callsOf('auth.createPairingCode').map((c) => c.params)).toEqual([{ role: 'trader', deviceTtlDays: 30 }]);
    const code: PairingCodeView = { code: 'WXYZ-2345', role: 'trader', expiresAt: NOW + 600_000, fingerprint: FP, pairingUrl: `https://box:7420/#pair=WXYZ-2345&fingerprint=${FP}` };
    await view.answer({ 'auth.createPairingCode': code });
    expect(view.host.querySelector('[data-testid="pairing-code"]')?.textContent).toBe('WXYZ-2345');
    expect(view.host.querySelector('[data-testid="pairing-fingerprint"]')?.textContent).toBe(FP);
    expect(view.host.querySelector('[data-testid="pairing-link"]')?.textContent).toBe(code.pairingUrl);
    expect(view.host.querySelector('[data-testid="pairing-expiry"]')?.textContent).toBe('expires in 10:00');
    act(() => vi.advanceTimersByTime(601_000));
    expect(view.host.querySelector('[data-testid="pairing-card"]')?.getAttribute('data-expired')).toBe('true');
    vi.useRealTimers();
  });

  it('shows the latest privileged actions with who, role, method and outcome', async () => {
    open('audit');
    const entries: AuthAuditEntryView[] = [
      { id: 2, at: NOW, actor: 'dev-phone', role: 'viewer', method: 'approvals.approve', outcome: 'denied', detail: 'needs trader' },
      { id: 1, at: NOW - 1, actor: 'token', role: 'admin', method: 'auth.createPairingCode', outcome: 'ok', detail: '{"role":"viewer"}' },
    ];
    await view.answer({ 'auth.whoami': who('admin'), 'auth.audit': entries, 'auth.devices': [device({ id: 'dev-phone', name: 'Phone' })] });
    expect(view.callsOf('auth.audit').map((c) => c.params)).toEqual([{ limit: 100 }]);
    const rows = [...view.host.querySelectorAll('[data-testid="audit-row"]')];
    expect(rows.map((r) => [r.getAttribute('data-method'), r.getAttribute('data-outcome')])).toEqual([
      ['approvals.approve', 'denied'],
      ['auth.createPairingCode', 'ok'],
    ]);
    // Devices by the name the trader gave them, the id on hover.
    expect(rows[0]?.querySelector('.audit-actor')?.textContent).toBe('Phone');
    expect(rows[0]?.querySelector('.audit-actor')?.getAttribute('title')).toBe('dev-phone');
    expect(rows[1]?.querySelector('.audit-actor')?.textContent).toBe('token');
  });
});
