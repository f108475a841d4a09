import { Atr } from '../../../indicators/atr';
import { Sma } from '../../../indicators/sma';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyParams } from '../../strategy-api';
import { atrLevels, atrParameters, CrossDetector, price } from '../strategy-helpers';

const read = (params: StrategyParams) => ({
  fast: params.fast as number,
  slow: params.slow as number,
  reverse: params.reverse as boolean,
  atrPeriod: params.atrPeriod as number,
  stopAtr: params.stopAtr as number,
  targetAtr: params.targetAtr as number,
});

/**
 * The canonical moving-average crossover: long when the fast SMA crosses above the slow one, out when
 * it crosses back below. With `reverse` it is always in the market: the down-cross goes short instead
 * of flat. A signal only at a cross, never at warm-up: the first bar with both averages sets the side.
 */
export const smaCross: StrategyDefinition = {
  name: 'sma-cross',
  apiVersion: STRATEGY_API_VERSION,
  description: 'Fast/slow simple moving average crossover; long above, flat (or short with reverse) below.',
  parameters: [
    { name: 'fast', kind: 'integer', default: 10, min: 2, max: 200, description: 'Bars in the fast average' },
    { name: 'slow', kind: 'integer', default: 30, min: 3, max: 500, description: 'Bars in the slow average (longer than fast)' },
    { name: 'reverse', kind: 'boolean', default: false, description: 'Always in the market: short on the down-cross instead of flat' },
    ...atrParameters({ stopAtr: 2, targetAtr: 0 }),
  ],
  warmUp: (params) => {
    const p = read(params);
    return Math.max(p.slow, p.atrPeriod) + 1;
  },
  create: ({ params }) => {
    const p = read(params);
    if (p.fast >= p.slow) throw new RangeError(`fast (${p.fast}) must be shorter than slow (${p.slow})`);
    const fast = new Sma(p.fast);
    const slow = new Sma(p.slow);
    const atr = new Atr(p.atrPeriod);
    const cross = new CrossDetector();
    return {
      onCandle: ({ candle }) => {
        const f = fast.update(candle.close);
        const s = slow.update(candle.close);
        const range = atr.update(candle);
        if (f === undefined || s === undefined) return undefined;
        const crossed = cross.update(f - s);
        if (crossed === 0) return undefined;
        const averages = `${price(f)} vs ${price(s)}`;
        if (crossed > 0) {
          return {
            direction: 'long',
            strength: 1,
            ...atrLevels('long', candle.close, range ?? 0, p.stopAtr, p.targetAtr),
            rationale: `SMA ${p.fast} crossed above SMA ${p.slow} (${averages})`,
          };
        }
        if (!p.reverse) return { direction: 'flat', strength: 1, rationale: `SMA ${p.fast} crossed below SMA ${p.slow} (${averages}): exit` };
        return {
          direction: 'short',
          strength: 1,
          ...atrLevels('short', candle.close, range ?? 0, p.stopAtr, p.targetAtr),
          rationale: `SMA ${p.fast} crossed below SMA ${p.slow} (${averages}): reverse to short`,
        };
      },
    };
  },
};
