import type { Candle, SeriesKey } from '../../model/candle';
import type { RegimeState } from '../../model/regime';
import type { Signal } from '../../model/signal';
import type { RegimeTracker } from '../../regime/regime-tracker';
import { replaySignals } from '../../strategy/replay';
import type { ContextProviders, ModulationFor } from '../../strategy/series-pipeline';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import type { LookaheadFinding, LookaheadReport, ParamValues } from '../optimization-types';

/**
 * Everything a run depends on that could have been derived from the data: the strategy (a user strategy could
 * be built from a file of the whole history), its parameters, a regime tracker (a model fitted on the data). The
 * check builds it again from the data it cuts, so any of them that saw the future shows up as a difference.
 */
export type LookaheadSubject = {
  readonly definition: StrategyDefinition;
  readonly params: ParamValues;
  readonly regime?: RegimeTracker;
  readonly context?: ContextProviders;
  readonly modulationFor?: ModulationFor;
};

export type LookaheadOptions = {
  readonly series: SeriesKey;
  readonly candles: readonly Candle[];
  /** Builds the run from the bars it may know; called once for the full data, once per cut. */
  readonly build: (bars: readonly Candle[]) => LookaheadSubject;
  /** At most this many cuts, spread evenly over the bars with signals (and over all bars when there are few). */
  readonly cuts: number;
  /** Stop collecting after this many findings. */
  readonly maxFindings?: number;
  readonly signal?: AbortSignal;
};

type Run = { signals: Signal[]; regimes: Map<number, RegimeState | undefined> };

function run(series: SeriesKey, bars: readonly Candle[], subject: LookaheadSubject): Run {
  const regimes = new Map<number, RegimeState | undefined>();
  const inner = subject.regime;
  const regime: RegimeTracker | undefined = inner && {
    update: (candle, inputs) => {
      const state = inner.update(candle, inputs);
      regimes.set(candle.openTime, state);
      return state;
    },
  };
  const { signals } = replaySignals({
    series,
    strategies: [{ definition: subject.definition, params: subject.params }],
    candles: bars,
    regime,
    context: subject.context,
    modulationFor: subject.modulationFor,
  });
  return { signals, regimes };
}

/** What a trader needs to see of a signal to tell two apart (its id names the bar and the position). */
function describe(s: Signal): string {
  const num = (x: number | undefined) => (x === undefined ? '-' : String(x));
  return `${s.direction} strength ${num(s.strength)} stop ${num(s.stop)} target ${num(s.target)}${s.suppressed ? ' (suppressed)' : ''}`;
}

function sameSignal(a: Signal, b: Signal): boolean {
  return (
    a.id === b.id &&
    a.direction === b.direction &&
    a.strength === b.strength &&
    a.stop === b.stop &&
    a.target === b.target &&
    a.probability === b.probability &&
    a.regime === b.regime &&
    a.suppressed === b.suppressed &&
    a.rationale === b.rationale
  );
}

function sameRegime(a: RegimeState | undefined, b: RegimeState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.regime !== b.regime || a.probabilities.length !== b.probabilities.length) return false;
  for (let i = 0; i < a.probabilities.length; i++) if (Math.abs(a.probabilities[i]! - b.probabilities[i]!) > 1e-9) return false;
  return true;
}

/** The bar indices to cut at: the bars that signalled, thinned evenly to `cuts`; evenly spaced bars when none did. */
function cutPoints(candles: readonly Candle[], signals: readonly Signal[], cuts: number): number[] {
  const index = new Map(candles.map((c, i) => [c.openTime, i]));
  const signalBars = [...new Set(signals.map((s) => index.get(s.time)!))].sort((a, b) => a - b);
  const pool = signalBars.length > 0 ? signalBars : candles.map((_, i) => i);
  if (pool.length <= cuts) return pool;
  return Array.from({ length: cuts }, (_, k) => pool[Math.floor(((k + 0.5) * pool.length) / cuts)]!);
}

/**
 * The lookahead check: runs the strategy over all the data, then again with the data cut at each chosen signal
 * bar (built afresh from the cut data, with fresh bar objects), and flags every signal at or before the cut that
 * differs, is missing or appears, and every regime state (the indicator every strategy can see) that differs.
 * A strategy that only uses what was known at each bar passes; one that peeks cannot. Yields to the event loop
 * between cuts.
 */
export async function lookaheadCheck(options: LookaheadOptions): Promise<LookaheadReport> {
  const { series, candles, build } = options;
  const maxFindings = options.maxFindings ?? 50;
  const full = build(candles);
  const reference = run(series, candles, full);
  const points = cutPoints(candles, reference.signals, options.cuts);
  const findings: LookaheadFinding[] = [];
  for (const t of points) {
    if (options.signal?.aborted || findings.length >= maxFindings) break;
    // Each cut is a whole replay: hand the event loop back between them.
    await new Promise((resolve) => setImmediate(resolve));
    const bars = candles.slice(0, t + 1).map((c) => ({ ...c }));
    const last = candles[t]!.openTime;
    const cut = run(series, bars, build(bars));
    const expected = new Map(reference.signals.filter((s) => s.time <= last).map((s) => [s.id, s]));
    const got = new Map(cut.signals.map((s) => [s.id, s]));
    for (const [id, s] of expected) {
      const other = got.get(id);
      if (!other) findings.push({ kind: 'signal-missing', time: s.time, detail: `with data to ${last}: the ${describe(s)} signal at ${s.time} is gone` });
      else if (!sameSignal(s, other))
        findings.push({ kind: 'signal-changed', time: s.time, detail: `with data to ${last}: ${describe(s)} became ${describe(other)}` });
    }
    for (const [id, s] of got) {
      if (!expected.has(id)) findings.push({ kind: 'signal-added', time: s.time, detail: `with data to ${last}: a ${describe(s)} signal appears at ${s.time}` });
    }
    for (const [time, state] of cut.regimes) {
      if (!sameRegime(reference.regimes.get(time), state)) {
        const before = reference.regimes.get(time);
        findings.push({
          kind: 'indicator-changed',
          time,
          detail: `with data to ${last}: the regime at ${time} was ${before?.regime ?? 'none'} and became ${state?.regime ?? 'none'} (probabilities ${state?.probabilities.map((p) => p.toFixed(3)).join('/') ?? '-'})`,
        });
        break;
      }
    }
  }
  return {
    strategy: full.definition.name,
    params: full.params,
    bars: candles.length,
    cuts: points.length,
    signals: reference.signals.length,
    passed: findings.length === 0,
    findings: findings.slice(0, maxFindings),
  };
}
