import type { CandleColumns, SeriesKey } from '../../model/candle';
import type { FlowSnapshot } from '../../model/flow';
import type { Instrument } from '../../model/instrument';
import { REGIME_LABELS, type RegimeLabel, type RegimeModulation, type RegimeState } from '../../model/regime';
import type { SentimentAggregate } from '../../model/sentiment';
import { HmmRegimeTracker } from '../../regime/hmm-regime-tracker';
import type { RegimeModel } from '../../regime/regime-model';
import type { RegimeTracker } from '../../regime/regime-tracker';
import type { ContextProviders, ModulationFor } from '../../strategy/series-pipeline';

/**
 * Everything a run needs, as plain data, so that it can be handed to a worker thread as it is: the series and
 * its instrument, the bars (warm-up pool first), the regime model fitted for it, the regime modulation of the
 * strategy, and the sentiment and flow known at each bar's close (looked up once, by the engine, from what it
 * stored with arrival times).
 */
export type PreparedData = {
  readonly series: SeriesKey;
  readonly instrument: Instrument;
  /** How a worker finds the strategy: a built-in by name, or the user file it was loaded from. */
  readonly strategy: { readonly name: string; readonly file?: string };
  readonly candles: CandleColumns;
  /** Index of the first tested bar: the bars before it only warm the strategy (and the regime tracker) up. */
  readonly tradeStart: number;
  readonly regimeModel?: RegimeModel;
  /** Or the regime states the engine stored, per bar (those known by each bar's close). */
  readonly storedRegimes?: readonly (RegimeState | undefined)[];
  readonly modulation?: Readonly<Record<RegimeLabel, RegimeModulation>>;
  readonly sentiment?: readonly (SentimentAggregate | undefined)[];
  readonly flow?: readonly (FlowSnapshot | undefined)[];
  /** Bars in a year, for annualising. */
  readonly periods: number;
};

/** The modulation of one strategy in each regime, as a table a worker can hold. */
export function modulationTable(strategy: string, modulationFor: ModulationFor, series: SeriesKey): Record<RegimeLabel, RegimeModulation> {
  const table = {} as Record<RegimeLabel, RegimeModulation>;
  for (const label of REGIME_LABELS) {
    table[label] = modulationFor(strategy, {
      ...series,
      time: 0,
      receivedAt: 0,
      modelId: '',
      labels: [label],
      probabilities: [1],
      regime: label,
      confidence: 1,
      expectedDuration: 1,
      transitions: [[1]],
    });
  }
  return table;
}

export function modulationOf(data: PreparedData): ModulationFor | undefined {
  const table = data.modulation;
  return table ? (_strategy, state) => table[state.regime] : undefined;
}

/** Context providers over the per-bar arrays, by the bar's close time. */
export function contextOf(data: PreparedData, closeTimes: ReadonlyMap<number, number>): ContextProviders | undefined {
  const { sentiment, flow } = data;
  if (!sentiment && !flow) return undefined;
  return {
    ...(sentiment ? { sentiment: (_s: SeriesKey, at: number) => sentiment[closeTimes.get(at) ?? -1] } : {}),
    ...(flow ? { flow: (_s: SeriesKey, at: number) => flow[closeTimes.get(at) ?? -1] } : {}),
  };
}

/** A fresh tracker on the run's regime model (trackers hold state, so one per run), or one over the stored states. */
export function trackerOf(data: PreparedData, model: RegimeModel | undefined = data.regimeModel, openIndex?: ReadonlyMap<number, number>): RegimeTracker | undefined {
  if (model) return new HmmRegimeTracker(model, () => 0);
  const stored = data.storedRegimes;
  if (!stored) return undefined;
  const index = openIndex ?? new Map(data.candles.openTime.map((t, i) => [t, i]));
  return { update: (candle) => stored[index.get(candle.openTime) ?? -1] };
}
