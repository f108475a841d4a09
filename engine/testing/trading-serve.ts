import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BTC_PERP } from '../adapters/sim/test-instruments';
import type { Candle } from '../model/candle';
import { startServe, type RunningServe, type ServeConfig } from '../hosts/serve';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { WsTestClient } from './ws-test-client';

export const SERVE_TOKEN = 'test-token-0123456789abcdef';

/** Bybit's BTCUSDT perpetual, as the trading tests store it so proposals can be sized. */
export const BYBIT_BTC_PERP = { ...BTC_PERP, venue: 'bybit' } as const;

/** A user strategy that goes long once a close rises above the one before (stop 25 % below): one proposal from two bars. */
export const UP_ONCE_STRATEGY = {
  name: 'up-once',
  source: `
export const strategy = {
  name: 'up-once', apiVersion: 1, description: 'long after an up-close', parameters: [], warmUp: () => 1,
  create: () => ({
    onCandle: ({ candle, history }) => {
      const prev = history.at(1);
      if (prev && candle.close > prev.close) return { direction: 'long', strength: 0.9, stop: candle.close * 0.75, rationale: 'close rose' };
    },
  }),
};
`,
} as const;

const T0 = Date.UTC(2026, 0, 5);

/** The i-th one-minute bar from 2026-01-05 00:00 UTC, flat at `close`. */
export function flatMinuteBar(i: number, close: number): Candle {
  return { openTime: T0 + i * 60_000, open: close, high: close, low: close, close, volume: 10 };
}

export type TradingServe = { readonly serve: RunningServe; readonly client: WsTestClient };

/**
 * `stratus serve` on a fresh database in `dir` with one user strategy (`<name>.mjs` holding `source`),
 * Bybit's BTCUSDT perpetual stored, and a client connected over the WebSocket API.
 */
export async function startTradingServe(dir: string, strategy: { readonly name: string; readonly source: string }, config: Partial<ServeConfig> = {}): Promise<TradingServe> {
  const strategies = join(dir, 'strategies');
  mkdirSync(strategies);
  writeFileSync(join(strategies, `${strategy.name}.mjs`), strategy.source);
  const serve = await startServe({ databasePath: join(dir, 'stratus.db'), port: 0, token: SERVE_TOKEN, staticDir: null, strategiesDir: strategies, ...config });
  new InstrumentRepository(serve.engine.db).upsertMany([BYBIT_BTC_PERP]);
  const client = await WsTestClient.connect(serve.apiUrl, SERVE_TOKEN);
  return { serve, client };
}
