/**
 * Strategy API, version 1. A strategy only reads and signals: it is handed frozen snapshots and
 * returns `StrategySignal`s. The engine calls every hook through a wrapper that turns a throw into
 * a `StrategyError`. Each hook takes ONE options object, so fields added later never break a strategy.
 * Only `onCandle` is required.
 */
import type { Candle, SeriesKey } from '../model/candle';
import type { FlowSnapshot } from '../model/flow';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import type { StrategySignal } from '../model/signal';

export const STRATEGY_API_VERSION = 1;

/**
 * The closed bars of one series up to and including the current one, newest last; nothing after
 * the current bar is reachable, so a strategy cannot look ahead.
 */
export type CandleHistory = {
  readonly length: number;
  /** `at(0)` is the current bar, `at(1)` the previous one; `undefined` past the kept window. */
  at(barsAgo: number): Candle | undefined;
};

export type OnCandleOptions = {
  readonly series: SeriesKey;
  /** The bar that just closed. */
  readonly candle: Candle;
  readonly history: CandleHistory;
  /** The regime after this bar; absent until the series has a fitted detector. */
  readonly regime?: RegimeState;
  /** Latest aggregated sentiment of the base asset known at this bar's close; absent without sources. */
  readonly sentiment?: SentimentAggregate;
  /** Latest exchange flow of the base asset known at this bar's close; absent without a watcher. */
  readonly flow?: FlowSnapshot;
};

export type OnStartOptions = { readonly series: SeriesKey };
export type OnStopOptions = { readonly series: SeriesKey; readonly reason: 'stopped' | 'error' };

/** What `onCandle` may return: nothing, one signal, or several. */
export type HookResult = StrategySignal | readonly StrategySignal[] | undefined | void;

/** One running strategy on one series. State lives in the object; the engine makes one per series. */
export type Strategy = {
  onCandle(options: OnCandleOptions): HookResult;
  onStart?(options: OnStartOptions): void;
  onStop?(options: OnStopOptions): void;
};

/** A tunable parameter: what the backtest lab and the optimiser show and vary. */
export type ParameterSpec =
  | {
      readonly name: string;
      readonly kind: 'number' | 'integer';
      readonly default: number;
      readonly min: number;
      readonly max: number;
      readonly step?: number;
      readonly description: string;
    }
  | { readonly name: string; readonly kind: 'boolean'; readonly default: boolean; readonly description: string }
  | {
      readonly name: string;
      readonly kind: 'choice';
      readonly default: string;
      readonly choices: readonly string[];
      readonly description: string;
    };

export type StrategyParams = Readonly<Record<string, number | boolean | string>>;

export type CreateOptions = {
  /** Parameters after defaults and validation against `parameters`. */
  readonly params: StrategyParams;
  readonly series: SeriesKey;
};

/** What a strategy module exports (as `strategy`); built-ins and user strategies alike. */
export type StrategyDefinition = {
  readonly name: string;
  readonly apiVersion: typeof STRATEGY_API_VERSION;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** Closed bars needed before the first signal can be meaningful. */
  warmUp(params: StrategyParams): number;
  create(options: CreateOptions): Strategy;
};
