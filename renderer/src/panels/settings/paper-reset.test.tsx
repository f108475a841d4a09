// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makeMode, makeOrder, makePortfolio, makeProposal } from '../trading/trading-fixtures';
import { createTradingStore } from '../trading/trading-store';
import { parsePaperBalance } from './paper-reset-form';
import { SettingsDialog } from './settings-dialog';

beforeAll(() => {
  if (!('showModal' in HTMLDialogElement.prototype)) {
    Object.assign(HTMLDialogElement.prototype, {
      showModal(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
    });
  }
});

const RESET = {
  venue: 'sim',
  currency: 'USDT',
  at: 1_000_000,
  initialCash: '25000.00000000',
  previousInitialCash: '10000.00000000',
  previousEquity: '10125.00000000',
  previousRealizedPnl: '-6.00000000',
  positionsClosed: 1,
  ordersCancelled: 1,
  proposalsExpired: 1,
  archive: { resetId: 3, fills: 4, fundingPayments: 0, equityPoints: 12 },
  riskState: 'ACTIVE',
} as const;

describe('the paper reset in the settings', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  const paperStore = () => {
    const store = createTradingStore();
    store.getState().setMode(makeMode());
    store.getState().setPortfolio(makePortfolio());
    store.getState().setOrders([
      makeOrder({ venue: 'sim', status: 'open' }),
      makeOrder({ clientOrderId: 'done', venue: 'sim', status: 'filled' }),
      // The stop the paper venue attached to an entry.
      makeOrder({ clientOrderId: 'entry:sl', venue: 'sim', venueOrderId: 'sim-A1B2-7', status: 'open' }),
      // An order on the live exchange is not the paper account's.
      makeOrder({ clientOrderId: 'live-1', venue: 'bybit', venueOrderId: '1834-ab', status: 'open' }),
    ]);
    store.getState().setProposals([makeProposal()]);
    return store;
  };

  it('asks first, naming what goes, then resets with the typed balance and shows the answer', async () => {
    view = renderWithEngine(<SettingsDialog store={paperStore()} keys={null} onClose={() => undefined} />);
    view.type('[data-testid="paper-reset-balance"]', '25,000');
    view.click('[data-testid="paper-reset-open"]');
    const confirm = view.host.querySelector('[data-testid="paper-reset-confirm"]')!;
    expect(confirm.getAttribute('role')).toBe('alertdialog');
    expect(confirm.textContent).toContain('Reset the paper account to 25,000.00 USDT?');
    expect(confirm.textContent).toContain('1 open position (BTCUSDT), dropped without trading, with its open PnL of 131.00 USDT.');
    expect(confirm.textContent).toContain('2 resting orders, cancelled.');
    expect(confirm.textContent).toContain('1 waiting proposal, expired.');
    expect(confirm.textContent).toContain('The equity of 10,125.00 USDT, the realized PnL of -6.00 USDT');
    expect(view.callsOf('trading.resetPaper')).toEqual([]);

    view.click('[data-testid="paper-reset-confirm-button"]');
    expect(view.callsOf('trading.resetPaper').map((c) => c.params)).toEqual([{ balance: 25_000 }]);
    await view.answer({ 'trading.resetPaper': RESET });
    expect(view.host.querySelector('[data-testid="paper-reset-confirm"]')).toBeNull();
    expect(view.host.querySelector('[data-testid="paper-reset-result"]')!.textContent).toMatch(
      /Paper account reset to 25,000\.00 USDT \(was equity 10,125\.00\): 1 position\(s\) dropped, 1 order\(s\) cancelled, 1 proposal\(s\) expired; archived as reset #3\./,
    );
  });

  it('cancelling the confirmation sends nothing; an empty balance asks for the engine default; an engine refusal is shown', async () => {
    view = renderWithEngine(<SettingsDialog store={paperStore()} keys={null} onClose={() => undefined} />);
    view.click('[data-testid="paper-reset-open"]');
    expect(view.host.querySelector('[data-testid="paper-reset-confirm"]')!.textContent).toContain('the engine’s starting balance');
    view.click('[data-testid="paper-reset-cancel"]');
    expect(view.host.querySelector('[data-testid="paper-reset-confirm"]')).toBeNull();
    expect(view.callsOf('trading.resetPaper')).toEqual([]);

    view.click('[data-testid="paper-reset-open"]');
    view.click('[data-testid="paper-reset-confirm-button"]');
    expect(view.callsOf('trading.resetPaper').map((c) => c.params)).toEqual([{}]);
    await view.fail('trading.resetPaper', 'an order is on its way to the paper venue; reset once it has been answered');
    expect(view.host.querySelector('[data-testid="paper-reset-error"]')!.textContent).toContain('on its way');
  });

  it('keeps the button disabled while the balance is not an amount, and is not offered in live mode', () => {
    const store = paperStore();
    view = renderWithEngine(<SettingsDialog store={store} keys={null} onClose={() => undefined} />);
    view.type('[data-testid="paper-reset-balance"]', '12.345');
    expect((view.host.querySelector('[data-testid="paper-reset-open"]') as HTMLButtonElement).disabled).toBe(true);
    expect(view.host.querySelector('[data-testid="paper-reset-balance-error"]')!.textContent).toContain('two decimals');
    view.unmount();
    store.getState().setMode(makeMode({ mode: 'live', venue: 'bybit', liveAvailable: true }));
    view = renderWithEngine(<SettingsDialog store={store} keys={null} onClose={() => undefined} />);
    expect(view.host.querySelector('[data-testid="paper-reset"]')).toBeNull();
  });

  it('parses the balance as the engine bounds it', () => {
    expect(parsePaperBalance('')).toEqual({ ok: true, balance: undefined });
    expect(parsePaperBalance(' 1,000.5 ')).toEqual({ ok: true, balance: 1000.5 });
    expect(parsePaperBalance('0.5')).toMatchObject({ ok: false, error: expect.stringContaining('at least 1') });
    expect(parsePaperBalance('2000000000')).toMatchObject({ ok: false, error: expect.stringContaining('at most 1,000,000,000') });
    expect(parsePaperBalance('-5')).toMatchObject({ ok: false });
    expect(parsePaperBalance('lots')).toMatchObject({ ok: false });
  });
});
