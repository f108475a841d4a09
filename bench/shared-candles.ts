import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCandleCsv } from '../engine/data/csv-candles';
import type { Candle } from '../engine/model/candle';
import { generateCandles } from '../engine/testing/candles';
import { SHARED_DATA, fmt } from './stats';

/** The 1-minute BTC/USDT file most benchmarks run on. */
export const MINUTE_FILE = 'binance_BTCUSDT_1m_2025-05-20_2025-08-18.csv';

/**
 * A candle file of ../shared/data/candles, or, where ../shared is absent, a seeded walk of the same
 * length and bar size, so every benchmark still runs; `shared` says which, `source` names it for reports.
 */
export function loadSharedCandles(name: string, fallbackCount: number, stepMs: number): { candles: Candle[]; source: string; shared: boolean } {
  const path = fileURLToPath(new URL(`candles/${name}`, SHARED_DATA));
  if (!existsSync(path)) {
    return { candles: generateCandles(fallbackCount, { stepMs }), source: `a seeded random walk of ${fmt(fallbackCount)} bars (../shared absent)`, shared: false };
  }
  return { candles: parseCandleCsv(readFileSync(path, 'utf8')).candles, source: `${name} (../shared/data)`, shared: true };
}
