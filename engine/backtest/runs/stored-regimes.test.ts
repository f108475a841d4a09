import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../../core/clock';
import { MessageBus } from '../../core/message-bus';
import { toColumns, type SeriesKey } from '../../model/candle';
import type { RegimeState } from '../../model/regime';
import { HmmRegimeTracker } from '../../regime/hmm-regime-tracker';
import { fitRegimeModel } from '../../regime/regime-fit';
import { RegimeRepository } from '../../regime/regime-repository';
import { openDatabase } from '../../store/database';
import { CandleRepository } from '../../store/repositories/candle-repository';
import { InstrumentRepository } from '../../store/repositories/instrument-repository';
import { BUILTIN_STRATEGIES } from '../../strategy/strategies/builtin-strategies';
import { StrategyRegistry } from '../../strategy/strategy-registry';
import { generateRegimeCandles } from '../../testing/regime-candles';
import { tempDir } from '../../testing/temp-dir';
import { backtestConfigSchema } from '../backtest-config';
import { BacktestService } from '../backtest-service';
import { BacktestStore } from '../backtest-store';
import { storedRegimesAt } from './stored-regimes';

const series: SeriesKey = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const HOUR = 3_600_000;

describe('stored regime states, as the engine knew them', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ReturnType<typeof openDatabase>;
  const candles = generateRegimeCandles(2_000, { seed: 4 }).candles;

  beforeEach(async () => {
    dir = tempDir();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    new CandleRepository(db).upsertMany(series, candles, 0);
    // A model fitted on the first 1,000 bars, then followed live over the rest: each state stored at its bar's close,
    // except every tenth, which arrived an hour late (after a restart, say).
    const model = await fitRegimeModel({ key: series, candles: toColumns(candles.slice(0, 1_000)), states: 3, id: 'm1', version: 1, now: () => 0, seed: 1 });
    const repository = new RegimeRepository(db);
    repository.insertModel(model);
    const tracker = new HmmRegimeTracker(model, () => 0);
    const states: RegimeState[] = [];
    candles.forEach((c, i) => {
      const state = tracker.update(c);
      if (state && i >= 1_000) states.push({ ...state, receivedAt: c.openTime + HOUR + (i % 10 === 0 ? HOUR : 0) });
    });
    repository.insertStates(states);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('takes each bar’s state only if it was received by the bar’s close', () => {
    const at = storedRegimesAt(db, series, toColumns(candles));
    expect(at.slice(0, 1_000).every((s) => s === undefined)).toBe(true);
    for (let i = 1_000; i < 2_000; i++) {
      if (i % 10 === 0) expect(at[i]).toBeUndefined();
      else expect(at[i]).toMatchObject({ time: candles[i]!.openTime, modelId: 'm1' });
    }
    expect(at[1_001]!.labels).toHaveLength(3);
  });

  it('a backtest with stored regimes breaks its result down by them, and says so when there are none', async () => {
    const service = new BacktestService({
      candles: new CandleRepository(db),
      instruments: new InstrumentRepository(db),
      strategies: new StrategyRegistry(BUILTIN_STRATEGIES),
      store: new BacktestStore(db),
      storedRegimes: (s, columns) => storedRegimesAt(db, s, columns),
      bus: new MessageBus(),
      clock: new LiveClock(),
      log: () => undefined,
    });
    const job = service.run(backtestConfigSchema.parse({ strategy: 'sma-cross', params: { fast: 5, slow: 20 }, ...series, from: candles[1_000]!.openTime, regime: { mode: 'stored' } }));
    expect((await service.jobs.settled(job.jobId)).state).toBe('done');
    const result = service.get(job.jobId);
    const none = result.byRegime.find((r) => r.regime === 'none');
    expect(none?.bars).toBe(100); // the late tenth
    expect(result.byRegime.reduce((n, r) => n + r.bars, 0)).toBe(1_000);
    const early = service.run(backtestConfigSchema.parse({ strategy: 'sma-cross', ...series, to: candles[900]!.openTime, regime: { mode: 'stored' } }));
    const end = await service.jobs.settled(early.jobId);
    expect(end.state).toBe('failed');
    expect(end.message).toMatch(/no stored regime states for binance BTC\/USDT 1h/);
  });
});
