import type { Candle } from '../model/candle';
import { Adx } from './adx';
import { Atr } from './atr';
import { BollingerBands } from './bollinger-bands';
import { Ema } from './ema';
import type { Indicator } from './indicator';
import { Macd } from './macd';
import { Obv } from './obv';
import { RealizedVolatility } from './realized-volatility';
import { RollingZScore } from './rolling-z-score';
import { Rsi } from './rsi';
import { SessionVwap } from './session-vwap';
import { Sma } from './sma';
import { Stochastic } from './stochastic';
import { Twap } from './twap';
import { Wma } from './wma';

/**
 * The indicators a trader can pick for a chart, described for the API (`indicators.list`) and built
 * from validated parameters (`indicators.compute`). Rolling correlation is left out: it needs a second
 * series, which a single-series overlay does not have.
 */
export type ParamSpec = {
  readonly name: string;
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (periods); otherwise any number in range, in steps of `step` in the UI. */
  readonly integer: boolean;
  readonly step: number;
};

export type OutputSpec = {
  readonly key: string;
  readonly label: string;
  /** How a chart draws it; `hidden` outputs are computed and returned but not drawn by default. */
  readonly style: 'line' | 'histogram' | 'hidden';
};

/** What `indicators.list` returns for one indicator. */
export type IndicatorDescription = {
  readonly id: string;
  readonly label: string;
  readonly name: string;
  /** `price`: drawn over the candles on the price scale; `separate`: in its own pane below. */
  readonly pane: 'price' | 'separate';
  readonly params: readonly ParamSpec[];
  readonly outputs: readonly OutputSpec[];
  /** Reference lines for oscillators (RSI 30/70, Stochastic 20/80…). */
  readonly levels: readonly number[];
};

export type IndicatorParams = Readonly<Record<string, number>>;
type Output = number | Readonly<Record<string, number>>;

/** Builds a fresh indicator fed with whole bars; price indicators read the close. */
export type IndicatorFactory = (params: IndicatorParams, context: { readonly timeframeMs: number }) => Indicator<Candle, Output>;

export type CatalogEntry = IndicatorDescription & { readonly create: IndicatorFactory };

const YEAR_MS = 365.25 * 86_400_000;

const period = (defaultValue: number, min = 1, max = 1_000, label = 'Period'): ParamSpec => ({
  name: 'period',
  label,
  default: defaultValue,
  min,
  max,
  integer: true,
  step: 1,
});
const int = (name: string, label: string, defaultValue: number, min: number, max: number): ParamSpec => ({ name, label, default: defaultValue, min, max, integer: true, step: 1 });
const line = (key: string, label: string): OutputSpec => ({ key, label, style: 'line' });
const VALUE = [line('value', 'Value')];

/** Feeds closes of bars to a price indicator. */
function onClose(indicator: Indicator<number, Output>): Indicator<Candle, Output> {
  return {
    update: (bar) => indicator.update(bar.close),
    get value() {
      return indicator.value;
    },
    get isReady() {
      return indicator.isReady;
    },
    warmUp: indicator.warmUp,
    reset: () => indicator.reset(),
  };
}

const p = (params: IndicatorParams, name: string): number => params[name] as number;

