import type { ModelFeatureContext } from '../../../features/model-features';
import type { SeriesKey } from '../../../model/candle';
import { timeframeMs } from '../../../model/timeframe';
import type { NewDirectionModel } from './direction-model';
import type { TrainDirectionOptions } from './train-direction';

const COLUMNS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * A training run as it crosses to the worker thread: plain data only. The candle columns travel as
 * Float64Arrays, transferred rather than copied (a float64 holds every JS number exactly). The context
 * known at each bar's close is looked up here, where the stores are: `contextIndex[t]` points into
 * `contexts` (-1 for none), and consecutive bars with the same context share one entry, so an hourly
 * sentiment aggregate under minute bars crosses once.
 */
export type TrainJob = {
  readonly series: SeriesKey;
  readonly columns: Readonly<Record<Column, Float64Array<ArrayBuffer>>>;
  readonly horizon: number;
  readonly deadZone?: number;
  readonly l2?: number;
  readonly scheme?: TrainDirectionOptions['scheme'];
  readonly contexts?: readonly ModelFeatureContext[];
  readonly contextIndex?: Int32Array<ArrayBuffer>;
  readonly now: number;
};

/** What the worker posts back: the model, or why it could not train (RangeError: the data cannot fill the scheme). */
export type TrainWorkerMessage =
  | { readonly type: 'done'; readonly model: NewDirectionModel }
  | { readonly type: 'failed'; readonly name: string; readonly message: string };

/** Bars whose context is looked up before the event loop is handed back: the lookups are store reads. */
const CONTEXT_SLICE = 2_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The job for a run and the buffers to transfer with it. */
export async function trainJobOf(options: TrainDirectionOptions): Promise<{ readonly job: TrainJob; readonly transfer: ArrayBuffer[] }> {
  const { candles, contextAt } = options;
  const columns: Record<Column, Float64Array<ArrayBuffer>> = {
    openTime: Float64Array.from(candles.openTime),
    open: Float64Array.from(candles.open),
    high: Float64Array.from(candles.high),
    low: Float64Array.from(candles.low),
    close: Float64Array.from(candles.close),
    volume: Float64Array.from(candles.volume),
  };
  const transfer: ArrayBuffer[] = COLUMNS.map((name) => columns[name].buffer);
  const base = { series: options.series, columns, horizon: options.horizon, deadZone: options.deadZone, l2: options.l2, scheme: options.scheme, now: options.now };
  if (!contextAt) return { job: base, transfer };
  const barMs = timeframeMs(options.series.timeframe);
  const contexts: ModelFeatureContext[] = [];
  const contextIndex = new Int32Array(candles.openTime.length).fill(-1);
  let previous: string | undefined;
  for (let t = 0; t < candles.openTime.length; t++) {
    if (t > 0 && t % CONTEXT_SLICE === 0) await nextTurn();
    const openTime = candles.openTime[t]!;
    // The same call featureMatrix makes, so the worker sees exactly what an in-thread run would.
    const context = contextAt(openTime, openTime + barMs);
    if (!context) {
      previous = undefined;
      continue;
    }
    const key = JSON.stringify(context);
    if (key !== previous) contexts.push(context);
    previous = key;
    contextIndex[t] = contexts.length - 1;
  }
  transfer.push(contextIndex.buffer);
  return { job: { ...base, contexts, contextIndex }, transfer };
}

/** The training options a job stands for, on the worker's side. */
export function optionsOf(job: TrainJob): TrainDirectionOptions {
  const { columns, contexts, contextIndex } = job;
  const candles = { openTime: Array.from(columns.openTime), open: Array.from(columns.open), high: Array.from(columns.high), low: Array.from(columns.low), close: Array.from(columns.close), volume: Array.from(columns.volume) };
  let contextAt: TrainDirectionOptions['contextAt'];
  if (contexts && contextIndex) {
    const bar = new Map<number, number>();
    candles.openTime.forEach((openTime, t) => bar.set(openTime, t));
    contextAt = (openTime) => {
      const t = bar.get(openTime);
      const i = t === undefined ? -1 : contextIndex[t]!;
      return i < 0 ? undefined : contexts[i];
    };
  }
  return { series: job.series, candles, horizon: job.horizon, deadZone: job.deadZone, l2: job.l2, scheme: job.scheme, contextAt, now: job.now };
}
