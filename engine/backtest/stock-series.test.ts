import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../core/clock';
import { MessageBus } from '../core/message-bus';
import { importCandleCsv } from '../data/import-candles';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { BUILTIN_STRATEGIES } from '../strategy/strategies/builtin-strategies';
import { StrategyRegistry } from '../strategy/strategy-registry';
import { tempDir } from '../testing/temp-dir';
import { backtestConfigSchema } from './backtest-config';
import { BacktestService } from './backtest-service';
import { BacktestStore } from './backtest-store';

const GOOG = fileURLToPath(new URL('../../../shared/data/reference/GOOG.csv', import.meta.url));
const shared = existsSync(GOOG);
if (!shared) console.warn('skipping the daily stock backtest: ../shared/data is not present');

describe.skipIf(!shared)('a daily stock series in whole shares (GOOG 2004–2013, needs ../shared/data)', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ReturnType<typeof openDatabase>;
  const key = { venue: 'nasdaq', symbol: 'GOOG', timeframe: '1d' } as const;

  beforeAll(async () => {
    dir = tempDir();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    const report = await importCandleCsv(db, new CandleRepository(db), GOOG, key);
    expect(report.imported).toBe(2_148);
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  it('buys whole shares with all the equity and annualises on 252 trading days', async () => {
    const service = new BacktestService({
      candles: new CandleRepository(db),
      instruments: new InstrumentRepository(db),
      strategies: new StrategyRegistry(BUILTIN_STRATEGIES),
      store: new BacktestStore(db),
      bus: new MessageBus(),
      clock: new LiveClock(),
      log: () => undefined,
    });
    const job = service.run(
      backtestConfigSchema.parse({
        strategy: 'sma-cross',
        params: { fast: 10, slow: 30 },
        ...key,
        initialEquity: 10_000,
        fees: { makerBps: 0, takerBps: 0 },
        slippage: { mode: 'none' },
        sizing: { mode: 'all-equity' },
        instrument: { kind: 'stock', lotStep: 1, tickSize: 0.01 },
      }),
    );
    expect((await service.jobs.settled(job.jobId)).state).toBe('done');
    const r = service.get(job.jobId);
    expect(r.metrics.trades).toBeGreaterThan(20);
    for (const t of r.trades) {
      expect(Number.isInteger(t.quantity)).toBe(true);
      expect(t.quantity).toBeGreaterThan(0);
    }
    // The first entry spends all 10,000 in whole shares at the signal's close (less than a share left over), and
    // fills at the next open, which is within a few percent of that close.
    const first = r.trades[0]!;
    expect(first.quantity * first.entryPrice).toBeGreaterThan(0.95 * (10_000 - first.entryPrice));
    expect(first.quantity * first.entryPrice).toBeLessThan(1.05 * 10_000);
    // 2,148 bars over 252 trading days a year: CAGR from the total return over 2148 / 252 years.
    const years = 2_148 / 252;
    expect(r.metrics.cagr).toBeCloseTo(Math.pow(1 + r.metrics.totalReturn, 1 / years) - 1, 10);
    expect(r.metrics.buyAndHoldReturn).toBeCloseTo(806.19 / 100 - 1, 2);
  });
});
