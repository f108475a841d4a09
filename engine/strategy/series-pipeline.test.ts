import { describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import type { StrategyError } from '../core/errors';
import { toColumns, type Candle, type SeriesKey } from '../model/candle';
import type { RegimeLabel, RegimeModulation, RegimeState } from '../model/regime';
import type { Signal } from '../model/signal';
import type { RegimeInputs, RegimeTracker } from '../regime/regime-tracker';
import { generateCandles } from '../testing/candles';
import { scriptedStrategy } from '../testing/strategies';
import { SeriesPipeline, type ModulationFor } from './series-pipeline';
import { prepareSlot } from './strategy-slot';
import type { OnCandleOptions, StrategyDefinition } from './strategy-api';
import { replaySignals } from './replay';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
const bars = generateCandles(12, { price: 100 });

/** A hand-written tracker: regime by bar index, as a test script says. */
class ScriptedTracker implements RegimeTracker {
  readonly inputs: (RegimeInputs | undefined)[] = [];
  constructor(private readonly labels: (RegimeLabel | undefined)[]) {}
  update(candle: Candle, inputs?: RegimeInputs): RegimeState | undefined {
    this.inputs.push(inputs);
    const label = this.labels[this.inputs.length - 1];
    if (!label) return undefined;
    return {
      ...series,
      time: candle.openTime,
      receivedAt: candle.openTime + 60_000,
      modelId: 'scripted',
      labels: ['trend-up', 'trend-down', 'range', 'stress'],
      probabilities: [0.1, 0.1, 0.1, 0.7],
      regime: label,
      confidence: 0.7,
      expectedDuration: 5,
      transitions: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    };
  }
}

const stressRule: ModulationFor = (_strategy, regime): RegimeModulation =>
  regime.regime === 'stress' ? { sizeMultiplier: 0.5, entriesAllowed: false, stopWidening: 1.5 } : { sizeMultiplier: 1, entriesAllowed: true, stopWidening: 1 };

function pipelineWith(definitions: StrategyDefinition[], extra: Partial<ConstructorParameters<typeof SeriesPipeline>[0]> = {}) {
  const signals: Signal[] = [];
  const errors: StrategyError[] = [];
  const slots = definitions.map((d) => prepareSlot(d, series));
  const pipeline = new SeriesPipeline({
    series,
    slots,
    historyBars: 3,
    clock: new TestClock(123),
    onSignal: (s) => signals.push(s),
    onStrategyError: (_slot, e) => errors.push(e),
    ...extra,
  });
  return { pipeline, signals, errors, slots };
}

describe('SeriesPipeline', () => {
  it('stamps signals with where, when, the bar close and a deterministic id', () => {
    const always = scriptedStrategy('always', (o) => ({ direction: 'long', strength: 0.5, stop: o.candle.close * 0.9, rationale: 'go' }));
    const a = pipelineWith([always]);
    const b = pipelineWith([always]);
    for (const bar of bars.slice(0, 3)) {
      a.pipeline.push(bar);
      b.pipeline.push(bar);
    }
    expect(a.signals).toHaveLength(3);
    expect(a.signals[1]).toEqual({
      direction: 'long',
      strength: 0.5,
      stop: bars[1]!.close * 0.9,
      rationale: 'go',
      id: a.signals[1]!.id,
      strategy: 'always',
      venue: 'bybit',
      symbol: 'BTCUSDT',
      timeframe: '1m',
      time: bars[1]!.openTime,
      price: bars[1]!.close,
      receivedAt: 123,
    });
    expect(a.signals.map((s) => s.id)).toEqual(b.signals.map((s) => s.id));
    expect(new Set(a.signals.map((s) => s.id)).size).toBe(3);
    expect(a.signals[0]!.id).toMatch(/^sig-/);
  });

  it('gives two signals of one bar, and two configurations of one strategy, different ids', () => {
    const two = scriptedStrategy('two', () => [
      { direction: 'flat', strength: 1, rationale: 'out' },
      { direction: 'short', strength: 0.2, rationale: 'in' },
    ]);
    const first = pipelineWith([two]);
    first.pipeline.push(bars[0]!);
    expect(first.signals[0]!.id).not.toBe(first.signals[1]!.id);
    const other = new SeriesPipeline({
      series,
      slots: [prepareSlot(two, series, { tag: 1 })],
      historyBars: 2,
      clock: new TestClock(),
      onSignal: (s) => first.signals.push(s),
    });
    other.push(bars[0]!);
    expect(new Set(first.signals.map((s) => s.id)).size).toBe(4);
  });

  it('rejects bars out of order or repeated', () => {
    const { pipeline } = pipelineWith([scriptedStrategy('quiet', () => undefined)]);
    pipeline.push(bars[1]!);
    expect(() => pipeline.push(bars[1]!)).toThrow(RangeError);
    expect(() => pipeline.push(bars[0]!)).toThrow(RangeError);
  });

  it('hands each strategy the regime after the bar and the sentiment and flow known at its close', () => {
    const seen: OnCandleOptions[] = [];
    const tracker = new ScriptedTracker([undefined, 'range', 'stress']);
    const asked: number[] = [];
    const { pipeline } = pipelineWith([scriptedStrategy('watch', () => undefined, { seen })], {
      regime: tracker,
      context: {
        sentiment: (_s, at) => {
          asked.push(at);
          return { symbol: 'BTC', window: '1h', at: at - 1, score: 0.4, confidence: 0.8, count: 3, spike: false };
        },
        flow: (_s, at) => (at > bars[1]!.openTime + 60_000 ? { asset: 'BTC', netFlow: 5, inflow: 8, outflow: 3, at: at - 5 } : undefined),
      },
    });
    for (const bar of bars.slice(0, 3)) pipeline.push(bar);
    expect(asked).toEqual(bars.slice(0, 3).map((b) => b.openTime + 60_000));
    expect(seen.map((o) => o.regime?.regime)).toEqual([undefined, 'range', 'stress']);
    expect(seen.map((o) => o.flow?.netFlow)).toEqual([undefined, undefined, 5]);
    expect(seen[0]!.sentiment?.score).toBe(0.4);
    expect(tracker.inputs[2]).toEqual({ sentiment: seen[2]!.sentiment, flow: seen[2]!.flow });
    // Everything handed over is frozen, down to the regime's matrix rows.
    const last = seen[2]!;
    expect(Object.isFrozen(last.series)).toBe(true);
    expect(Object.isFrozen(last.candle)).toBe(true);
    expect(Object.isFrozen(last.sentiment)).toBe(true);
    expect(Object.isFrozen(last.flow)).toBe(true);
    expect(Object.isFrozen(last.regime!.transitions[0])).toBe(true);
    expect(last.history.at(0)).toBe(last.candle);
    expect(last.history.at(1)).toEqual(bars[1]);
  });

  it('applies the regime modulation: entries suppressed with the reason, stops widened, exits always pass', () => {
    const tracker = new ScriptedTracker(['range', 'stress', 'stress', 'stress']);
    const script = [
      { direction: 'long', strength: 0.8, stop: 90, target: 120, rationale: 'entry in range' },
      { direction: 'long', strength: 0.8, stop: 90, rationale: 'entry in stress' },
      { direction: 'short', strength: 0.8, stop: 110, rationale: 'short in stress' },
      { direction: 'flat', strength: 1, rationale: 'exit in stress' },
    ] as const;
    const modulated = scriptedStrategy('modulated', (o, bar) => {
      const s = script[bar]!;
      // Prices relative to this bar's close so they are on the right side.
      const scale = o.candle.close / 100;
      return { ...s, ...('stop' in s ? { stop: s.stop * scale } : {}), ...('target' in s && s.target ? { target: s.target * scale } : {}) };
    });
    const { pipeline, signals } = pipelineWith([modulated], { regime: tracker, modulationFor: stressRule });
    for (const bar of bars.slice(0, 4)) pipeline.push(bar);
    const [inRange, longInStress, shortInStress, exit] = signals;
    expect(inRange).toMatchObject({ regime: 'range', modulation: { entriesAllowed: true, stopWidening: 1 } });
    expect(inRange!.suppressed).toBeUndefined();
    expect(inRange!.stop).toBeCloseTo(bars[0]!.close * 0.9, 9);
    expect(longInStress).toMatchObject({ regime: 'stress', suppressed: 'long entries are suppressed in the stress regime' });
    // 10 % below the close, widened 1.5 × → 15 % below.
    expect(longInStress!.stop).toBeCloseTo(bars[1]!.close * 0.85, 9);
    expect(shortInStress!.suppressed).toBe('short entries are suppressed in the stress regime');
    expect(shortInStress!.stop).toBeCloseTo(bars[2]!.close * 1.15, 9);
    expect(exit).toMatchObject({ direction: 'flat', regime: 'stress' });
    expect(exit!.suppressed).toBeUndefined();
  });

  it('leaves signals untouched while the tracker has no regime', () => {
    const tracker = new ScriptedTracker([]);
    const { pipeline, signals } = pipelineWith([scriptedStrategy('plain', (o) => ({ direction: 'long', strength: 1, stop: o.candle.close * 0.9, rationale: 'x' }))], {
      regime: tracker,
      modulationFor: stressRule,
    });
    pipeline.push(bars[0]!);
    expect(signals[0]!.regime).toBeUndefined();
    expect(signals[0]!.modulation).toBeUndefined();
    expect(signals[0]!.stop).toBe(bars[0]!.close * 0.9);
  });

  it('gives each strategy its own options object, so one cannot change what the next one sees', () => {
    const seenA: OnCandleOptions[] = [];
    const seenB: OnCandleOptions[] = [];
    const vandal = scriptedStrategy('vandal', (o) => {
      (o as { candle: unknown }).candle = { ...o.candle, close: 0 };
      return undefined;
    }, { seen: seenA });
    const victim = scriptedStrategy('victim', () => undefined, { seen: seenB });
    const { pipeline } = pipelineWith([vandal, victim]);
    pipeline.push(bars[0]!);
    expect(seenA[0]).not.toBe(seenB[0]);
    expect(seenB[0]!.candle).toBe(bars[0]);
    expect(seenB[0]!.candle.close).toBe(bars[0]!.close);
  });

  it('stops a strategy that throws on this series and keeps the others running', () => {
    const stops: string[] = [];
    const flaky = scriptedStrategy('flaky', (_o, bar) => {
      if (bar === 1) throw new Error('divide by zero');
      return { direction: 'long', strength: 1, rationale: 'flaky' };
    }, { stops });
    const steady = scriptedStrategy('steady', () => ({ direction: 'flat', strength: 1, rationale: 'steady' }));
    const { pipeline, signals, errors, slots } = pipelineWith([flaky, steady]);
    for (const bar of bars.slice(0, 4)) pipeline.push(bar);
    expect(signals.map((s) => s.strategy)).toEqual(['flaky', 'steady', 'steady', 'steady', 'steady']);
    expect(errors.map((e) => e.message)).toEqual(['strategy "flaky" on bybit BTCUSDT 1m failed in onCandle: divide by zero']);
    expect(stops).toEqual(['error']);
    expect(slots[0]!.strategy.status.state).toBe('error');
    expect(slots[1]!.strategy.status.state).toBe('running');
  });

  it('replay runs the same pipeline and stamps receivedAt with each bar close by default', () => {
    const always = scriptedStrategy('always', () => ({ direction: 'flat', strength: 1, rationale: 'x' }));
    const { signals, bars: count } = replaySignals({ series, strategies: [{ definition: always }], candles: bars.slice(0, 3) });
    expect(count).toBe(3);
    expect(signals.map((s) => s.receivedAt)).toEqual(bars.slice(0, 3).map((b) => b.openTime + 60_000));
    const live = pipelineWith([always]);
    for (const bar of bars.slice(0, 3)) live.pipeline.push(bar);
    expect(signals.map((s) => s.id)).toEqual(live.signals.map((s) => s.id));
    const columns = toColumns(bars.slice(0, 3));
    expect(replaySignals({ series, strategies: [{ definition: always }], candles: columns }).signals).toEqual(signals);
  });
});
