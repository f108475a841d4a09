import { ValidationError } from '../../core/errors';
import type { CandleColumns, SeriesKey } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { RegimeState } from '../../model/regime';
import { nextOpenTime } from '../../model/timeframe';
import type { RegimeModel } from '../../regime/regime-model';
import { fitRegimeModel, minimumCandles } from '../../regime/regime-fit';
import { warmUpOf } from '../../strategy/strategy-definition';
import { resolveParams } from '../../strategy/strategy-params';
import { warmUpWindow } from '../../strategy/strategy-slot';
import type { StrategyDefinition, StrategyParams } from '../../strategy/strategy-api';
import type { BacktestConfig } from '../backtest-config';
import { annualBasis } from '../simulation/backtest-result';
import type { BacktestServiceDeps } from '../backtest-service';
import { modulationTable, type PreparedData } from './prepared-data';

/** Decimals of a step such as 0.001 (3) or 1 (0). */
function decimalsOf(step: number): number {
  const text = step.toFixed(12).replace(/0+$/, '');
  const dot = text.indexOf('.');
  return dot < 0 || dot === text.length - 1 ? 0 : text.length - dot - 1;
}

/**
 * The instrument a backtest trades: the stored one (its tick, lot step and minimums), with the configuration's
 * overrides on top; without a stored one, 8 decimals for prices and quantities and no minimums. A lot step of 1
 * trades whole units (shares of a stock series).
 */
export function instrumentFor(stored: Instrument | undefined, config: BacktestConfig): Instrument {
  const [base = config.symbol, quote = 'USD'] = config.symbol.includes('/') ? config.symbol.split('/') : [config.symbol.replace(/(USDT|USDC|USD|BUSD)$/, ''), config.symbol.match(/(USDT|USDC|USD|BUSD)$/)?.[0] ?? 'USD'];
  const fallback: Instrument = {
    venue: config.venue,
    symbol: config.symbol,
    base,
    quote,
    kind: 'spot',
    contract: 'none',
    tickSize: 1e-8,
    lotStep: 1e-8,
    minQuantity: 0,
    minNotional: 0,
    priceScale: 8,
    quantityScale: 8,
    active: true,
  };
  const o = config.instrument ?? {};
  const instrument = stored ?? fallback;
  const lotStep = o.lotStep ?? instrument.lotStep;
  const tickSize = o.tickSize ?? instrument.tickSize;
  return {
    ...instrument,
    ...(o.kind ? { kind: o.kind, contract: o.kind === 'linear' ? 'perpetual' : 'none' } : {}),
    lotStep,
    tickSize,
    minNotional: o.minNotional ?? instrument.minNotional,
    minQuantity: o.lotStep !== undefined ? Math.max(lotStep, Math.min(instrument.minQuantity, lotStep)) : instrument.minQuantity,
    quantityScale: Math.max(o.lotStep !== undefined ? decimalsOf(lotStep) : instrument.quantityScale, decimalsOf(lotStep)),
    priceScale: Math.max(o.tickSize !== undefined ? decimalsOf(tickSize) : instrument.priceScale, decimalsOf(tickSize)),
  };
}

function concat(a: CandleColumns, b: CandleColumns): CandleColumns {
  return {
    openTime: [...a.openTime, ...b.openTime],
    open: [...a.open, ...b.open],
    high: [...a.high, ...b.high],
    low: [...a.low, ...b.low],
    close: [...a.close, ...b.close],
    volume: [...a.volume, ...b.volume],
  };
}

/** Bars [start, end) of a column set. */
export function sliceColumns(c: CandleColumns, start: number, end: number): CandleColumns {
  return {
    openTime: c.openTime.slice(start, end),
    open: c.open.slice(start, end),
    high: c.high.slice(start, end),
    low: c.low.slice(start, end),
    close: c.close.slice(start, end),
    volume: c.volume.slice(start, end),
  };
}

export type Loaded = { readonly data: PreparedData; readonly definition: StrategyDefinition; readonly params: StrategyParams };

/**
 * Reads what a backtest needs from the store: the strategy and its parameters (checked), the tested bars and a
 * pool of earlier bars for the warm-up (`warmUpParams` are the largest parameters an optimisation will try), the
 * instrument, the regime model fitted on bars before the test only, the strategy's regime modulation, and the
 * sentiment and flow known at each bar's close.
 */
