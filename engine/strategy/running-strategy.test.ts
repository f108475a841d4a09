import { describe, expect, it } from 'vitest';
import { StrategyError } from '../core/errors';
import type { SeriesKey } from '../model/candle';
import { generateCandles } from '../testing/candles';
import { scriptedStrategy } from '../testing/strategies';
import { CandleRing } from './candle-history';
import { RunningStrategy } from './running-strategy';
import { resolveParams } from './strategy-params';
import type { OnCandleOptions, StrategyDefinition } from './strategy-api';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
const bars = generateCandles(5);

function options(bar = 0): OnCandleOptions {
  const history = new CandleRing(3);
  history.push(bars[bar]!);
  return Object.freeze({ series, candle: bars[bar]!, history: history.view });
}

function run(definition: StrategyDefinition): RunningStrategy {
  return new RunningStrategy(definition, resolveParams(definition), series);
}

describe('RunningStrategy (the safe-call wrapper)', () => {
  it('turns a throw in onCandle into a StrategyError naming strategy, series and hook, and stops it', () => {
    const stops: string[] = [];
    const running = run(scriptedStrategy('boom', () => {
      throw new RangeError('index 7 out of range');
    }, { stops }));
    let error: unknown;
    try {
      running.onCandle(options());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as Error).message).toBe('strategy "boom" on bybit BTCUSDT 1m failed in onCandle: RangeError: index 7 out of range');
    expect((error as Error).cause).toBeInstanceOf(RangeError);
    expect(running.status).toEqual({ state: 'error', error: (error as Error).message });
    expect(stops).toEqual(['error']);
    // Stopped: it is not called again and returns nothing.
    expect(running.onCandle(options(1))).toEqual([]);
  });

  it('reports a throw in create and in onStart', () => {
    const bad: StrategyDefinition = { ...scriptedStrategy('bad-create', () => undefined), create: () => { throw new Error('no state'); } };
    expect(() => run(bad)).toThrow('strategy "bad-create" on bybit BTCUSDT 1m failed in create: no state');
    const noHook: StrategyDefinition = { ...scriptedStrategy('no-hook', () => undefined), create: () => ({}) as never };
    expect(() => run(noHook)).toThrow(/failed in create: create\(\) must return an object with an onCandle function/);
    const badStart: StrategyDefinition = {
      ...scriptedStrategy('bad-start', () => undefined),
      create: () => ({ onCandle: () => undefined, onStart: () => { throw new Error('cannot start'); } }),
    };
    expect(() => run(badStart)).toThrow('strategy "bad-start" on bybit BTCUSDT 1m failed in onStart: cannot start');
  });

  it('passes frozen snapshots: candle, history, options and parameters cannot be changed', () => {
    const attempts: string[] = [];
    const definition: StrategyDefinition = {
      ...scriptedStrategy('mutator', () => undefined),
      create: ({ params }) => ({
        onCandle: (o) => {
          for (const [what, mutate] of [
            ['candle', () => ((o.candle as { close: number }).close = 1)],
            ['history', () => ((o.history as { at: unknown }).at = null)],
            ['options', () => ((o as { candle: unknown }).candle = null)],
            ['params', () => ((params as Record<string, unknown>).tag = 5)],
          ] as const) {
            try {
              mutate();
            } catch (error) {
              if (error instanceof TypeError) attempts.push(what);
            }
          }
          return undefined;
        },
      }),
    };
    const candle = Object.freeze({ ...bars[0]! });
    const history = new CandleRing(2);
    history.push(candle);
    run(definition).onCandle(Object.freeze({ series, candle, history: history.view }));
    expect(attempts).toEqual(['candle', 'history', 'options', 'params']);
  });

  it.each([
    [{ direction: 'up', strength: 1, rationale: 'x' }, 'direction must be "long", "short" or "flat", got "up"'],
    [{ direction: 'long', strength: 1.2, rationale: 'x' }, 'strength must be a number in [0, 1], got 1.2'],
    [{ direction: 'long', strength: Number.NaN, rationale: 'x' }, 'strength must be a number in [0, 1], got NaN'],
    [{ direction: 'long', strength: 0.5, rationale: '' }, 'rationale must be a non-empty sentence'],
    [{ direction: 'long', strength: 0.5, rationale: 'x', stop: Number.POSITIVE_INFINITY }, 'stop must be a finite positive price, got Infinity'],
    [{ direction: 'long', strength: 0.5, rationale: 'x', stop: 1e9 }, 'stop 1000000000 of a long signal must be below the price'],
    [{ direction: 'long', strength: 0.5, rationale: 'x', target: 1 }, 'target 1 of a long signal must be above the price'],
    [{ direction: 'short', strength: 0.5, rationale: 'x', stop: 1 }, 'stop 1 of a short signal must be above the price'],
    [{ direction: 'short', strength: 0.5, rationale: 'x', target: 1e9 }, 'target 1000000000 of a short signal must be below the price'],
    [{ direction: 'flat', strength: 1, rationale: 'x', stop: 1 }, 'a flat signal closes positions; it has no stop'],
    [{ direction: 'long', strength: 0.5, rationale: 'x', probability: 2 }, 'probability must be a number in [0, 1], got 2'],
    ['long', 'a signal must be an object, got string'],
  ])('rejects a bad signal %j', (signal, problem) => {
    const running = run(scriptedStrategy('bad-signal', () => signal as never));
    expect(() => running.onCandle(options())).toThrow(StrategyError);
    expect(running.status.state).toBe('error');
    expect(running.status.error).toContain('failed in onCandle (bar 2024-01-01T00:00:00.000Z): returned an invalid signal: ');
    expect(running.status.error).toContain(problem);
  });

  it('names the bad signal in a list', () => {
    const running = run(scriptedStrategy('list', () => [{ direction: 'flat', strength: 1, rationale: 'ok' }, { direction: 'long', strength: -1, rationale: 'x' }]));
    expect(() => running.onCandle(options())).toThrow(/signal 1: strength must be a number in \[0, 1\], got -1/);
  });

  it('accepts nothing, one signal or several, with stops and targets on the right side', () => {
    const price = bars[0]!.close;
    const results = [
      undefined,
      { direction: 'long', strength: 0.7, stop: price * 0.99, target: price * 1.02, rationale: 'up' },
      [
        { direction: 'flat', strength: 1, rationale: 'out' },
        { direction: 'short', strength: 0.3, stop: price * 1.01, target: price * 0.98, rationale: 'down', probability: 0.6 },
      ],
    ] as const;
    const running = run(scriptedStrategy('ok', (_o, bar) => results[bar] as never));
    expect(running.onCandle(options())).toEqual([]);
    expect(running.onCandle(options())).toHaveLength(1);
    expect(running.onCandle(options())).toHaveLength(2);
    expect(running.status).toEqual({ state: 'running' });
  });

  it('stop() calls onStop once with reason "stopped"', () => {
    const stops: string[] = [];
    const running = run(scriptedStrategy('stoppable', () => undefined, { stops }));
    running.stop();
    running.stop();
    expect(stops).toEqual(['stopped']);
    expect(running.status.state).toBe('stopped');
    expect(running.onCandle(options())).toEqual([]);
  });
});