export const INDICATOR_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'sma',
    label: 'SMA',
    name: 'Simple moving average',
    pane: 'price',
    params: [period(20)],
    outputs: VALUE,
    levels: [],
    create: (params) => onClose(new Sma(p(params, 'period'))),
  },
  {
    id: 'ema',
    label: 'EMA',
    name: 'Exponential moving average',
    pane: 'price',
    params: [period(21)],
    outputs: VALUE,
    levels: [],
    create: (params) => onClose(new Ema(p(params, 'period'))),
  },
  {
    id: 'wma',
    label: 'WMA',
    name: 'Weighted moving average',
    pane: 'price',
    params: [period(20)],
    outputs: VALUE,
    levels: [],
    create: (params) => onClose(new Wma(p(params, 'period'))),
  },
  {
    id: 'bollinger',
    label: 'Bollinger',
    name: 'Bollinger Bands',
    pane: 'price',
    params: [period(20, 2), { name: 'multiplier', label: 'Std dev ×', default: 2, min: 0.1, max: 10, integer: false, step: 0.1 }],
    outputs: [line('upper', 'Upper'), line('middle', 'Middle'), line('lower', 'Lower'), { key: 'bandwidth', label: 'Bandwidth', style: 'hidden' }, { key: 'percentB', label: '%B', style: 'hidden' }],
    levels: [],
    create: (params) => onClose(new BollingerBands(p(params, 'period'), p(params, 'multiplier'))),
  },
  {
    id: 'vwap',
    label: 'VWAP',
    name: 'Session VWAP (UTC sessions)',
    pane: 'price',
    params: [int('sessionHours', 'Session hours', 24, 1, 168)],
    outputs: VALUE,
    levels: [],
    create: (params) => new SessionVwap({ sessionMs: p(params, 'sessionHours') * 3_600_000 }),
  },
  {
    id: 'twap',
    label: 'TWAP',
    name: 'Session TWAP (UTC sessions)',
    pane: 'price',
    params: [int('sessionHours', 'Session hours', 24, 1, 168)],
    outputs: VALUE,
    levels: [],
    create: (params) => new Twap({ mode: 'session', sessionMs: p(params, 'sessionHours') * 3_600_000 }),
  },
  {
    id: 'rsi',
    label: 'RSI',
    name: 'Relative strength index (Wilder)',
    pane: 'separate',
    params: [period(14, 2)],
    outputs: VALUE,
    levels: [30, 70],
    create: (params) => onClose(new Rsi(p(params, 'period'))),
  },
  {
    id: 'macd',
    label: 'MACD',
    name: 'Moving average convergence/divergence',
    pane: 'separate',
    params: [int('fast', 'Fast', 12, 1, 500), int('slow', 'Slow', 26, 2, 1_000), int('signal', 'Signal', 9, 1, 500)],
    outputs: [line('macd', 'MACD'), line('signal', 'Signal'), { key: 'histogram', label: 'Histogram', style: 'histogram' }],
    levels: [0],
    create: (params) => onClose(new Macd(p(params, 'fast'), p(params, 'slow'), p(params, 'signal'))),
  },
  {
    id: 'stochastic',
    label: 'Stoch',
    name: 'Stochastic oscillator',
    pane: 'separate',
    params: [int('kPeriod', '%K period', 14, 1, 1_000), int('kSmoothing', '%K smoothing', 3, 1, 100), int('dPeriod', '%D period', 3, 1, 100)],
    outputs: [line('k', '%K'), line('d', '%D')],
    levels: [20, 80],
    create: (params) => new Stochastic(p(params, 'kPeriod'), p(params, 'kSmoothing'), p(params, 'dPeriod')),
  },
  {
    id: 'atr',
    label: 'ATR',
    name: 'Average true range (Wilder)',
    pane: 'separate',
    params: [period(14)],
    outputs: VALUE,
    levels: [],
    create: (params) => new Atr(p(params, 'period')),
  },
  {
    id: 'adx',
    label: 'ADX',
    name: 'Average directional index with ±DI (Wilder)',
    pane: 'separate',
    params: [period(14)],
    outputs: [line('adx', 'ADX'), line('plusDi', '+DI'), line('minusDi', '−DI'), { key: 'dx', label: 'DX', style: 'hidden' }],
    levels: [25],
    create: (params) => new Adx(p(params, 'period')),
  },
  {
    id: 'obv',
    label: 'OBV',
    name: 'On-balance volume',
    pane: 'separate',
    params: [],
    outputs: VALUE,
    levels: [],
    create: () => new Obv(),
  },
  {
    id: 'realized-volatility',
    label: 'RVol',
    name: 'Realised volatility, annualised for the timeframe (24/7)',
    pane: 'separate',
    params: [period(20, 2, 10_000)],
    outputs: VALUE,
    levels: [],
    create: (params, { timeframeMs }) => onClose(new RealizedVolatility(p(params, 'period'), { barsPerYear: YEAR_MS / timeframeMs })),
  },
  {
    id: 'zscore',
    label: 'Z-score',
    name: 'Rolling z-score of the close',
    pane: 'separate',
    params: [period(20, 2, 10_000)],
    outputs: VALUE,
    levels: [-2, 0, 2],
    create: (params) => onClose(new RollingZScore(p(params, 'period'))),
  },
];

const BY_ID = new Map(INDICATOR_CATALOG.map((entry) => [entry.id, entry]));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The catalog without its factories: what crosses the API. */
export function describeCatalog(): IndicatorDescription[] {
  return INDICATOR_CATALOG.map(({ id, label, name, pane, params, outputs, levels }) => ({ id, label, name, pane, params, outputs, levels }));
}
