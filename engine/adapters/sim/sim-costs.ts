import { divRound, type Units } from '../../core/money';
import type { Candle } from '../../model/candle';
import type { Instrument } from '../../model/instrument';
import type { OrderSide } from '../../model/order';
import type { SlippageModel } from './sim-config';

/**
 * Fees and slippage of the sim venue (formulas in docs/sim-and-risk.md).
 * Fee = notional × rate, rounded half away from zero in MONEY_SCALE units; a negative rate is a rebate
 * (a negative fee). Slippage moves a taker fill's price against the order, then the price is rounded
 * to the tick in the order's disfavour (buys up, sells down).
 */

/** Fee in MONEY_SCALE units for a notional in MONEY_SCALE units at `ppm` millionths (bps × 100). */
export function feeFor(notional: Units, ppm: bigint): Units {
  return ppm === 0n ? 0n : divRound(notional * ppm, 1_000_000n);
}

/** Basis points of adverse slippage for a taker fill of `quantity` base units inside `bar`. */
export function slippageBps(model: SlippageModel, bar: Candle | undefined, quantity: number): number {
  switch (model.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return model.bps;
    case 'scaled': {
      let bps = model.baseBps;
      if (bar && bar.open > 0) {
        bps += model.rangeFactor * (((bar.high - bar.low) / bar.open) * 10_000);
        if (model.volumeImpactBps > 0) bps += model.volumeImpactBps * (bar.volume > 0 ? Math.min(1, quantity / bar.volume) : 1);
      }
      return model.maxBps !== undefined ? Math.min(bps, model.maxBps) : bps;
    }
  }
}

/** The price after `bps` of adverse slippage: buys pay more, sells receive less. */
export function slipped(price: number, side: OrderSide, bps: number): number {
  return bps === 0 ? price : side === 'buy' ? price * (1 + bps / 10_000) : price * (1 - bps / 10_000);
}

/**
 * A market price as price units on the instrument's tick. `adverseTo` rounds against that side
 * (a buy's price up, a sell's down); without it the nearest tick. A tolerance keeps a price that is
 * already on the tick (up to float noise) where it is.
 */
export function priceUnits(price: number, instrument: Instrument, adverseTo?: OrderSide): Units {
  const tick = instrument.tickSize > 0 ? instrument.tickSize : 10 ** -instrument.priceScale;
  const ticks = price / tick;
  const whole = adverseTo === 'buy' ? Math.ceil(ticks - 1e-6) : adverseTo === 'sell' ? Math.floor(ticks + 1e-6) : Math.round(ticks);
  const tickUnits = BigInt(Math.max(1, Math.round(tick * 10 ** instrument.priceScale)));
  return BigInt(whole) * tickUnits;
}
