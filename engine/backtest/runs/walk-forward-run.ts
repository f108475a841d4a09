import { fitRegimeModel, minimumCandles } from '../../regime/regime-fit';
import type { RegimeModel } from '../../regime/regime-model';
import { errorMessage, ValidationError } from '../../core/errors';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import type { WalkForwardConfig } from '../backtest-config';
import { CancelledError, type JobContext } from '../backtest-jobs';
import type { BacktestTrade } from '../backtest-types';
import { runMetrics } from '../simulation/backtest-result';
import { computeMetrics } from '../metrics/compute-metrics';
import { drawdownStats } from '../metrics/drawdown';
import { equityCurve } from '../metrics/equity-curve';
import { evalContext, runWindow } from '../optimizer/evaluate';
import { createEvaluator } from '../optimizer/evaluator';
import { searchTotal, searchWindow } from '../optimizer/optimise';
import type { WalkForwardResult, WalkForwardWindow } from '../optimization-types';
import { walkForwardSplits } from '../validation/walk-forward-split';
import { sliceColumns } from './load-data';
import type { PreparedData } from './prepared-data';

export type WalkForwardOptions = {
  readonly id: string;
  readonly createdAt: number;
  readonly config: WalkForwardConfig;
  readonly data: PreparedData;
  readonly definition: StrategyDefinition;
  readonly workerPath?: string;
  readonly workers?: number;
  readonly job: JobContext;
  readonly publish: (result: WalkForwardResult) => void;
  readonly save: (result: WalkForwardResult) => void;
};

type Piece = { equity: Float64Array; times: Float64Array; trades: readonly BacktestTrade[]; exposedBars: number; fees: number; startEquity: number; firstOpen: number; lastClose: number; startTime: number };

/**
 * Walk-forward analysis: for each window, the regime model (when the test uses one) is fitted on the in-sample
 * bars only, the parameters are optimised on the in-sample bars, and the best set is tested on the out-of-sample
 * bars that follow. The out-of-sample runs are stitched: each starts from the equity the previous one ended with
 * (its curve and trades scaled by that ratio), and the stitched curve gets the usual metrics.
 */
export async function walkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { config, data, definition, job } = options;
  const { base, search } = config;
  const tested = data.candles.openTime.length - data.tradeStart;
  const splits = walkForwardSplits(tested, config.windows, config.inSampleFraction, config.mode);
  const perWindow = searchTotal(definition, search) + 1;
  const total = splits.length * perWindow;
  const ctx = evalContext(data, definition);
  const windows: WalkForwardWindow[] = [];
  const pieces: Piece[] = [];
  const head = { id: options.id, strategy: base.strategy, venue: base.venue, symbol: base.symbol, timeframe: base.timeframe, mode: config.mode, createdAt: options.createdAt };
  const evaluator = createEvaluator({ data, definition, base, search, workerPath: options.workerPath, workers: options.workers, abort: job.signal });
  const fit = base.regime.mode === 'fit-before' ? base.regime : undefined;
  const open = data.candles.openTime;
  try {
    for (const split of splits) {
      if (job.signal.aborted) throw new CancelledError('walk-forward');
      const is = { tradeStart: data.tradeStart + split.inSample.start, end: data.tradeStart + split.inSample.end };
      const oos = { tradeStart: data.tradeStart + split.outOfSample.start, end: data.tradeStart + split.outOfSample.end };
      let model: RegimeModel | undefined;
      if (fit) {
        const train = sliceColumns(data.candles, is.tradeStart, is.end);
        if (train.openTime.length < minimumCandles(fit.states)) {
          throw new ValidationError(`window ${split.index + 1}: ${train.openTime.length} in-sample bars are too few to fit ${fit.states} regime states (at least ${minimumCandles(fit.states)})`);
        }
        model = await fitRegimeModel({ key: data.series, candles: train, states: fit.states, id: `walkforward-${options.id}-${split.index}`, version: 0, now: () => options.createdAt, seed: fit.seed });
      }
      const offset = split.index * perWindow;
      const outcome = await searchWindow(definition, base.params, search, evaluator, is, model, (done) => job.progress(offset + done, total, `window ${split.index + 1} of ${splits.length}: optimising in-sample`), job.signal);
      const best = outcome.rows[0];
      if (!best) throw new ValidationError(`window ${split.index + 1}: the search evaluated nothing`);
      const run = await runWindow(ctx, base, best.params, oos, model, job.signal);
      windows.push({
        index: split.index,
        inSample: { from: open[is.tradeStart]!, to: open[is.end - 1]!, bars: is.end - is.tradeStart },
        outOfSample: { from: open[oos.tradeStart]!, to: open[oos.end - 1]!, bars: oos.end - oos.tradeStart },
        bestParams: best.params,
        inSampleObjective: best.objective,
        inSampleMetrics: best.metrics,
        outOfSampleMetrics: runMetrics(run, data.periods),
      });
      pieces.push({ ...run, firstOpen: run.firstOpen });
      job.progress(offset + perWindow, total, `window ${split.index + 1} of ${splits.length} tested out-of-sample`);
      options.publish({ ...head, state: 'running', windows: [...windows] });
    }
    const result: WalkForwardResult = { ...head, state: 'done', windows, ...stitch(pieces, data.periods, base.initialEquity), ...efficiency(windows) };
    options.save(result);
    return result;
  } catch (error) {
    const cancelled = error instanceof CancelledError || job.signal.aborted;
    options.save({ ...head, state: cancelled ? 'cancelled' : 'failed', message: cancelled ? 'cancelled' : errorMessage(error), windows });
    throw error;
  } finally {
    await evaluator.close();
  }
}

/** Out-of-sample CAGR over in-sample CAGR, averaged over the windows whose in-sample CAGR was positive. */
function efficiency(windows: readonly WalkForwardWindow[]): { efficiency?: number } {
  const ratios = windows.filter((w) => w.inSampleMetrics.cagr > 0).map((w) => w.outOfSampleMetrics.cagr / w.inSampleMetrics.cagr);
  return ratios.length > 0 ? { efficiency: ratios.reduce((a, b) => a + b, 0) / ratios.length } : {};
}

function stitch(pieces: readonly Piece[], periods: number, startEquity: number): Pick<WalkForwardResult, 'stitched'> {
  if (pieces.length === 0) return {};
  const n = pieces.reduce((s, p) => s + p.equity.length, 0);
  const equity = new Float64Array(n);
  const times = new Float64Array(n);
  const trades: BacktestTrade[] = [];
  let level = startEquity;
  let k = 0;
  let exposedBars = 0;
  let fees = 0;
  for (const p of pieces) {
    const scale = level / p.startEquity;
    for (let i = 0; i < p.equity.length; i++) {
      equity[k] = p.equity[i]! * scale;
      times[k] = p.times[i]!;
      k += 1;
    }
    for (const t of p.trades) trades.push({ ...t, pnl: t.pnl * scale, fees: t.fees * scale, quantity: t.quantity * scale });
    exposedBars += p.exposedBars;
    fees += p.fees * scale;
    level = equity[k - 1]!;
  }
  const metrics = computeMetrics({
    startEquity,
    equity,
    times,
    startTime: pieces[0]!.startTime,
    trades,
    exposedBars,
    firstOpen: pieces[0]!.firstOpen,
    lastClose: pieces.at(-1)!.lastClose,
    fees,
    periodsPerYear: periods,
  });
  const drawdown = new Float64Array(n);
  drawdownStats(equity, times, drawdown);
  return { stitched: { equity: equityCurve(times, equity, drawdown), trades, metrics } };
}
