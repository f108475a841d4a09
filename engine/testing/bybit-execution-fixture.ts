import { BybitExecutionClient, type BybitExecutionOptions } from '../adapters/bybit/bybit-execution-client';
import type { Fill, Order, OrderRequest } from '../model/order';
import type { Balance, Position } from '../model/order';
import { BybitEmulator, type BybitEmulatorConfig } from './bybit-emulator/bybit-emulator';
import { candlesFromCloses } from './hand-built-candles';

export const TEST_KEY = 'engine-key';
export const TEST_SECRET = 'engine-secret';
export const FIXTURE_START = Date.UTC(2025, 0, 6, 12, 0);
export const BTC = 'BTC/USDT:USDT';

/**
 * A Bybit emulator whose BTCUSDT perpetual follows a hand-drawn path (flat at 60,000 for three minutes,
 * down to 58,000, back up to 62,000), and a BybitExecutionClient pointed at it with real keys.
 */
export async function startBybitFixture(
  options: { closes?: readonly number[]; emulator?: BybitEmulatorConfig; client?: Partial<BybitExecutionOptions> } = {},
): Promise<{ emulator: BybitEmulator; client: BybitExecutionClient; stop: () => Promise<void> }> {
  const closes = options.closes ?? [60_000, 60_000, 60_000, 59_000, 58_000, 61_000, 62_000, 62_000, 62_000, 62_000];
  const emulator = await BybitEmulator.start({
    now: FIXTURE_START,
    apiKeys: { [TEST_KEY]: TEST_SECRET },
    balances: { USDT: 100_000 },
    tradesPerMinute: 60,
    replays: [{ category: 'linear', symbol: 'BTCUSDT', candles: candlesFromCloses(closes, { start: FIXTURE_START, wick: 50, volume: 600 }) }],
    ...options.emulator,
  });
  const client = await BybitExecutionClient.create({
    credentials: { apiKey: TEST_KEY, secret: TEST_SECRET },
    endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl },
    rateLimit: false,
    timeoutMs: 600,
    ...options.client,
  });
  return {
    emulator,
    client,
    stop: async () => {
      await client.close();
      await emulator.stop();
    },
  };
}

let sequence = 0;

/** An engine order request with defaults; the client order id is unique per call. */
export function orderRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    clientOrderId: `t-${process.pid}-${sequence}`,
    venue: 'bybit',
    symbol: BTC,
    side: 'buy',
    type: 'limit',
    quantity: 10n,
    price: 500_000n,
    timeInForce: 'GTC',
    reduceOnly: false,
    createdAt: Date.now(),
    ...overrides,
  };
}

/** Everything a subscriber received from the private stream. */
export type Recorded = { orders: Order[]; fills: Fill[]; positions: Position[]; balances: Balance[]; reconnects: number };

export function recordEvents(client: BybitExecutionClient): { recorded: Recorded; stop: () => void } {
  const recorded: Recorded = { orders: [], fills: [], positions: [], balances: [], reconnects: 0 };
  const stop = client.subscribe({
    onOrder: (order) => recorded.orders.push(order),
    onFill: (fill) => recorded.fills.push(fill),
    onPosition: (position) => recorded.positions.push(position),
    onBalance: (balance) => recorded.balances.push(balance),
    onReconnect: () => (recorded.reconnects += 1),
  });
  return { recorded, stop };
}
