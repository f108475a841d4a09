import type { Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import { DEFAULT_REGIME_SIZE_MULTIPLIERS, type SizeOrder, type SizingConfig, type SizingInput, type SizingResult } from './sizing-types';

/**
 * Position sizing for backtests, paper and live alike (formulas in docs/sim-and-risk.md).
 *
 * 1. A raw base quantity from the mode.
 * 2. × the regime multiplier (every mode except fixed-quantity, which is an explicit size).
 * 3. Capped so that notional ≤ maxLeverage × equity (default 1).
 * 4. Rounded DOWN to the lot step, so a size never exceeds what the mode and the caps allow.
 * 5. Refused with a reason when it is zero, below minQuantity or below minNotional.
 *
 * Inputs are floats (quote currency), as the strategy and the risk preview see them; the result is
 * integer quantity units. Pure and allocation-free apart from the result object.
 */
export const sizeOrder: SizeOrder = (config: SizingConfig, input: SizingInput): SizingResult => {
  const { entry, equity } = input;
  if (!(entry > 0) || !Number.isFinite(entry)) return fail(`entry price ${entry} is not a positive number`);
  if (!Number.isFinite(equity)) return fail(`equity ${equity} is not a finite number`);
  const mode = config.sizing;
  let quantity: number;
  // Distance from entry to the stop used for the risk figure; 0 = no stop known.
  let stopDistance = input.stop !== undefined ? Math.abs(entry - input.stop) : 0;
  switch (mode.mode) {
    case 'fixed-quantity':
      if (!(mode.quantity > 0)) return fail(`fixed quantity ${mode.quantity} is not positive`);
      quantity = mode.quantity;
      break;
    case 'equity-fraction':
      if (!(mode.fraction > 0)) return fail(`equity fraction ${mode.fraction} is not positive`);
      if (!(equity > 0)) return fail('no equity to size from');
      quantity = (mode.fraction * equity) / entry;
      break;
    case 'all-equity':
      if (!(input.available > 0)) return fail('no available cash');
      quantity = input.available / entry;
      break;
    case 'risk-per-trade': {
      if (!(mode.riskFraction > 0)) return fail(`risk fraction ${mode.riskFraction} is not positive`);
      if (!(equity > 0)) return fail('no equity to size from');
      if (input.stop === undefined) return fail('risk-per-trade sizing needs a stop');
      const wrongSide = input.side === 'buy' ? input.stop >= entry : input.stop <= entry;
      if (wrongSide) return fail(`stop ${input.stop} is not on the losing side of a ${input.side} at ${entry}`);
      quantity = (mode.riskFraction * equity) / stopDistance;
      break;
    }
    case 'volatility-target': {
      if (!(mode.riskFraction > 0) || !(mode.atrMultiple > 0)) return fail('volatility target needs a positive risk fraction and ATR multiple');
      if (!(equity > 0)) return fail('no equity to size from');
      if (input.atr === undefined || !(input.atr > 0)) return fail('volatility-target sizing needs a positive ATR');
      stopDistance = mode.atrMultiple * input.atr;
      quantity = (mode.riskFraction * equity) / stopDistance;
      break;
    }
    case 'kelly': {
      if (!(equity > 0)) return fail('no equity to size from');
      const { winRate, payoffRatio } = input;
      if (winRate === undefined || payoffRatio === undefined || !(winRate >= 0 && winRate <= 1) || !(payoffRatio > 0)) {
        return fail('kelly sizing needs a win rate in [0, 1] and a positive payoff ratio');
      }
      const full = kellyFraction(winRate, payoffRatio);
      if (!(full > 0)) return fail(`no edge: Kelly fraction ${full.toFixed(4)} ≤ 0`);
      const fraction = Math.min(full * mode.kellyFraction, mode.maxFraction);
      if (!(fraction > 0)) return fail('kelly fraction after the cap is not positive');
      quantity = (fraction * equity) / entry;
      break;
    }
  }
  if (mode.mode !== 'fixed-quantity' && input.regime !== undefined) {
    quantity *= (config.regimeMultipliers ?? DEFAULT_REGIME_SIZE_MULTIPLIERS)[input.regime] ?? 1;
  }
  const maxLeverage = config.maxLeverage ?? 1;
  if (!(maxLeverage > 0)) return fail(`max leverage ${maxLeverage} is not positive`);
  if (equity > 0 && quantity * entry > maxLeverage * equity) quantity = (maxLeverage * equity) / entry;
  else if (!(equity > 0)) return fail('no equity to size from');

  const { instrument } = input;
  const units = roundDownToLot(quantity, instrument);
  const rounded = Number(units) / 10 ** instrument.quantityScale;
  if (units <= 0n) return fail(`size ${quantity} rounds down to zero at lot step ${instrument.lotStep}`);
  if (rounded < instrument.minQuantity - 1e-12) return fail(`size ${rounded} is below the minimum quantity ${instrument.minQuantity}`);
  const notional = rounded * entry;
  if (notional < instrument.minNotional - 1e-9) return fail(`notional ${notional} is below the minimum notional ${instrument.minNotional}`);
  // With no stop, the whole notional is what the trade can lose.
  const riskMoney = stopDistance > 0 ? rounded * stopDistance : notional;
  return { ok: true, quantity: units, notional, riskMoney };
};

/** Full Kelly: f* = W − (1 − W) / R for win rate W and payoff ratio R (average win / average loss). */
export function kellyFraction(winRate: number, payoffRatio: number): number {
  return winRate - (1 - winRate) / payoffRatio;
}

/**
 * A float base quantity as integer units, rounded DOWN to the lot step. A relative epsilon keeps a
 * quantity that is a whole number of steps in decimal (0.3 = 3 × 0.1) from losing a step to float noise.
 */
export function roundDownToLot(quantity: number, instrument: Pick<Instrument, 'lotStep' | 'quantityScale'>): Units {
  if (!(quantity > 0) || !Number.isFinite(quantity)) return 0n;
  const unit = 10 ** -instrument.quantityScale;
  const step = instrument.lotStep > 0 ? instrument.lotStep : unit;
  const steps = Math.floor((quantity / step) * (1 + 1e-12) + 1e-9);
  const stepUnits = BigInt(Math.max(1, Math.round(step / unit)));
  return BigInt(steps) * stepUnits;
}

function fail(reason: string): SizingResult {
  return { ok: false, reason };
}
