import { mulUnits, unitsToNumber } from '../core/money';
import { MONEY_SCALE } from '../model/order';
import type { Decider } from '../model/proposal';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import type { ApprovalPolicy, PolicyView, TradingMode } from './execution-views';
import type { ProposalRecord } from './order-journal';

/** A policy's verdict on a proposal: approve as this decider, or leave it to the trader and say why. */
export type PolicyVerdict = { readonly approve: true; readonly by: Decider } | { readonly approve: false; readonly why: string };

/**
 * Whether a strategy's policy approves a proposal without the trader. Automation off means manual
 * whatever the policy; `auto-within-limits` needs the notional, the regime and the confidence inside its
 * limits; `auto-paper-only` approves on paper and never live. Closing a position follows the same rules.
 */
export function evaluatePolicy(policy: PolicyView, proposal: ProposalRecord, mode: TradingMode): PolicyVerdict {
  const rule = policy.policy;
  if (rule.kind === 'manual') return { approve: false, why: 'manual policy' };
  if (!policy.automation) return { approve: false, why: `automation is off for ${policy.strategy}` };
  const by: Decider = { kind: 'policy', policy: rule.kind };
  if (rule.kind === 'auto-paper-only') return mode === 'paper' ? { approve: true, by } : { approve: false, why: 'auto-paper-only never approves live orders' };
  const notional = unitsToNumber(mulUnits(proposal.entry, proposal.priceScale, proposal.quantity, proposal.quantityScale, MONEY_SCALE), MONEY_SCALE);
  if (notional > rule.maxNotional) return { approve: false, why: `notional ${notional.toFixed(2)} is above the policy's ${rule.maxNotional}` };
  if (proposal.regime === undefined || !rule.allowedRegimes.includes(proposal.regime)) {
    return { approve: false, why: `regime ${proposal.regime ?? 'unknown'} is not one the policy allows (${rule.allowedRegimes.join(', ') || 'none'})` };
  }
  if (proposal.confidence < rule.minConfidence) return { approve: false, why: `confidence ${proposal.confidence.toFixed(2)} is below the policy's ${rule.minConfidence}` };
  return { approve: true, by };
}

type StoredPolicies = Record<string, { policy: ApprovalPolicy; automation: boolean; updatedAt: number }>;

const KEY = 'execution.policies';
const DEFAULT_POLICY: ApprovalPolicy = { kind: 'manual' };

/** Per-strategy policies and automation switches, in the profile's settings. A strategy never set is manual, automation off. */
export class PolicyStore {
  constructor(private readonly settings: SettingsRepository) {}

  get(strategy: string): PolicyView {
    const stored = this.read()[strategy];
    return stored ? { strategy, ...stored } : { strategy, policy: DEFAULT_POLICY, automation: false, updatedAt: 0 };
  }

  list(): PolicyView[] {
    return Object.entries(this.read())
      .map(([strategy, stored]) => ({ strategy, ...stored }))
      .sort((a, b) => a.strategy.localeCompare(b.strategy));
  }

  setPolicy(strategy: string, policy: ApprovalPolicy, now: number): PolicyView {
    return this.write(strategy, { policy, automation: this.get(strategy).automation, updatedAt: now });
  }

  setAutomation(strategy: string, automation: boolean, now: number): PolicyView {
    return this.write(strategy, { policy: this.get(strategy).policy, automation, updatedAt: now });
  }

  automation(): Record<string, boolean> {
    return Object.fromEntries(Object.entries(this.read()).map(([strategy, stored]) => [strategy, stored.automation]));
  }

  private write(strategy: string, value: StoredPolicies[string]): PolicyView {
    this.settings.set(KEY, { ...this.read(), [strategy]: value }, value.updatedAt);
    return { strategy, ...value };
  }

  private read(): StoredPolicies {
    return this.settings.get<StoredPolicies>(KEY) ?? {};
  }
}

/** A sentence for the audit trail describing a policy. */
export function describePolicy(policy: ApprovalPolicy): string {
  switch (policy.kind) {
    case 'manual':
      return 'manual';
    case 'auto-paper-only':
      return 'automatic on paper only';
    case 'auto-within-limits':
      return `automatic within limits (notional ≤ ${policy.maxNotional}, regimes ${policy.allowedRegimes.join(', ') || 'none'}, confidence ≥ ${policy.minConfidence})`;
  }
}
