import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import type { MessageBus } from '../core/message-bus';
import type { CandleService } from '../data/candle-service';
import type { SeriesKey } from '../model/candle';
import type { RegimeTracker } from '../regime/regime-tracker';
import type { ContextProviders, ModulationFor } from './series-pipeline';
import { SignalStore } from './signal-store';
import { BUILTIN_STRATEGIES } from './strategies/builtin-strategies';
import { StrategyRegistry, type UserFolderReport } from './strategy-registry';
import { StrategyRunner } from './strategy-runner';
import type { StrategyDefinition } from './strategy-api';

export type StrategyWiringDeps = {
  readonly db: Database.Database;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly candles: CandleService;
  readonly log: (message: string, error?: unknown) => void;
  /** The trader's strategies folder (`<profile>/strategies`); null for none. */
  readonly userFolder: string | null;
  readonly context?: ContextProviders;
  readonly regimeFor?: (series: SeriesKey) => RegimeTracker | undefined;
  readonly modulationFor?: ModulationFor;
  /**
   * Built-ins that need the engine's services to exist (a learned strategy reading its trained models):
   * created in createEngine and registered beside BUILTIN_STRATEGIES.
   */
  readonly extraBuiltins?: readonly StrategyDefinition[];
};

export type StrategyWiring = {
  readonly registry: StrategyRegistry;
  readonly runner: StrategyRunner;
  readonly store: SignalStore;
  readonly reload: () => Promise<UserFolderReport>;
  readonly component: { readonly name: string; start(): Promise<void>; stop(): void };
};

/** Builds the strategy layer for createEngine: registry (built-ins and the user folder), signal store, live runner. */
export function createStrategy(deps: StrategyWiringDeps): StrategyWiring {
  const registry = new StrategyRegistry([...BUILTIN_STRATEGIES, ...(deps.extraBuiltins ?? [])]);
  const store = new SignalStore(deps.db);
  const runner = new StrategyRunner({
    registry,
    candles: deps.candles,
    store,
    bus: deps.bus,
    clock: deps.clock,
    context: deps.context,
    regimeFor: deps.regimeFor,
    modulationFor: deps.modulationFor,
    log: deps.log,
  });
  const reload = async (): Promise<UserFolderReport> => {
    if (deps.userFolder === null) return registry.userReport;
    const report = await registry.loadUserFolder(deps.userFolder);
    for (const error of report.errors) deps.log(`user strategy not loaded: ${error.message}`);
    return report;
  };
  return {
    registry,
    runner,
    store,
    reload,
    component: {
      name: 'strategy',
      // User strategies load first, so their stored attachments resume with the rest.
      start: async () => {
        await reload();
        runner.start();
      },
      stop: () => runner.stop(),
    },
  };
}

/** The trader's own strategies (`*.mjs` / `*.js`) live beside the profile database; an in-memory one has none. */
export function profileStrategiesDir(databasePath: string): string | null {
  return databasePath === ':memory:' ? null : join(dirname(databasePath), 'strategies');
}
