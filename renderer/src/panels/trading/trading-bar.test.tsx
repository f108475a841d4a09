// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithEngine } from './panel-test-harness';
import { TradingBar } from './trading-bar';
import { makeMode, makeProposal, makeRisk } from './trading-fixtures';

describe('TradingBar', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  it('shows PAPER or LIVE, the waiting count in the bar and the title, and a risk state other than ACTIVE', async () => {
    view = renderWithEngine(<TradingBar />);
    await view.answer({ 'trading.mode': makeMode(), 'risk.get': makeRisk(), 'approvals.list': [makeProposal({ id: 'a' }), makeProposal({ id: 'b' })] });
    const badge = view.host.querySelector('[data-testid="mode-badge"]')!;
    expect(badge.textContent).toBe('PAPER');
    expect(view.host.querySelector('[data-testid="waiting-chip"]')!.textContent).toBe('2 to approve');
    expect(document.title).toBe('(2) Stratus');
    expect(view.host.querySelector('[data-testid="risk-chip"]')).toBeNull();

    view.event('trading.mode', 1, makeMode({ mode: 'live', venue: 'bybit' }));
    expect(badge.textContent).toBe('LIVE');
    expect(badge.className).toContain('mode-badge-live');
    view.event('risk.state', 1, makeRisk({ state: 'REDUCE_ONLY' }));
    expect(view.host.querySelector('[data-testid="risk-chip"]')!.textContent).toBe('REDUCE ONLY');
    view.event('approvals.proposal', 1, makeProposal({ id: 'a', status: 'rejected' }));
    view.event('approvals.proposal', 2, makeProposal({ id: 'b', status: 'expired' }));
    expect(view.host.querySelector('[data-testid="waiting-chip"]')).toBeNull();
    expect(document.title).toBe('Stratus');
  });

  it('halts with Ctrl+Shift+K from anywhere, once per press', async () => {
    view = renderWithEngine(<TradingBar />);
    await view.answer({ 'trading.mode': makeMode(), 'risk.get': makeRisk() });
    act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true })));
    act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', ctrlKey: true, shiftKey: true, repeat: true })));
    act(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true })));
    expect(view.callsOf('risk.kill').map((c) => c.params)).toEqual([{ reason: 'kill switch shortcut in the window' }]);
    await view.answer({ 'risk.kill': makeRisk({ state: 'HALTED' }) });
    expect(view.host.querySelector('[data-testid="risk-chip"]')!.textContent).toBe('HALTED');
    expect(view.host.querySelector('[data-testid="resume"]')).not.toBeNull();
  });
});