export async function loadData(deps: BacktestServiceDeps, config: BacktestConfig, warmUpParams: readonly Readonly<Record<string, unknown>>[] = []): Promise<Loaded> {
  const registered = deps.strategies.get(config.strategy);
  const definition = registered.definition;
  const params = resolveParams(definition, config.params);
  const series: SeriesKey = { venue: config.venue, symbol: config.symbol, timeframe: config.timeframe };
  let warm = warmUpWindow(warmUpOf(definition, params));
  for (const extra of warmUpParams) warm = Math.max(warm, warmUpWindow(warmUpOf(definition, resolveParams(definition, { ...config.params, ...extra }))));
  const fit = config.regime.mode === 'fit-before' ? config.regime : undefined;
  const tested = deps.candles.range(series, { from: config.from, to: config.to });
  if (tested.openTime.length === 0) {
    throw new ValidationError(`no stored candles for ${series.venue} ${series.symbol} ${series.timeframe}${config.from !== undefined || config.to !== undefined ? ' in the range asked for' : ''}; download or import them first`);
  }
  let candles = tested;
  let tradeStart = 0;
  let trainEnd = 0;
  if (config.from !== undefined && config.from > 0) {
    const before = deps.candles.range(series, { to: config.from - 1, limit: warm + (fit?.trainBars ?? 0) });
    candles = concat(before, tested);
    tradeStart = before.openTime.length;
    trainEnd = tradeStart;
  }
  let regimeModel: RegimeModel | undefined;
  if (fit) {
    if (trainEnd === 0) {
      // No bars before the range: the first trainBars bars train the model and the test starts after them.
      trainEnd = Math.min(fit.trainBars, candles.openTime.length - 1);
      tradeStart = trainEnd;
    }
    const train = sliceColumns(candles, Math.max(0, trainEnd - fit.trainBars), trainEnd);
    const needed = minimumCandles(fit.states);
    if (train.openTime.length < needed) {
      throw new ValidationError(
        `the regime model is fitted on bars before the test only: ${train.openTime.length} are there, at least ${needed} needed for ${fit.states} states; start the test later or fit fewer states`,
      );
    }
    regimeModel = await fitRegimeModel({ key: series, candles: train, states: fit.states, id: `backtest-${series.symbol}-${train.openTime[0]}`, version: 0, now: () => deps.clock.now(), seed: fit.seed });
    if (tradeStart >= candles.openTime.length) throw new ValidationError('no bars are left to test after the regime model’s training bars');
  }
  let storedRegimes: (RegimeState | undefined)[] | undefined;
  if (config.regime.mode === 'stored') {
    storedRegimes = deps.storedRegimes?.(series, candles);
    if (!storedRegimes?.some((s) => s !== undefined)) {
      throw new ValidationError(
        `no stored regime states for ${series.venue} ${series.symbol} ${series.timeframe} in the range that the engine knew at the time; fit a model and let the engine follow the series, or use a model fitted before the test`,
      );
    }
  }
  const stored = deps.instruments.get(config.venue, config.symbol);
  const instrument = instrumentFor(stored, config);
  const context = contextArrays(deps, series, candles);
  return {
    definition,
    params,
    data: {
      series,
      instrument,
      strategy: { name: definition.name, ...(registered.file ? { file: registered.file } : {}) },
      candles,
      tradeStart,
      ...(regimeModel ? { regimeModel } : {}),
      ...(storedRegimes ? { storedRegimes } : {}),
      ...(deps.modulationFor ? { modulation: modulationTable(definition.name, deps.modulationFor, series) } : {}),
      ...context,
      periods: annualBasis(series.timeframe, instrument.kind),
    },
  };
}

/** Sentiment and flow known at each bar's close, looked up once; left out when the engine knows none. */
function contextArrays(deps: BacktestServiceDeps, series: SeriesKey, candles: CandleColumns): Pick<PreparedData, 'sentiment' | 'flow'> {
  const context = deps.context;
  if (!context) return {};
  const closes = candles.openTime.map((t) => nextOpenTime(series.timeframe, t));
  const sentiment = context.sentiment ? closes.map((at) => context.sentiment!(series, at)) : undefined;
  const flow = context.flow ? closes.map((at) => context.flow!(series, at)) : undefined;
  return {
    ...(sentiment?.some((s) => s !== undefined) ? { sentiment } : {}),
    ...(flow?.some((f) => f !== undefined) ? { flow } : {}),
  };
}
