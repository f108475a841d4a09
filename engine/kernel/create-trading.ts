import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import type { MessageBus } from '../core/message-bus';
import { proposalContext } from '../execution/proposal-context';
import { RiskControl } from '../execution/risk-control';
import { SqliteJournal } from '../execution/sqlite-journal';
import { tradingPorts } from '../execution/trading-api';
import { TradingService, type LiveVenue } from '../execution/trading-service';
import type { SentimentAggregate } from '../model/sentiment';
import { RiskEngine } from '../risk/risk-engine';
import { sizeOrder } from '../risk/sizing';
import type { SizingConfig } from '../risk/sizing-types';
import type { FlowBucket } from '../signals/onchain/onchain-types';
import type { InstrumentRepository } from '../store/repositories/instrument-repository';
import { RiskStateRepository } from '../store/repositories/risk-state-repository';
import type { SettingsRepository } from '../store/repositories/settings-repository';

export type TradingOptions = {
  /** Starting cash of the paper account (USDT); 10,000 unless set. */
  readonly paperCash?: number;
  readonly takerFeeBps?: number;
  readonly makerFeeBps?: number;
  /** The live venue, when the host has one with keys; paper only otherwise. */
  readonly live?: () => LiveVenue;
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
};

/** Risk per trade of 1 % of equity with the strategy's stop, the default until a strategy's sizing is set. */
export const DEFAULT_SIZING: SizingConfig = { sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } };

/** The trading side of an engine: journal, risk engine, approval queue and execution, and its API ports. */
export function createTrading(deps: TradingDeps) {
  const { settings, instruments } = deps;
  const riskEngine = new RiskEngine({ clock: deps.clock, store: new RiskStateRepository(deps.db) });
  const service = new TradingService({
    bus: deps.bus,
    clock: deps.clock,
    journal: new SqliteJournal(deps.db),
    settings,
    instrument: (venue, symbol) => instruments.get(venue, symbol),
    factory: {
      sizeOrder,
      sizing: (strategy) => withinConcentration(settings.get<SizingConfig>(`execution.sizing.${strategy}`) ?? DEFAULT_SIZING, riskEngine.limits().maxConcentration),
      context: proposalContext({
        baseOf: (venue, symbol) => instruments.get(venue, symbol)?.base,
        sentimentAsOf: deps.sentimentAsOf,
        flows: deps.flows,
      }),
    },
    risk: new RiskControl(riskEngine),
    paperCash: deps.options?.paperCash ?? 10_000,
    ...(deps.options?.takerFeeBps !== undefined ? { takerFeeBps: deps.options.takerFeeBps } : {}),
    ...(deps.options?.makerFeeBps !== undefined ? { makerFeeBps: deps.options.makerFeeBps } : {}),
    live: deps.options?.live ?? (() => ({ unavailable: 'no live execution client is configured in this engine (add Bybit keys)' })),
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
