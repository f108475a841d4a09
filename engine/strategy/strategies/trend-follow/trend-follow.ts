import { Adx } from '../../../indicators/adx';
import { Atr } from '../../../indicators/atr';
import { Macd } from '../../../indicators/macd';
import type { FlowSnapshot } from '../../../model/flow';
import type { StrategySignal } from '../../../model/signal';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyParams } from '../../strategy-api';
import { atrLevels, atrParameters, clamp01, CrossDetector, fixed, signed } from '../strategy-helpers';

const read = (params: StrategyParams) => ({
  fast: params.fast as number,
  slow: params.slow as number,
  signal: params.signal as number,
  adxPeriod: params.adxPeriod as number,
  adxMin: params.adxMin as number,
  confirmBars: params.confirmBars as number,
  atrPeriod: params.atrPeriod as number,
  stopAtr: params.stopAtr as number,
  targetAtr: params.targetAtr as number,
  allowShort: params.allowShort as boolean,
  useFlow: params.useFlow as boolean,
  flowVeto: params.flowVeto as number,
  flowMin: params.flowMin as number,
});

type Side = 'long' | 'short';

/**
 * Whale flow's say on an entry. Net inflow to exchanges is coins arriving to be sold: it weakens longs
 * (vetoes them past `veto` of the total flow) and strengthens shorts; net outflow the reverse. Flows
 * smaller than `min` coins in total are noise and change nothing.
 */
export function flowEffect(side: Side, flow: FlowSnapshot | undefined, veto: number, min: number): { factor: number; veto: boolean; note: string } {
  if (!flow) return { factor: 1, veto: false, note: '' };
  const total = flow.inflow + flow.outflow;
  if (total < min || total <= 0) return { factor: 1, veto: false, note: '' };
  const pressure = flow.netFlow / total; // +1 all inflow (sell pressure), −1 all outflow
  const against = side === 'long' ? pressure : -pressure;
  const what = `exchange net ${flow.netFlow >= 0 ? 'inflow' : 'outflow'} ${fixed(Math.abs(flow.netFlow), 0)} ${flow.asset}`;
  if (against >= veto) return { factor: 0, veto: true, note: `${what} against` };
  if (against > 0.05) return { factor: 1 - against, veto: false, note: `${what} weakens it` };
  if (against < -0.05) return { factor: 1 - against / 2, veto: false, note: `${what} supports it` };
  return { factor: 1, veto: false, note: '' };
}

/**
 * Trend following: the EMA fast/slow cross (the sign of the MACD line) opens the trade once the MACD
 * histogram agrees and ADX says the market trends (within `confirmBars` of the cross, while the EMAs
 * keep their order); the opposite cross closes it, or reverses it when shorts are allowed and
 * confirmed. Stop and target from ATR. Exchange flow of the base asset, when known, weakens, vetoes or
 * strengthens entries.
 */
export const trendFollow: StrategyDefinition = {
  name: 'trend-follow',
  apiVersion: STRATEGY_API_VERSION,
  description: 'EMA cross confirmed by the MACD histogram and an ADX trend filter; whale-flow-aware.',
  parameters: [
    { name: 'fast', kind: 'integer', default: 12, min: 2, max: 200, description: 'Bars in the fast EMA' },
    { name: 'slow', kind: 'integer', default: 26, min: 3, max: 500, description: 'Bars in the slow EMA (longer than fast)' },
    { name: 'signal', kind: 'integer', default: 9, min: 2, max: 100, description: 'Bars in the MACD signal line' },
    { name: 'adxPeriod', kind: 'integer', default: 14, min: 2, max: 100, description: 'Bars in the ADX' },
    { name: 'adxMin', kind: 'number', default: 25, min: 0, max: 100, description: 'ADX at or above this counts as trending' },
    { name: 'confirmBars', kind: 'integer', default: 3, min: 0, max: 50, description: 'Bars after a cross the confirmation may still arrive' },
    ...atrParameters({ stopAtr: 3, targetAtr: 6 }),
    { name: 'allowShort', kind: 'boolean', default: true, description: 'Also follow down-trends short' },
    { name: 'useFlow', kind: 'boolean', default: true, description: 'Let exchange whale flow weaken, veto or strengthen entries when present' },
    { name: 'flowVeto', kind: 'number', default: 0.6, min: 0.05, max: 1, step: 0.05, description: 'Share of opposing net flow in the total that vetoes an entry' },
    { name: 'flowMin', kind: 'number', default: 100, min: 0, max: 1e9, description: 'Total exchange flow (coins) below which flow is ignored' },
  ],
  warmUp: (params) => {
    const p = read(params);
    return Math.max(p.slow + p.signal, 2 * p.adxPeriod, p.atrPeriod) + 1;
  },
  create: ({ params }) => {
    const p = read(params);
    if (p.fast >= p.slow) throw new RangeError(`fast (${p.fast}) must be shorter than slow (${p.slow})`);
    const macd = new Macd(p.fast, p.slow, p.signal);
    const adx = new Adx(p.adxPeriod);
    const atr = new Atr(p.atrPeriod);
    const cross = new CrossDetector();
    let position: Side | 'flat' = 'flat';
    // The side of the last cross and how many bars ago it happened, while waiting for confirmation.
    let armed: Side | undefined;
    let barsSinceCross = 0;
    return {
      onCandle: ({ candle, flow }): StrategySignal | StrategySignal[] | undefined => {
        const m = macd.update(candle.close);
        const trend = adx.update(candle);
        const range = atr.update(candle);
        if (m === undefined) return undefined;
        const crossed = cross.update(m.macd);
        const emas = (side: Side) => `EMA ${p.fast} crossed ${side === 'long' ? 'above' : 'below'} EMA ${p.slow}`;
        const out: StrategySignal[] = [];
        if (crossed !== 0) {
          armed = crossed > 0 ? 'long' : 'short';
          barsSinceCross = 0;
          if (position !== 'flat' && position !== armed) {
            out.push({ direction: 'flat', strength: 1, rationale: `${emas(armed)}: the ${position} trend is over` });
            position = 'flat';
          }
        } else if (armed) {
          barsSinceCross += 1;
        }
        if (armed && (armed === 'long' || p.allowShort) && position === 'flat' && barsSinceCross <= p.confirmBars && trend !== undefined) {
          const way = armed === 'long' ? 1 : -1;
          const histogramAgrees = way * m.histogram > 0;
          const trending = trend.adx >= p.adxMin;
          if (histogramAgrees && trending) {
            const effect = p.useFlow ? flowEffect(armed, flow, p.flowVeto, p.flowMin) : { factor: 1, veto: false, note: '' };
            armed = undefined;
            if (!effect.veto) {
              const side = way > 0 ? 'long' : 'short';
              position = side;
              const base = 0.5 + 0.5 * clamp01((trend.adx - p.adxMin) / 25);
              out.push({
                direction: side,
                strength: clamp01(base * effect.factor),
                ...atrLevels(side, candle.close, range ?? 0, p.stopAtr, p.targetAtr),
                rationale:
                  `${emas(side)}${barsSinceCross > 0 ? ` ${barsSinceCross} bar${barsSinceCross > 1 ? 's' : ''} ago` : ''}, ` +
                  `MACD histogram ${signed(m.histogram)}, ADX ${fixed(trend.adx, 0)} (trending)${effect.note ? `; ${effect.note}` : ''}`,
              });
            }
          }
        }
        if (armed && barsSinceCross >= p.confirmBars) armed = undefined;
        return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
      },
    };
  },
};
