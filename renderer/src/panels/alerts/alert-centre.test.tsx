// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApprovalsPanel } from '../approvals/approvals-panel';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makeMode, makePolicy, makeProposal } from '../trading/trading-fixtures';
import { makeAlert, makeTelegram } from './alert-fixtures';
import { AlertCentre } from './alert-centre';
import { TOAST_MS } from './alerts-store';

const NOW = 5_000_000;

describe('AlertCentre', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => {
    view.unmount();
    vi.useRealTimers();
  });

  const $ = (selector: string) => view.host.querySelector(selector);
  const items = () => [...view.host.querySelectorAll('[data-testid="alert-item"]')];
  const alerts = [
    makeAlert({ id: 'a1', at: NOW - 60_000, kind: 'whale', severity: 'warning', title: 'Whale: 2,500 ETH to Binance', symbol: 'ETH', channels: ['in-app'], suppressed: 'quiet-hours' }),
    makeAlert({ id: 'a2', at: NOW - 1_000, kind: 'kill-switch', severity: 'critical', title: 'Trading halted', body: 'kill switch from the window', symbol: null, channels: ['in-app', 'desktop', 'telegram'] }),
    makeAlert({ id: 'a0', at: NOW - 120_000, read: true, title: 'Filled BUY 0.25 BTCUSDT' }),
  ];
  const open = async () => {
    view = renderWithEngine(<AlertCentre />);
    await view.answer({ 'alerts.list': alerts, 'alerts.telegram': makeTelegram({ configured: true, enabled: true, state: 'running', botUsername: 'stratus_bot' }) });
  };

  it('shows the unread count on the bell and, when opened, the alerts newest first with what reached where', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    await open();
    expect($('[data-testid="alert-unread"]')!.textContent).toBe('2');
    expect($('[data-testid="alert-bell"]')!.getAttribute('aria-label')).toBe('Alerts: 2 unread');
    expect($('[data-testid="alert-centre"]')).toBeNull();
    view.click('[data-testid="alert-bell"]');
    expect($('[data-testid="alert-bell"]')!.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe($('[data-testid="alert-centre"]'));
    expect(items().map((i) => i.getAttribute('data-alert-id'))).toEqual(['a2', 'a1', 'a0']);
    const [halt, whale] = items();
    expect(halt!.getAttribute('data-severity')).toBe('critical');
    expect(halt!.textContent).toContain('Kill switch');
    expect(halt!.textContent).toContain('kill switch from the window');
    expect(halt!.querySelector('[data-testid="alert-delivery"]')!.textContent).toBe('Sent: In-app · Desktop · Telegram');
    expect(whale!.textContent).toContain('ETH');
    expect(whale!.querySelector('[data-testid="alert-suppressed"]')!.textContent).toBe('Push held back: quiet hours');
    expect(items()[2]!.querySelector('[data-testid="alert-mark-read"]')).toBeNull();
    expect($('[data-testid="alert-telegram-state"]')!.textContent).toBe('Telegram: running as @stratus_bot');

    view.click('[data-testid="alert-unread-only"]');
    expect(items().map((i) => i.getAttribute('data-alert-id'))).toEqual(['a2', 'a1']);
  });

  it('closes on Escape and gives the focus back to the bell; a click outside closes it too', async () => {
    await open();
    view.click('[data-testid="alert-bell"]');
    const centre = $('[data-testid="alert-centre"]')!;
    act(() => centre.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect($('[data-testid="alert-centre"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="alert-bell"]'));
    expect($('[data-testid="alert-bell"]')!.getAttribute('aria-expanded')).toBe('false');

    view.click('[data-testid="alert-bell"]');
    act(() => document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
    expect($('[data-testid="alert-centre"]')).toBeNull();

    // Marking an alert read removes its button; the list keeps the keyboard, and Esc still closes it from anywhere.
    view.click('[data-testid="alert-bell"]');
    view.click('[data-alert-id="a1"] [data-testid="alert-mark-read"]');
    expect(document.activeElement).toBe($('[data-testid="alert-centre"]'));
    act(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect($('[data-testid="alert-centre"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="alert-bell"]'));
  });

  it('marks one alert read, then all, and shows the engine’s count', async () => {
    await open();
    view.click('[data-testid="alert-bell"]');
    view.click('[data-alert-id="a1"] [data-testid="alert-mark-read"]');
    expect(view.callsOf('alerts.markRead').map((c) => c.params)).toEqual([{ ids: ['a1'] }]);
    expect($('[data-alert-id="a1"]')!.getAttribute('data-read')).toBe('true');
    expect($('[data-testid="alert-unread"]')!.textContent).toBe('1');
    await view.answer({ 'alerts.markRead': { unread: 1 } });
    view.click('[data-testid="alert-mark-all"]');
    expect(view.callsOf('alerts.markRead').at(-1)!.params).toEqual({ all: true });
    await view.answer({ 'alerts.markRead': { unread: 0 } });
    expect($('[data-testid="alert-unread"]')).toBeNull();
    expect(($('[data-testid="alert-mark-all"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the engine refuses to mark read or to list alerts', async () => {
    view = renderWithEngine(<AlertCentre />);
    await view.fail('alerts.list', 'alerts are not available in this engine yet', 'AlertsNotReadyError');
    view.click('[data-testid="alert-bell"]');
    expect($('[data-testid="alert-centre"] [role="alert"]')!.textContent).toBe('alerts are not available in this engine yet');
  });

  it('pops up a toast for a new critical alert, which leaves on its own or when dismissed', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    await open();
    // The loaded alerts are not news.
    expect(view.host.querySelectorAll('[data-testid="alert-toast"]')).toHaveLength(0);
    view.event('alerts.raised', 1, makeAlert({ id: 'n1', at: NOW, kind: 'system', severity: 'critical', title: 'Venue connection lost' }));
    view.event('alerts.raised', 2, makeAlert({ id: 'n2', at: NOW, kind: 'regime', severity: 'info', title: 'Regime: trend-up' }));
    view.event('alerts.raised', 3, makeAlert({ id: 'n3', at: NOW, kind: 'whale', severity: 'warning', title: 'Whale out of Binance' }));
    const toasts = () => [...view.host.querySelectorAll('[data-testid="alert-toast"]')].map((t) => t.getAttribute('data-alert-id'));
    expect(toasts()).toEqual(['n1', 'n3']);
    expect($('[data-alert-id="n1"][data-testid="alert-toast"]')!.getAttribute('role')).toBe('alert');
    expect($('[data-testid="alert-unread"]')!.textContent).toBe('5');
    act(() => vi.advanceTimersByTime(TOAST_MS.warning + 1));
    expect(toasts()).toEqual(['n1']);
    view.click('[data-alert-id="n1"] [data-testid="alert-toast-dismiss"]');
    expect(toasts()).toEqual([]);
  });

  it('brings a proposal’s alert to the Approvals panel: selected in the queue, or said to be decided', async () => {
    view = renderWithEngine(
      <>
        <AlertCentre />
        <ApprovalsPanel />
      </>,
    );
    await view.answer({
      'alerts.list': [
        makeAlert({ id: 'q', kind: 'proposal', proposalId: 'p2', title: 'Proposal: SELL ETHUSDT', at: 3 }),
        makeAlert({ id: 'old', kind: 'proposal', proposalId: 'p-gone', title: 'Proposal: BUY BTCUSDT', at: 2 }),
      ],
      'alerts.telegram': makeTelegram(),
      'approvals.list': [makeProposal({ id: 'p1', expiresAt: Date.now() + 20_000 }), makeProposal({ id: 'p2', side: 'sell', symbol: 'ETHUSDT', expiresAt: Date.now() + 200_000 })],
      'trading.mode': makeMode(),
      'approvals.policies': [makePolicy()],
    });
    const selected = () => $('[data-testid="proposal"][data-selected="true"]')!.getAttribute('data-proposal-id');
    expect(selected()).toBe('p1');
    view.click('[data-testid="approvals-view-audit"]');
    view.click('[data-testid="alert-bell"]');
    view.click('[data-alert-id="q"] [data-testid="alert-open-proposal"]');
    expect($('[data-testid="alert-centre"]')).toBeNull();
    expect(selected()).toBe('p2');
    expect(document.activeElement).toBe($('[data-testid="approval-queue"]'));
    expect(view.callsOf('alerts.markRead').map((c) => c.params)).toEqual([{ ids: ['q'] }]);

    view.click('[data-testid="alert-bell"]');
    view.click('[data-alert-id="old"] [data-testid="alert-open-proposal"]');
    expect($('[data-testid="proposal-gone"]')!.textContent).toContain('no longer waiting');
    expect(selected()).toBe('p2');
  });
});
