import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BTC_PERP } from '../adapters/sim/test-instruments';
import { startServe, type RunningServe, type ServeConfig } from '../hosts/serve';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { WsTestClient } from './ws-test-client';

export const SERVE_TOKEN = 'test-token-0123456789abcdef';

/** Bybit's BTCUSDT perpetual, as the trading tests store it so proposals can be sized. */
export const BYBIT_BTC_PERP = { ...BTC_PERP, venue: 'bybit' } as const;

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
