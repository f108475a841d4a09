import type { ApprovalPolicy } from '../../engine-client/api-types';

export type PolicyKind = ApprovalPolicy['kind'];

export const POLICY_NAMES: Readonly<Record<PolicyKind, string>> = {
  manual: 'Manual',
  'auto-within-limits': 'Auto within limits',
  'auto-paper-only': 'Auto on paper only',
};

/** The auto-within-limits fields as typed. */
export type LimitsDraft = { readonly maxNotional: string; readonly minConfidence: string; readonly allowedRegimes: readonly string[] };

export function limitsDraftOf(policy: ApprovalPolicy | undefined): LimitsDraft {
  if (policy?.kind === 'auto-within-limits') {
    return { maxNotional: String(policy.maxNotional), minConfidence: String(policy.minConfidence), allowedRegimes: policy.allowedRegimes };
  }
  return { maxNotional: '1000', minConfidence: '0.6', allowedRegimes: ['trend-up', 'trend-down', 'range'] };
}

const REGIMES = ['trend-up', 'trend-down', 'range', 'stress'] as const;

/** Builds the policy to send, or says which field is wrong. */
export function policyFrom(kind: PolicyKind, draft: LimitsDraft): { policy: ApprovalPolicy } | { problem: string } {
  if (kind === 'manual') return { policy: { kind: 'manual' } };
  if (kind === 'auto-paper-only') return { policy: { kind: 'auto-paper-only' } };
  const maxNotional = Number(draft.maxNotional.trim());
  if (draft.maxNotional.trim() === '' || !Number.isFinite(maxNotional) || maxNotional <= 0) return { problem: 'Max notional must be a positive number' };
  const minConfidence = Number(draft.minConfidence.trim());
  if (draft.minConfidence.trim() === '' || !Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) {
    return { problem: 'Min confidence must be between 0 and 1' };
  }
  const allowedRegimes = REGIMES.filter((r) => draft.allowedRegimes.includes(r));
  if (allowedRegimes.length === 0) return { problem: 'Pick at least one regime, or choose Manual' };
  return { policy: { kind: 'auto-within-limits', maxNotional, minConfidence, allowedRegimes } };
}

export { REGIMES };
