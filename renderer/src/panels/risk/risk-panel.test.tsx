// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PositionsPanel } from '../positions/positions-panel';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makePortfolio, makeRisk } from '../trading/trading-fixtures';
import { RiskPanel } from './risk-panel';

describe('risk panel and kill switch', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  it('shows the state, usage bars and VaR, halts in one click and resumes only after a confirmation', async () => {
    view = renderWithEngine(<RiskPanel />);
    await view.answer({ 'risk.get': makeRisk() });
    const state = () => view.host.querySelector('[data-testid="risk-state"]')!;
    expect(state().getAttribute('data-state')).toBe('ACTIVE');
    expect(view.host.querySelectorAll('[data-testid="usage-row"]')).toHaveLength(7);
    expect(view.host.querySelector('[data-testid="var"]')!.textContent).toContain('180.50');
    expect(view.host.querySelector('[data-testid="var"]')!.textContent).toContain('260.25');

    view.click('[data-testid="kill-switch"]');
    expect(view.callsOf('risk.kill')).toHaveLength(1);
    await view.answer({ 'risk.kill': makeRisk({ state: 'HALTED', reason: 'kill switch pressed in the window' }) });
    expect(state().getAttribute('data-state')).toBe('HALTED');
    expect(state().textContent).toContain('No new orders');

    view.click('[data-testid="resume"]');
    expect(view.callsOf('risk.resume')).toHaveLength(0);
    view.click('[data-testid="resume-confirm"]');
    expect(view.callsOf('risk.resume')).toHaveLength(1);
    await view.answer({ 'risk.resume': makeRisk() });
    expect(state().getAttribute('data-state')).toBe('ACTIVE');

    // The engine moving to REDUCE_ONLY by itself (drawdown) shows at once.
    view.event('risk.state', 1, makeRisk({ state: 'REDUCE_ONLY', reason: 'drawdown 10.4 % reached the reduce-only level' }));
    expect(state().getAttribute('data-state')).toBe('REDUCE_ONLY');
    expect(state().textContent).toContain('drawdown 10.4 %');
  });

  it('says why the kill switch did not take', async () => {
    view = renderWithEngine(<RiskPanel />);
    await view.answer({ 'risk.get': makeRisk() });
    view.click('[data-testid="kill-switch"]');
    await view.fail('risk.kill', 'Not connected to the engine', 'Disconnected');
    expect(view.host.querySelector('[role="alert"]')!.textContent).toContain('Not connected');
  });

  it('shows equity, signed PnL, open positions and exposure against the concentration limit', async () => {
    view = renderWithEngine(<PositionsPanel />);
    await view.answer({
      'portfolio.get': makePortfolio({
        exposure: [
          { venue: 'sim', symbol: 'BTCUSDT', notional: '10131.00000000', fraction: 0.99 },
          { venue: 'sim', symbol: 'ETHUSDT', notional: '-300.00000000', fraction: 0.03 },
        ],
      }),
      'risk.get': makeRisk(),
      'portfolio.equity': [
        { time: 1_000_000, equity: '10000.00000000', realizedPnl: '0', unrealizedPnl: '0' },
        { time: 1_060_000, equity: '10050.00000000', realizedPnl: '0', unrealizedPnl: '50' },
      ],
    });
    expect(view.host.querySelector('[data-testid="equity"]')!.textContent).toBe('10,125.00');
    // The curve: the recorded points and the equity now.
    expect(view.host.querySelector('[data-testid="equity-sparkline"]')!.getAttribute('data-points')).toBe('3');
    expect(view.host.querySelector('[data-testid="unrealized-pnl"]')!.textContent).toBe('+131.00');
    expect(view.host.querySelector('[data-testid="unrealized-pnl"]')!.className).toContain('pnl-positive');
    expect(view.host.querySelector('[data-testid="realized-pnl"]')!.textContent).toBe('−6.00');
    const position = view.host.querySelector('[data-testid="position-row"]')!;
    expect(position.getAttribute('data-side')).toBe('long');
    expect(position.textContent).toContain('40,524.00');
    const exposure = [...view.host.querySelectorAll('[data-testid="exposure-row"]')];
    expect(exposure.map((e) => e.getAttribute('data-over'))).toEqual(['true', 'false']);
    view.event('portfolio.updated', 1, makePortfolio({ equity: '9900.00000000', unrealizedPnl: '-94.00000000', positions: [], exposure: [] }));
    expect(view.host.querySelector('[data-testid="equity"]')!.textContent).toBe('9,900.00');
    expect(view.host.querySelector('[data-testid="unrealized-pnl"]')!.className).toContain('pnl-negative');
    expect(view.host.textContent).toContain('No open positions.');
  });
});
