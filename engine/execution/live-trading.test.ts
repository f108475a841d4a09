import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BybitEmulator } from '../testing/bybit-emulator/bybit-emulator';
import { eventually } from '../testing/eventually';
import { flatMinuteBar } from '../testing/trading-serve';
import { startLiveTradingServe, type LiveTradingServe } from '../testing/live-trading-serve';
import type { WsTestClient } from '../testing/ws-test-client';
import { LIVE_CONFIRMATION, type FillView, type ProposalView } from './execution-views';

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const bar = flatMinuteBar;

/** Live trading end to end: opt-in with the phrase, then the same approval path to the Bybit emulator over HTTP and WebSocket. */
describe('live mode against the Bybit emulator', () => {
  let live: LiveTradingServe;
  let client: WsTestClient;
  let emulator: BybitEmulator;

  beforeEach(async () => {
    live = await startLiveTradingServe();
    ({ client, emulator } = live);
  });
  afterEach(() => live.close());

  it('opts in with the phrase, approves a proposal, and the emulator has the order once, filled; the fill and position come back', async () => {
    expect(await client.call('trading.mode', {})).toMatchObject({ mode: 'paper', liveAvailable: true });
    await expect(client.call('trading.setMode', { mode: 'live', confirm: 'yes' })).rejects.toMatchObject({ type: 'ValidationError' });
    const live = await client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION });
    expect(live).toMatchObject({ mode: 'live', venue: 'bybit' });
    client.subscribe({ 'orders.fill': null });
    await client.waitFor((m) => m.type === 'subscribed');

    await client.call('strategy.attach', { strategy: 'up-once', series, params: {} });
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 60_000), bar(1, 60_010)] });
    const proposal = await eventually(async () => {
      const [p] = await client.call('approvals.list', {});
      expect(p).toBeDefined();
      return p as ProposalView;
    });
    // Sized from the venue's wallet (100,000 USDT after reconciliation): 1 % over a 15,002.5 stop distance.
    expect(proposal).toMatchObject({ mode: 'live', quantity: '0.066', side: 'buy' });
    const approved = await client.call('approvals.approve', { id: proposal.id });
    expect(approved.status).toBe('submitted');
    expect(emulator.account.allOrders().filter((o) => o.orderLinkId === approved.clientOrderId)).toHaveLength(1);
    await eventually(() => expect(client.events.filter((e) => e.stream === 'orders.fill')).toHaveLength(1));
    const fill = client.events.find((e) => e.stream === 'orders.fill')!.payload as FillView;
    expect(fill).toMatchObject({ clientOrderId: approved.clientOrderId, venue: 'bybit', quantity: '0.066' });
    await eventually(async () => expect((await client.call('portfolio.get', {})).positions).toMatchObject([{ symbol: 'BTCUSDT', side: 'long', quantity: '0.066' }]));
    const [order] = await client.call('orders.list', {});
    expect(order).toMatchObject({ clientOrderId: approved.clientOrderId, venue: 'bybit', status: 'filled' });
    const audit = await client.call('approvals.audit', {});
    expect(audit.some((e) => e.action === 'mode-set' && e.detail === 'trading mode live (confirmed)')).toBe(true);
  });
});
