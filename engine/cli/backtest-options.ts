import { ValidationError } from '../core/errors';
import type { BacktestConfigInput, ParameterRange } from '../backtest/backtest-config';

/** What `stratus backtest`, `optimize` and `walkforward` share on the command line. */
export type BacktestCliOptions = {
  strategy: string;
  venue: string;
  symbol: string;
  timeframe: string;
  param: string[];
  from?: string;
  to?: string;
  equity: string;
  makerBps: string;
  takerBps: string;
  slippage: string;
  sizing: string;
  leverage: string;
  fill: string;
  leaveOpen?: boolean;
  approval: string;
  regimeStates?: string;
  storedRegimes?: boolean;
  orderPath: string;
  regimeTrain: string;
  lotStep?: string;
  tickSize?: string;
  db: string;
  json?: boolean;
  report?: string;
};

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function number(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new ValidationError(`${option} "${text}" is not a number`);
  return n;
}

/** A parameter value as the strategy expects it: true/false, a number, or the text. */
function value(text: string): number | string | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

export function parseTime(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) throw new ValidationError(`${option} "${text}" is not a date (use 2024-01-31, an ISO time, or ms since 1970)`);
  return ms;
}

/** `--param fast=10 --param reverse=true` */
export function parseParams(pairs: readonly string[]): Record<string, number | string | boolean> {
  const params: Record<string, number | string | boolean> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ValidationError(`--param "${pair}" is not name=value`);
    params[pair.slice(0, eq)] = value(pair.slice(eq + 1));
  }
  return params;
}

/** `none`, `fixed:BPS` or `volatility:FACTOR[:MAXBPS]`. */
function parseSlippage(text: string): BacktestConfigInput['slippage'] {
  const [mode, a, b] = text.split(':');
  if (mode === 'none' && a === undefined) return { mode: 'none' };
  if (mode === 'fixed' && a !== undefined) return { mode: 'fixed', bps: number(a, '--slippage fixed:BPS') };
  if (mode === 'volatility') return { mode: 'volatility', ...(a ? { factor: number(a, '--slippage volatility:FACTOR') } : {}), ...(b ? { maxBps: number(b, '--slippage volatility:FACTOR:MAXBPS') } : {}) };
  throw new ValidationError(`--slippage "${text}": use none, fixed:BPS or volatility:FACTOR[:MAXBPS]`);
}

/** `equity-fraction:F`, `fixed-quantity:Q`, `all-equity`, `risk-per-trade:F`, `volatility-target:F:ATRS`, `kelly:F:MAX`. */
function parseSizing(text: string): BacktestConfigInput['sizing'] {
  const [mode, a, b] = text.split(':');
  const n = (x: string | undefined, what: string) => number(x ?? '', `--sizing ${mode}:${what}`);
  switch (mode) {
    case 'equity-fraction':
      return { mode, fraction: n(a, 'FRACTION') };
    case 'fixed-quantity':
      return { mode, quantity: n(a, 'QUANTITY') };
    case 'all-equity':
      return { mode };
    case 'risk-per-trade':
      return { mode, riskFraction: n(a, 'FRACTION') };
    case 'volatility-target':
      return { mode, riskFraction: n(a, 'FRACTION'), atrMultiple: n(b, 'FRACTION:ATRS') };
    case 'kelly':
      return { mode, kellyFraction: n(a, 'FRACTION'), maxFraction: n(b, 'FRACTION:MAX') };
    default:
      throw new ValidationError(`--sizing "${text}": use equity-fraction:F, fixed-quantity:Q, all-equity, risk-per-trade:F, volatility-target:F:ATRS or kelly:F:MAX`);
  }
}

/** `all`, `delay:BARS` or `reject:MINSTRENGTH[:long|short]`. */
function parseApproval(text: string): BacktestConfigInput['approval'] {
  const [mode, a, b] = text.split(':');
  if (mode === 'all' && a === undefined) return { policy: 'approve-all' };
  if (mode === 'delay' && a !== undefined) return { policy: 'delay', bars: number(a, '--approval delay:BARS') };
  if (mode === 'reject' && a !== undefined) {
    if (b !== undefined && b !== 'long' && b !== 'short') throw new ValidationError(`--approval "${text}": the side is long or short`);
    return { policy: 'reject-rule', minStrength: number(a, '--approval reject:MINSTRENGTH'), ...(b ? { sides: [b] } : {}) };
  }
  throw new ValidationError(`--approval "${text}": use all, delay:BARS or reject:MINSTRENGTH[:long|short]`);
}

/** The backtest configuration the options describe (checked by the same schema as the API afterwards). */
export function configInput(o: BacktestCliOptions): BacktestConfigInput {
  if (o.fill !== 'next-open' && o.fill !== 'close') throw new ValidationError(`--fill "${o.fill}": use next-open or close`);
  return {
    strategy: o.strategy,
    params: parseParams(o.param),
    venue: o.venue,
    symbol: o.symbol,
    timeframe: o.timeframe as BacktestConfigInput['timeframe'],
    ...(o.from !== undefined ? { from: parseTime(o.from, '--from') } : {}),
    ...(o.to !== undefined ? { to: parseTime(o.to, '--to') } : {}),
    initialEquity: number(o.equity, '--equity'),
    fees: { makerBps: number(o.makerBps, '--maker-bps'), takerBps: number(o.takerBps, '--taker-bps') },
    slippage: parseSlippage(o.slippage),
    sizing: parseSizing(o.sizing),
    maxLeverage: number(o.leverage, '--leverage'),
    fillTiming: o.fill,
    closeAtEnd: !o.leaveOpen,
    approval: parseApproval(o.approval),
    orderPath: o.orderPath as BacktestConfigInput['orderPath'],
    regime: o.storedRegimes
      ? { mode: 'stored' }
      : o.regimeStates !== undefined
        ? { mode: 'fit-before', states: number(o.regimeStates, '--regime-states'), trainBars: number(o.regimeTrain, '--regime-train') }
        : { mode: 'none' },
    ...(o.lotStep !== undefined || o.tickSize !== undefined
      ? { instrument: { ...(o.lotStep !== undefined ? { lotStep: number(o.lotStep, '--lot-step') } : {}), ...(o.tickSize !== undefined ? { tickSize: number(o.tickSize, '--tick-size') } : {}) } }
      : {}),
  };
}

/** `--range fast=5:50:5` (min:max:step) or `--range reverse=true,false` (a list). */
export function parseRanges(specs: readonly string[]): ParameterRange[] {
  if (specs.length === 0) throw new ValidationError('give at least one --range name=min:max:step or name=a,b,c');
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new ValidationError(`--range "${spec}" is not name=min:max:step or name=a,b,c`);
    const name = spec.slice(0, eq);
    const body = spec.slice(eq + 1);
    const parts = body.split(':');
    if (parts.length === 3) {
      const [min, max, step] = parts.map((p) => number(p, `--range ${name}`)) as [number, number, number];
      return { name, min, max, step };
    }
    return { name, values: body.split(',').map(value) };
  });
}
