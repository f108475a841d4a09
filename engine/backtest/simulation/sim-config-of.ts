import type { SimConfig } from '../../adapters/sim/sim-config';
import type { BacktestConfig } from '../backtest-config';

/** Costs multiplied for a stress test: fees × `fees`, slippage × `slippage`. */
export type CostStress = { readonly fees: number; readonly slippage: number };

/** The sim venue's configuration for a backtest: fill timing, fees, slippage and funding. */
export function simConfigOf(config: BacktestConfig, stress: CostStress = { fees: 1, slippage: 1 }): SimConfig {
  const { slippage } = config;
  return {
    marketFill: config.fillTiming === 'close' ? 'signal-close' : 'next-open',
    makerFeeBps: config.fees.makerBps * stress.fees,
    takerFeeBps: config.fees.takerBps * stress.fees,
    slippage:
      slippage.mode === 'none'
        ? { kind: 'none' }
        : slippage.mode === 'fixed'
          ? { kind: 'fixed', bps: slippage.bps * stress.slippage }
          : {
              kind: 'scaled',
              baseBps: slippage.baseBps * stress.slippage,
              rangeFactor: slippage.factor * stress.slippage,
              volumeImpactBps: slippage.volumeImpactBps * stress.slippage,
              maxBps: slippage.maxBps * stress.slippage,
            },
    ...(config.funding ? { funding: { rate: config.funding.rateBpsPer8h / 10_000 } } : {}),
  };
}
