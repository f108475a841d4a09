// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makeFill, makeOrder } from '../trading/trading-fixtures';
import { FillsPanel } from './fills-panel';
import { OrdersPanel } from './orders-panel';

describe('orders and fills blotter', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  it('colours each status, offers cancel only on working orders, and updates rows live', async () => {
    view = renderWithEngine(<OrdersPanel />);
    await view.answer({
      'orders.list': [
        makeOrder({ clientOrderId: 'o1', status: 'open', createdAt: 3 }),
        makeOrder({ clientOrderId: 'o2', status: 'filled', filledQuantity: '0.250', averagePrice: '40001.50', createdAt: 2 }),
        makeOrder({ clientOrderId: 'o3', status: 'rejected', reason: 'HALTED: the kill switch is on', createdAt: 1 }),
      ],
    });
    const rows = () => [...view.host.querySelectorAll('[data-testid="order-row"]')];
    expect(rows().map((r) => r.getAttribute('data-status'))).toEqual(['open', 'filled', 'rejected']);
    expect(rows()[0]!.querySelector('.order-status')!.className).toContain('status-working');
    expect(rows()[1]!.querySelector('.order-status')!.className).toContain('status-done');
    expect(rows()[1]!.textContent).toContain('40,001.50');
    expect(rows()[2]!.querySelector('.order-status')!.className).toContain('status-refused');
    expect(rows()[2]!.textContent).toContain('HALTED: the kill switch is on');
    expect(view.host.querySelectorAll('[data-testid="cancel-order"]')).toHaveLength(1);

    view.click('[data-testid="cancel-order"]');
    expect(view.callsOf('orders.cancel').map((c) => c.params)).toEqual([{ clientOrderId: 'o1' }]);
    expect((view.host.querySelector('[data-testid="cancel-order"]') as HTMLButtonElement).disabled).toBe(true);
    await view.answer({ 'orders.cancel': makeOrder({ clientOrderId: 'o1', status: 'cancelled', createdAt: 3 }) });
    expect(rows()[0]!.getAttribute('data-status')).toBe('cancelled');
    expect(view.host.querySelectorAll('[data-testid="cancel-order"]')).toHaveLength(0);

    view.event('orders.updated', 1, makeOrder({ clientOrderId: 'o4', status: 'partially-filled', filledQuantity: '0.100', createdAt: 4 }));
    expect(rows()[0]!.getAttribute('data-client-order-id')).toBe('o4');
    expect((rows()[0]!.querySelector('.fill-bar span') as HTMLElement).style.width).toBe('40%');

    view.click('[data-testid="orders-open-only"]');
    expect(rows().map((r) => r.getAttribute('data-client-order-id'))).toEqual(['o4']);
  });

  it('shows a refused cancel with the reason', async () => {
    view = renderWithEngine(<OrdersPanel />);
    await view.answer({ 'orders.list': [makeOrder({ clientOrderId: 'o1' })] });
    view.click('[data-testid="cancel-order"]');
    await view.fail('orders.cancel', 'order o1 is already filled');
    expect(view.host.querySelector('[role="alert"]')!.textContent).toContain('order o1 is already filled');
    expect((view.host.querySelector('[data-testid="cancel-order"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lists fills newest first and adds live ones once', async () => {
    view = renderWithEngine(<FillsPanel />);
    await view.answer({ 'orders.fills': [makeFill({ id: 'f1' })] });
    view.event('orders.fill', 1, makeFill({ id: 'f2', time: 2_000_000, price: '40100.00', fee: '-1.20000000', liquidity: 'maker' }));
    view.event('orders.fill', 2, makeFill({ id: 'f2', time: 2_000_000 }));
    const rows = [...view.host.querySelectorAll('[data-testid="fill-row"]')];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('40,100.00');
    expect(rows[0]!.textContent).toContain('maker');
  });
});
