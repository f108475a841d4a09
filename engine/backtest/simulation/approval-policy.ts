import type { Signal } from '../../model/signal';
import type { BacktestConfig } from '../backtest-config';

/** What the simulated approver decides about an entry: now, after some bars, or never (with the rule that refused it). */
export type ApprovalDecision = { readonly kind: 'approve'; readonly afterBars: number } | { readonly kind: 'reject'; readonly reason: string };

const NOW: ApprovalDecision = { kind: 'approve', afterBars: 0 };

/**
 * The approval step of a backtest, standing in for the trader: approve everything, approve each entry `bars`
 * bars late (the market moves on meanwhile), or reject entries by rule. Exits are never held back: the live
 * engine does not ask before closing a position.
 */
export function approvalPolicy(config: BacktestConfig['approval']): (signal: Signal) => ApprovalDecision {
  switch (config.policy) {
    case 'approve-all':
      return () => NOW;
    case 'delay': {
      const delayed: ApprovalDecision = { kind: 'approve', afterBars: config.bars };
      return (signal) => (signal.direction === 'flat' ? NOW : delayed);
    }
    case 'reject-rule':
      return (signal) => {
        if (signal.direction === 'flat') return NOW;
        if (signal.strength < config.minStrength) return { kind: 'reject', reason: `strength ${signal.strength} is below ${config.minStrength}` };
        if (config.sides && !config.sides.includes(signal.direction)) return { kind: 'reject', reason: `${signal.direction} entries are not allowed` };
        if (config.regimes && (signal.regime === undefined || !config.regimes.includes(signal.regime))) {
          return { kind: 'reject', reason: `regime ${signal.regime ?? 'unknown'} is not allowed` };
        }
        return NOW;
      };
  }
}
