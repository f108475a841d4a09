import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import type { MessageBus } from '../core/message-bus';
import { unifiedToId, withMarketSymbols } from '../execution/market-symbols';
import { proposalContext } from '../execution/proposal-context';
import { RiskControl } from '../execution/risk-control';
import { SqliteJournal } from '../execution/sqlite-journal';
import { tradingPorts } from '../execution/trading-api';
import { StrategySizing } from '../execution/strategy-sizing';
import { TradingService, type LiveConnector } from '../execution/trading-service';
import type { SentimentAggregate } from '../model/sentiment';
import { RiskEngine } from '../risk/risk-engine';
import { sizeOrder } from '../risk/sizing';
import type { SizingConfig } from '../risk/sizing-types';
import type { FlowBucket } from '../signals/onchain/onchain-types';
import type { InstrumentRepository } from '../store/repositories/instrument-repository';
import { RiskStateRepository } from '../store/repositories/risk-state-repository';
import { PaperAccountRepository } from '../store/repositories/paper-account-repository';
import { EquityHistoryRepository } from '../store/repositories/equity-history-repository';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import { createBybitExecutionClient } from '../adapters/bybit/create-bybit-execution-client';
import type { VenueEndpoint } from '../adapters/venue-table';
import { readCredentials, type SecretStore } from '../secrets/secret-store';

export type TradingOptions = {
  /** Starting cash of the paper account (USDT); 10,000 unless set. */
  readonly paperCash?: number;
  readonly takerFeeBps?: number;
  readonly makerFeeBps?: number;
  /** The live venue; by default Bybit with the keys of the engine's secret store. */
  readonly live?: LiveConnector;
};

export type TradingDeps = {
  readonly db: Database.Database;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly settings: SettingsRepository;
  readonly instruments: InstrumentRepository;
  readonly log: (message: string, error?: unknown) => void;
  readonly sentimentAsOf: (asset: string, at: number) => SentimentAggregate | null;
  readonly flows: (query: { token: string; from: number; to: number }) => FlowBucket[];
  readonly options?: TradingOptions;
  readonly secrets: () => Promise<SecretStore>;
  /** Bybit somewhere else than its public endpoints (the local emulator). */
  readonly bybitEndpoint?: VenueEndpoint;
};

/** The trading side of an engine: journal, risk engine, approval queue and execution, and its API ports. */
export function createTrading(deps: TradingDeps) {
  const { settings, instruments } = deps;
  const riskEngine = new RiskEngine({ clock: deps.clock, store: new RiskStateRepository(deps.db) });
  const sizing = new StrategySizing(settings);
  const paperStore = new PaperAccountRepository(deps.db);
  paperStore.prune('sim', deps.clock.now());
  const service = new TradingService({
    bus: deps.bus,
    clock: deps.clock,
    journal: new SqliteJournal(deps.db),
    settings,
    instrument: (venue, symbol) => instruments.get(venue, symbol),
    factory: {
      sizeOrder,
      sizing: (strategy) => withinConcentration(sizing.get(strategy), riskEngine.limits().maxConcentration),
      context: proposalContext({
        baseOf: (venue, symbol) => instruments.get(venue, symbol)?.base,
        sentimentAsOf: deps.sentimentAsOf,
        flows: deps.flows,
      }),
    },
    risk: new RiskControl(riskEngine),
    paperCash: deps.options?.paperCash ?? 10_000,
    paperStore,
    sizing,
    equityStore: new EquityHistoryRepository(deps.db),
    ...(deps.options?.takerFeeBps !== undefined ? { takerFeeBps: deps.options.takerFeeBps } : {}),
    ...(deps.options?.makerFeeBps !== undefined ? { makerFeeBps: deps.options.makerFeeBps } : {}),
    live: deps.options?.live ?? bybitConnector(deps.secrets, deps.bybitEndpoint),
    log: deps.log,
  });
  return { service, ports: tradingPorts(service) };
}

/**
 * Caps a size at the risk engine's per-symbol concentration (notional ≤ that share of equity), so a
 * proposal is one the risk engine can pass: 1 % risk with a 1 % stop would otherwise ask for 100 %.
 */
function withinConcentration(config: SizingConfig, maxConcentration: number): SizingConfig {
  // 2 % headroom: the risk engine values the position at the mark when the order is approved, not at the signal's close.
  return { ...config, maxLeverage: Math.min(config.maxLeverage ?? 1, maxConcentration * 0.98) };
}

/** Live trading on Bybit: available once keys are in the secret store; the client is built when the trader opts in. */
function bybitConnector(secrets: () => Promise<SecretStore>, endpoint: VenueEndpoint | undefined): LiveConnector {
  return {
    available: async () => {
      const store = await secrets();
      return (await readCredentials(store, 'bybit')) ? undefined : `no Bybit API keys in ${store.location}; add them in Settings or with \`stratus keys set bybit\``;
    },
    connect: async () => ({
      client: withMarketSymbols(await createBybitExecutionClient(await secrets(), endpoint ? { endpoint } : {}), unifiedToId),
      marketVenue: 'bybit',
    }),
  };
}

/**
 * Moves SQLite's WAL checkpoints off the order path. By default a commit that grows the WAL past 1,000
 * pages copies them into the database and fsyncs it, inside that commit: whichever write crosses the line
 * waits, and on the approval path that was the tail (p99 of approve → paper venue 12–24 ms against 2–6 ms
 * without it, bench/approval-latency). Here automatic checkpoints are off while the engine runs and a
 * passive checkpoint of the last second's pages runs on a timer instead; the default comes back at stop.
 */
export function startWalCheckpoints(db: Database.Database, everyMs = 1_000): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), everyMs);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.pragma('wal_autocheckpoint = 1000');
  };
}
