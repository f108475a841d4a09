import { StrategyError } from '../core/errors';
import type { SeriesKey } from '../model/candle';
import type { StrategySignal } from '../model/signal';
import { checkHookResult } from './signal-validation';
import type { HookResult, OnCandleOptions, Strategy, StrategyDefinition, StrategyParams } from './strategy-api';

const NOTHING: readonly StrategySignal[] = Object.freeze([]);

export type StrategyState = 'running' | 'stopped' | 'error';

export type StrategyStatus = {
  readonly state: StrategyState;
  /** The error that stopped it, as a trader reads it. */
  readonly error?: string;
};

/** `bybit BTCUSDT 1m`: how a series is named in messages. */
export function seriesLabel(series: SeriesKey): string {
  return `${series.venue} ${series.symbol} ${series.timeframe}`;
}

/**
 * One strategy running on one series, behind the engine's wrapper: every hook is called with frozen
 * snapshots, a throw or an invalid result becomes a `StrategyError` naming the strategy, the series
 * and the hook, and a strategy that failed is stopped (its `onStop` hears reason "error") and
 * returns nothing more, while the pipeline goes on with the others.
 */
export class RunningStrategy {
  private strategy: Strategy | undefined;
  private current: StrategyStatus = { state: 'running' };

  constructor(
    readonly definition: StrategyDefinition,
    readonly params: StrategyParams,
    readonly series: SeriesKey,
  ) {
    const strategy = this.guard('create', () => definition.create(Object.freeze({ params, series })));
    if (typeof strategy !== 'object' || strategy === null || typeof strategy.onCandle !== 'function') {
      throw this.fail('create', new Error('create() must return an object with an onCandle function'));
    }
    this.strategy = strategy;
    if (strategy.onStart) {
      const onStart = strategy.onStart.bind(strategy);
      this.guard('onStart', () => onStart(Object.freeze({ series })));
    }
  }

  get status(): StrategyStatus {
    return this.current;
  }

  get active(): boolean {
    return this.current.state === 'running';
  }

  /**
   * Calls `onCandle` with a frozen options object (the caller freezes the snapshots it holds) and
   * returns the validated signals; throws the `StrategyError` after stopping the strategy.
   */
  onCandle(options: OnCandleOptions): readonly StrategySignal[] {
    const strategy = this.strategy;
    if (!strategy || this.current.state !== 'running') return NOTHING;
    // Called on every bar: no closure, and nothing to check when the strategy returns nothing.
    let result: HookResult;
    try {
      result = strategy.onCandle(options);
    } catch (error) {
      throw this.fail('onCandle', error);
    }
    if (result === undefined) return NOTHING;
    const checked = checkHookResult(result, options.candle.close);
    if (typeof checked === 'string') throw this.fail('onCandle', new Error(`returned an invalid signal: ${checked}`), `bar ${new Date(options.candle.openTime).toISOString()}`);
    return checked;
  }

  /** Stops it on purpose; `onStop` hears reason "stopped". Stopping twice does nothing. */
  stop(): void {
    if (this.current.state !== 'running') return;
    this.current = { state: 'stopped' };
    this.callOnStop('stopped');
  }

  private guard<T>(hook: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw this.fail(hook, error);
    }
  }

  private fail(hook: string, error: unknown, where?: string): StrategyError {
    if (error instanceof StrategyError) return error;
    const reason = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    const failure = new StrategyError(
      `strategy "${this.definition.name}" on ${seriesLabel(this.series)} failed in ${hook}${where ? ` (${where})` : ''}: ${reason}`,
      { cause: error },
    );
    if (this.current.state === 'running') {
      this.current = Object.freeze({ state: 'error', error: failure.message });
      this.callOnStop('error');
    }
    return failure;
  }

  private callOnStop(reason: 'stopped' | 'error'): void {
    const strategy = this.strategy;
    this.strategy = undefined;
    // A throw from onStop cannot stop anything more; the first error is the one worth reporting.
    try {
      strategy?.onStop?.(Object.freeze({ series: this.series, reason }));
    } catch {
      /* already stopped */
    }
  }
}
