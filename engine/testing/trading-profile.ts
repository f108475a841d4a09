import { join } from 'node:path';
import type { Clock } from '../core/clock';
import { createEngine, type Engine } from '../kernel/create-engine';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { tempDir } from './temp-dir';
import { BYBIT_BTC_PERP } from './trading-serve';

/**
 * A trading profile on a temporary file: each `start` is a new engine on it (a restart), knowing Bybit's
 * BTC perpetual so proposals can be sized and traded on paper. `close` stops every engine it started
 * (one already stopped, or crashed on purpose, is fine) and removes the folder.
 */
export function tradingProfile(clock: Clock, options: { readonly log?: (message: string, error?: unknown) => void } = {}) {
  const dir = tempDir();
  const path = join(dir.path, 'stratus.db');
  const engines: Engine[] = [];
  return {
    path,
    start: async (): Promise<Engine> => {
      const engine = createEngine({ databasePath: path, host: 'desktop', clock, strategiesDir: null, resumeWatchlist: false, ...(options.log ? { log: options.log } : {}) });
      engines.push(engine);
      await engine.kernel.start();
      new InstrumentRepository(engine.db).upsertMany([BYBIT_BTC_PERP]);
      return engine;
    },
    close: async (): Promise<void> => {
      for (const engine of engines.splice(0)) await engine.kernel.stop().catch(() => undefined);
      dir.remove();
    },
  };
}
