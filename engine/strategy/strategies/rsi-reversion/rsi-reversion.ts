import { Atr } from '../../../indicators/atr';
import { BollingerBands } from '../../../indicators/bollinger-bands';
import { Rsi } from '../../../indicators/rsi';
import type { SentimentAggregate } from '../../../model/sentiment';
import type { StrategySignal } from '../../../model/signal';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyParams } from '../../strategy-api';
import { atrLevels, atrParameters, clamp01, fixed, price, signed } from '../strategy-helpers';

const read = (params: StrategyParams) => ({
  rsiPeriod: params.rsiPeriod as number,
  lower: params.lower as number,
  upper: params.upper as number,
  bbPeriod: params.bbPeriod as number,
  bbWidth: params.bbWidth as number,
  atrPeriod: params.atrPeriod as number,
  stopAtr: params.stopAtr as number,
  allowShort: params.allowShort as boolean,
  useSentiment: params.useSentiment as boolean,
  vetoAt: params.sentimentVeto as number,
});

type Side = 'long' | 'short';

/**
 * Sentiment's say on an entry: agreeing sentiment raises strength, opposing sentiment lowers it, and
 * strongly opposing sentiment (confidence-weighted score past the veto level) blocks the entry.
 * Without an aggregate the strength is left as it is.
 */
export function sentimentEffect(side: Side, sentiment: SentimentAggregate | undefined, vetoAt: number): { factor: number; veto: boolean; note: string } {
  if (!sentiment || sentiment.count === 0) return { factor: 1, veto: false, note: '' };
  const agreement = (side === 'long' ? sentiment.score : -sentiment.score) * sentiment.confidence;
  const score = `sentiment ${signed(sentiment.score)} (confidence ${fixed(sentiment.confidence, 2)})`;
  if (agreement <= -vetoAt) return { factor: 0, veto: true, note: `${score} strongly against` };
  if (agreement >= 0.05) return { factor: 1 + agreement, veto: false, note: `${score} agrees` };
  if (agreement <= -0.05) return { factor: 1 + agreement, veto: false, note: `${score} disagrees` };
  return { factor: 1, veto: false, note: `${score} neutral` };
}

/**
 * Mean reversion from stretched prices: long when Wilder's RSI is below `lower` and the close is at or
 * under the lower Bollinger band, short mirrored; the position is closed when the price is back at the
 * middle band or RSI is back at 50. Stop from ATR, target at the middle band. Sentiment, when there is
 * some, raises, lowers or vetoes the entry.
 */
export const rsiReversion: StrategyDefinition = {
  name: 'rsi-reversion',
  apiVersion: STRATEGY_API_VERSION,
  description: 'RSI mean reversion at the Bollinger bands, exit at the middle band; sentiment-aware.',
  parameters: [
    { name: 'rsiPeriod', kind: 'integer', default: 14, min: 2, max: 100, description: 'Bars in the RSI (Wilder)' },
    { name: 'lower', kind: 'number', default: 30, min: 1, max: 50, description: 'RSI below this is oversold' },
    { name: 'upper', kind: 'number', default: 70, min: 50, max: 99, description: 'RSI above this is overbought' },
    { name: 'bbPeriod', kind: 'integer', default: 20, min: 2, max: 200, description: 'Bars in the Bollinger bands' },
    { name: 'bbWidth', kind: 'number', default: 2, min: 0.5, max: 5, step: 0.1, description: 'Band width in standard deviations' },
    ...atrParameters({ stopAtr: 2 }),
    { name: 'allowShort', kind: 'boolean', default: true, description: 'Also sell overbought prices short' },
    { name: 'useSentiment', kind: 'boolean', default: true, description: 'Let sentiment raise, lower or veto entries when present' },
    { name: 'sentimentVeto', kind: 'number', default: 0.4, min: 0.05, max: 1, step: 0.05, description: 'Opposing confidence-weighted sentiment that vetoes an entry' },
  ],
  warmUp: (params) => {
    const p = read(params);
    return Math.max(p.rsiPeriod + 1, p.bbPeriod, p.atrPeriod);
  },
  create: ({ params }) => {
    const p = read(params);
    const rsi = new Rsi(p.rsiPeriod);
    const bands = new BollingerBands(p.bbPeriod, p.bbWidth);
    const atr = new Atr(p.atrPeriod);
    let position: Side | 'flat' = 'flat';
    return {
      onCandle: ({ candle, sentiment }): StrategySignal | undefined => {
        const close = candle.close;
        const r = rsi.update(close);
        // The bands as three numbers, not a value object per bar: this runs on every bar of a backtest.
        const full = bands.advance(close);
        const range = atr.update(candle);
        if (r === undefined || !full) return undefined;
        const band = bands;

        if (position !== 'flat') {
          const back = position === 'long' ? close >= band.middle || r >= 50 : close <= band.middle || r <= 50;
          if (!back) return undefined;
          const was = position;
          position = 'flat';
          const where = (was === 'long' ? close >= band.middle : close <= band.middle)
            ? `close ${price(close)} reached the middle band ${price(band.middle)}`
            : `RSI back to ${fixed(r)}`;
          return { direction: 'flat', strength: 1, rationale: `${where}: the ${was} reversion is done` };
        }

        let side: Side | undefined;
        let depth = 0;
        if (r < p.lower && close <= band.lower) {
          side = 'long';
          depth = (p.lower - r) / p.lower;
        } else if (p.allowShort && r > p.upper && close >= band.upper) {
          side = 'short';
          depth = (r - p.upper) / (100 - p.upper);
        }
        if (!side) return undefined;
        const effect = p.useSentiment ? sentimentEffect(side, sentiment, p.vetoAt) : { factor: 1, veto: false, note: '' };
        if (effect.veto) return undefined;
        position = side;
        const setup =
          side === 'long'
            ? `RSI ${fixed(r)} below ${p.lower} and close ${price(close)} at/below the lower band ${price(band.lower)}`
            : `RSI ${fixed(r)} above ${p.upper} and close ${price(close)} at/above the upper band ${price(band.upper)}`;
        const levels = atrLevels(side, close, range ?? 0, p.stopAtr, 0);
        // The target is the middle band, when it is on the profitable side of the entry.
        const target = side === 'long' ? (band.middle > close ? band.middle : undefined) : band.middle < close ? band.middle : undefined;
        return {
          direction: side,
          strength: clamp01((0.5 + 0.5 * clamp01(depth * 2)) * effect.factor),
          ...levels,
          ...(target === undefined ? {} : { target }),
          rationale: `${setup}${effect.note ? `; ${effect.note}` : ''}`,
        };
      },
    };
  },
};
