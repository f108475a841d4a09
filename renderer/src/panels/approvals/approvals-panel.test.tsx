// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makeMode, makePolicy, makeProposal } from '../trading/trading-fixtures';
import { ApprovalsPanel } from './approvals-panel';

const NOW = 1_100_000;

describe('ApprovalsPanel', () => {
  let view: ReturnType<typeof renderWithEngine>;
  let host: HTMLDivElement;
  let transport: ReturnType<typeof renderWithEngine>['transport'];

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    view = renderWithEngine(<ApprovalsPanel />);
    host = view.host;
    transport = view.transport;
  });
  afterEach(() => {
    view.unmount();
    vi.useRealTimers();
  });

  const answer = (results: Record<string, unknown>) => view.answer(results);
  const fail = (method: string, message: string) => view.fail(method, message, 'RiskLimitError');
  const callsOf = (method: string) => view.callsOf(method);
  const press = (key: string, extra: KeyboardEventInit = {}) => {
    const queue = host.querySelector('[data-testid="approval-queue"]') as HTMLElement;
    act(() => queue.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...extra })));
  };
  const cards = () => [...host.querySelectorAll('[data-testid="proposal"]')];
  const loaded = () =>
    answer({
      'approvals.list': [makeProposal({ id: 'p1', expiresAt: NOW + 245_000 }), makeProposal({ id: 'p2', side: 'sell', symbol: 'ETHUSDT', expiresAt: NOW + 20_000, stop: '41000.00', target: '39000.00', liquidationPrice: '52000.00', leverage: 3 })],
      'trading.mode': makeMode(),
      'approvals.policies': [makePolicy()],
    });

  it('shows the queue soonest-to-expire first, with live countdowns and the risk preview of the selected proposal', async () => {
    await loaded();
    expect(cards().map((c) => c.getAttribute('data-proposal-id'))).toEqual(['p2', 'p1']);
    expect(cards()[0]!.getAttribute('data-selected')).toBe('true');
    const countdowns = () => [...host.querySelectorAll('[data-testid="countdown"]')].map((c) => c.textContent);
    expect(countdowns()).toEqual(['0:20', '4:05']);
    expect(host.querySelector('[data-testid="countdown"]')!.className).toContain('countdown-soon');
    const preview = host.querySelector('[data-testid="risk-preview"]')!;
    expect(preview.textContent).toContain('40,000.00');
    expect(preview.textContent).toContain('0.25');
    expect(preview.textContent).toContain('131.00');
    expect(preview.textContent).toContain('1.31 % of equity');
    expect(preview.textContent).toContain('3×');
    expect(preview.textContent).toContain('liq 52,000.00');
    expect(host.textContent).toContain('net exchange outflow 1,250 BTC in 24 h');
    expect(host.textContent).toContain('SMA 10 crossed above SMA 30');
    expect(host.querySelector('[data-testid="queue-count"]')!.textContent).toBe('2');

    act(() => vi.advanceTimersByTime(5_000));
    expect(countdowns()).toEqual(['0:15', '4:00']);
  });

  it('approves with A, holds the buttons until the engine answers, and moves to the next proposal with feedback', async () => {
    await loaded();
    press('a');
    expect(callsOf('approvals.approve').map((c) => c.params)).toEqual([{ id: 'p2' }]);
    expect((host.querySelector('[data-testid="approve"]') as HTMLButtonElement).disabled).toBe(true);
    // A second press while the first is on its way sends nothing.
    press('Enter');
    expect(callsOf('approvals.approve')).toHaveLength(1);
    await answer({ 'approvals.approve': makeProposal({ id: 'p2', side: 'sell', symbol: 'ETHUSDT', status: 'submitted', decidedBy: { kind: 'trader', via: 'ui' } }) });
    expect(cards().map((c) => c.getAttribute('data-proposal-id'))).toEqual(['p1']);
    expect(cards()[0]!.getAttribute('data-selected')).toBe('true');
    expect(host.querySelector('[data-testid="decision-feedback"]')!.textContent).toContain('Approved: SELL 0.25 ETHUSDT sent');
    act(() => vi.advanceTimersByTime(7_000));
    expect(host.querySelector('[data-testid="decision-feedback"]')).toBeNull();
  });

  it('rejects with R or Escape, moves with J / K, and ignores held keys and keys with modifiers', async () => {
    await loaded();
    press('j');
    expect(cards()[1]!.getAttribute('data-selected')).toBe('true');
    press('a', { repeat: true });
    press('a', { ctrlKey: true });
    expect(callsOf('approvals.approve')).toHaveLength(0);
    press('Escape');
    expect(callsOf('approvals.reject').map((c) => c.params)).toEqual([{ id: 'p1' }]);
    press('k');
    press('r');
    expect(callsOf('approvals.reject').map((c) => c.params)).toEqual([{ id: 'p1' }, { id: 'p2' }]);
  });

  it('rejects with a reason for the audit on Shift+R; Escape in the reason goes back without rejecting', async () => {
    await loaded();
    press('R', { shiftKey: true });
    expect(callsOf('approvals.reject')).toHaveLength(0);
    const reason = host.querySelector('[data-testid="reject-reason"]') as HTMLInputElement;
    expect(document.activeElement).toBe(reason);
    act(() => reason.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(host.querySelector('[data-testid="reject-form"]')).toBeNull();
    expect(callsOf('approvals.reject')).toHaveLength(0);
    press('R', { shiftKey: true });
    view.type('[data-testid="reject-reason"]', ' against the 4h trend ');
    act(() => (host.querySelector('[data-testid="reject-with-reason"]') as HTMLButtonElement).click());
    expect(callsOf('approvals.reject').map((c) => c.params)).toEqual([{ id: 'p2', reason: 'against the 4h trend' }]);
  });

  it('shows the engine refusing a decision on the proposal, which stays in the queue', async () => {
    await loaded();
    act(() => (host.querySelector('[data-testid="approve"]') as HTMLButtonElement).click());
    await fail('approvals.approve', 'order notional 12,000 is over the 5,000 limit');
    expect(cards()).toHaveLength(2);
    expect(host.querySelector('[data-testid="decision-error"]')!.textContent).toContain('over the 5,000 limit');
    expect((host.querySelector('[data-testid="approve"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('modifies with M: validates, sends only the changes, and shows the new preview', async () => {
    await loaded();
    press('m');
    const form = host.querySelector('[data-testid="modify-form"]')!;
    expect(form).not.toBeNull();
    const type = (name: string, value: string) => view.type(`[data-testid="modify-${name}"]`, value);
    // p2 is a short: its stop must stay above the entry.
    type('stop', '39000');
    act(() => (host.querySelector('[data-testid="modify-save"]') as HTMLButtonElement).click());
    expect(host.textContent).toContain('Stop must be above the entry for a short');
    expect(callsOf('approvals.modify')).toHaveLength(0);
    type('stop', '40800');
    type('quantity', '0.1');
    act(() => (host.querySelector('[data-testid="modify-save"]') as HTMLButtonElement).click());
    expect(callsOf('approvals.modify').map((c) => c.params)).toEqual([{ id: 'p2', quantity: '0.1', stop: '40800' }]);
    await answer({ 'approvals.modify': makeProposal({ id: 'p2', side: 'sell', symbol: 'ETHUSDT', expiresAt: NOW + 20_000, quantity: '0.100', stop: '40800.00', riskMoney: '84.00000000', riskFraction: 0.0084 }) });
    expect(host.querySelector('[data-testid="modify-form"]')).toBeNull();
    expect(host.querySelector('[data-testid="preview-risk"]')!.textContent).toContain('84.00');
    // The keyboard is back on the queue: A now approves the modified proposal.
    expect(document.activeElement).toBe(host.querySelector('[data-testid="approval-queue"]'));
    press('m');
    const size = host.querySelector('[data-testid="modify-quantity"]')!;
    act(() => size.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(host.querySelector('[data-testid="modify-form"]')).toBeNull();
    expect(callsOf('approvals.reject')).toHaveLength(0);
  });

  it('takes the keyboard to the queue with Q from anywhere outside a field', async () => {
    await loaded();
    const queue = host.querySelector('[data-testid="approval-queue"]');
    act(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'q', bubbles: true })));
    expect(document.activeElement).toBe(queue);
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    act(() => field.dispatchEvent(new KeyboardEvent('keydown', { key: 'q', bubbles: true })));
    expect(document.activeElement).toBe(field);
    field.remove();
  });

  it('never approves a proposal whose time has run out, by key or by button, and marks live ones', async () => {
    await answer({ 'approvals.list': [makeProposal({ id: 'old', expiresAt: NOW + 1_000, mode: 'live' })] });
    expect(host.querySelector('.live-tag')?.textContent).toBe('LIVE');
    act(() => vi.advanceTimersByTime(1_500));
    expect(host.querySelector('[data-testid="countdown"]')!.textContent).toBe('expired');
    expect((host.querySelector('[data-testid="approve"]') as HTMLButtonElement).disabled).toBe(true);
    press('a');
    expect(callsOf('approvals.approve')).toHaveLength(0);
    // Rejecting it is still allowed.
    press('r');
    expect(callsOf('approvals.reject')).toHaveLength(1);
  });

  it('shows where price is now against the entry, from the bars the window receives', async () => {
    await loaded();
    expect(host.querySelector('[data-testid="price-now"]')).toBeNull();
    const bar = (seq: number, symbol: string, close: number) =>
      view.event('data.candle', seq, { venue: 'sim', symbol, timeframe: '1m', closed: false, receivedAt: NOW, candle: { openTime: NOW, open: close, high: close, low: close, close, volume: 1 } });
    bar(1, 'BTCUSDT', 41_000);
    expect(host.querySelector('[data-testid="price-now"]')).toBeNull();
    bar(2, 'ETHUSDT', 40_100);
    expect(host.querySelector('[data-testid="price-now"]')!.textContent).toContain('40,100.00');
    expect(host.querySelector('[data-testid="price-now"]')!.textContent).toContain('+0.25 % from entry');
  });

  it('snoozes with S for five minutes', async () => {
    await loaded();
    expect((host.querySelector('[data-testid="snooze"]') as HTMLButtonElement).title).toBe('Hide for 5 min (S)');
    press('s');
    expect(callsOf('approvals.snooze').map((c) => c.params)).toEqual([{ id: 'p2', minutes: 5 }]);
  });

  it('snoozes for the length the trader picks, by key and by button, and offers only lengths the engine takes', async () => {
    await loaded();
    const length = () => host.querySelector('[data-testid="snooze-minutes"]') as HTMLSelectElement;
    expect([...length().options].map((o) => [o.value, o.textContent])).toEqual([
      ['5', '5 min'],
      ['15', '15 min'],
      ['60', '1 h'],
      ['240', '4 h'],
    ]);
    act(() => {
      length().value = '60';
      length().dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect((host.querySelector('[data-testid="snooze"]') as HTMLButtonElement).title).toBe('Hide for 1 h (S)');
    press('s');
    expect(callsOf('approvals.snooze').map((c) => c.params)).toEqual([{ id: 'p2', minutes: 60 }]);
    await answer({ 'approvals.snooze': makeProposal({ id: 'p2', side: 'sell', symbol: 'ETHUSDT', status: 'snoozed', snoozedUntil: NOW + 3_600_000, expiresAt: NOW + 3_620_000 }) });
    // The choice stays for the next proposal, whose Snooze button uses it too.
    act(() => (host.querySelector('[data-proposal-id="p1"]') as HTMLElement).click());
    expect(length().value).toBe('60');
    act(() => {
      length().value = '15';
      length().dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => (host.querySelector('[data-testid="snooze"]') as HTMLButtonElement).click());
    expect(callsOf('approvals.snooze').map((c) => c.params)).toEqual([
      { id: 'p2', minutes: 60 },
      { id: 'p1', minutes: 15 },
    ]);
  });

  it('adds a proposal from the stream without a reload, and drops one decided elsewhere', async () => {
    await loaded();
    act(() => transport.deliver({ type: 'event', stream: 'approvals.proposal', seq: 1, payload: makeProposal({ id: 'p3', expiresAt: NOW + 100_000 }) }));
    expect(cards().map((c) => c.getAttribute('data-proposal-id'))).toEqual(['p2', 'p3', 'p1']);
    act(() => transport.deliver({ type: 'event', stream: 'approvals.proposal', seq: 2, payload: makeProposal({ id: 'p1', status: 'expired', reason: 'price left the bound' }) }));
    expect(cards()).toHaveLength(2);
    expect(host.querySelector('[data-testid="decision-feedback"]')!.textContent).toContain('Expired: BUY 0.25 BTCUSDT — price left the bound');
  });

  it('sets a strategy policy and its automation from the policies view', async () => {
    await loaded();
    act(() => (host.querySelector('[data-testid="approvals-view-policies"]') as HTMLButtonElement).click());
    await answer({ 'strategy.list': { strategies: [{ name: 'sma-cross', description: '', origin: 'builtin', parameters: [] }, { name: 'breakout', description: '', origin: 'builtin', parameters: [] }], userFolder: { folder: null, loaded: [], errors: [] } } });
    const rows = [...host.querySelectorAll('[data-testid="policy-row"]')];
    expect(rows.map((r) => r.getAttribute('data-strategy'))).toEqual(['breakout', 'sma-cross']);
    const picker = rows[1]!.querySelector('select') as HTMLSelectElement;
    act(() => {
      picker.value = 'auto-paper-only';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(callsOf('approvals.setPolicy').map((c) => c.params)).toEqual([{ strategy: 'sma-cross', policy: { kind: 'auto-paper-only' } }]);
    act(() => (rows[0]!.querySelector('[data-testid="automation-toggle"]') as HTMLInputElement).click());
    expect(callsOf('trading.setAutomation').map((c) => c.params)).toEqual([{ strategy: 'breakout', enabled: true }]);
  });

  it('lists the audit of decisions with who decided', async () => {
    await loaded();
    act(() => (host.querySelector('[data-testid="approvals-view-audit"]') as HTMLButtonElement).click());
    await answer({
      'approvals.audit': [
        { id: 2, at: NOW, action: 'approved', actor: { kind: 'policy', policy: 'auto-within-limits' }, proposalId: 'p9', strategy: 'sma-cross', detail: 'BUY 0.1 BTCUSDT within limits' },
        { id: 1, at: NOW - 1_000, action: 'rejected', actor: { kind: 'trader', via: 'ui' }, proposalId: 'p8', detail: 'SELL 1 ETHUSDT' },
      ],
    });
    const entries = [...host.querySelectorAll('[data-testid="audit-entry"]')];
    expect(entries.map((e) => e.getAttribute('data-action'))).toEqual(['approved', 'rejected']);
    expect(entries[0]!.textContent).toContain('policy auto-within-limits');
    expect(entries[1]!.textContent).toContain('you');
  });
});
