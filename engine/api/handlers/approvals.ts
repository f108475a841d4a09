import { z } from 'zod';
import type { ProposalStatus } from '../../model/proposal';
import { REGIME_LABELS } from '../../model/regime';
import type { ApprovalPolicy, AuditEntryView, PolicyView, ProposalView } from '../../execution/execution-views';
import type { Decider } from '../../model/proposal';
import { defineHandler } from '../define-handler';
import { decimalInput, idInput, limitInput, strategyNameInput, traderFrom } from './trading-schemas';

/** Changes a trader makes to a pending proposal; decimals as typed (string or number). */
export type ProposalChanges = {
  readonly quantity?: string | number;
  readonly price?: string | number;
  readonly stop?: string | number;
  readonly target?: string | number;
};

export type ProposalQuery = { readonly status?: readonly ProposalStatus[]; readonly strategy?: string; readonly limit: number };
export type AuditQuery = { readonly proposalId?: string; readonly strategy?: string; readonly before?: number; readonly limit: number };

/** A snooze the caller does not time lasts five minutes; the longest is a day (a proposal older than that is stale). */
export const DEFAULT_SNOOZE_MINUTES = 5;
export const MAX_SNOOZE_MINUTES = 24 * 60;

/** What the approvals API needs from the approval queue. */
export type ApprovalsPort = {
  list(query: ProposalQuery): readonly ProposalView[];
  approve(id: string, by: Decider): Promise<ProposalView>;
  reject(id: string, reason: string | undefined, by: Decider): ProposalView;
  /** Changes a pending proposal and keeps it pending, with its risk preview computed again. */
  modify(id: string, changes: ProposalChanges, by: Decider): ProposalView;
  snooze(id: string, minutes: number, by: Decider): ProposalView;
  policies(): readonly PolicyView[];
  setPolicy(strategy: string, policy: ApprovalPolicy, by: Decider): PolicyView;
  audit(query: AuditQuery): readonly AuditEntryView[];
};

const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'snoozed', 'submitted', 'failed'] as const satisfies readonly ProposalStatus[];

export const approvalPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }).strict(),
  z
    .object({
      kind: z.literal('auto-within-limits'),
      maxNotional: z.number().finite().positive(),
      allowedRegimes: z.array(z.enum(REGIME_LABELS)).max(REGIME_LABELS.length),
      minConfidence: z.number().min(0).max(1),
    })
    .strict(),
  z.object({ kind: z.literal('auto-paper-only') }).strict(),
]);

export function createApprovalsHandlers(port: ApprovalsPort) {
  return {
    /** Proposals, newest first; by default the ones waiting for a decision (pending and snoozed). */
    'approvals.list': defineHandler(
      z
        .object({
          status: z.array(z.enum(PROPOSAL_STATUSES)).min(1).max(PROPOSAL_STATUSES.length).default(['pending', 'snoozed']),
          strategy: strategyNameInput.optional(),
          limit: limitInput(1_000, 200),
        })
        .strict(),
      (query) => port.list(query),
    ),

    'approvals.approve': defineHandler(z.object({ id: idInput }).strict(), ({ id }, context) => port.approve(id, traderFrom(context))),

    'approvals.reject': defineHandler(z.object({ id: idInput, reason: z.string().trim().max(500).optional() }).strict(), ({ id, reason }, context) =>
      port.reject(id, reason || undefined, traderFrom(context)),
    ),

    /** Keeps the proposal pending: the trader sees the new risk preview before approving it. */
    'approvals.modify': defineHandler(
      z
        .object({ id: idInput, quantity: decimalInput.optional(), price: decimalInput.optional(), stop: decimalInput.optional(), target: decimalInput.optional() })
        .strict()
        .refine((c) => c.quantity !== undefined || c.price !== undefined || c.stop !== undefined || c.target !== undefined, {
          message: 'name at least one of quantity, price, stop or target',
        }),
      ({ id, ...changes }, context) => port.modify(id, changes, traderFrom(context)),
    ),

    'approvals.snooze': defineHandler(
      z.object({ id: idInput, minutes: z.number().int().min(1).max(MAX_SNOOZE_MINUTES).default(DEFAULT_SNOOZE_MINUTES) }).strict(),
      ({ id, minutes }, context) => port.snooze(id, minutes, traderFrom(context)),
    ),

    'approvals.policies': defineHandler(z.object({}).strict(), () => port.policies()),

    'approvals.setPolicy': defineHandler(z.object({ strategy: strategyNameInput, policy: approvalPolicySchema }).strict(), ({ strategy, policy }, context) =>
      port.setPolicy(strategy, policy, traderFrom(context)),
    ),

    /** Decisions newest first: what, when, by whom or which policy. */
    'approvals.audit': defineHandler(
      z
        .object({
          proposalId: idInput.optional(),
          strategy: strategyNameInput.optional(),
          before: z.number().int().positive().optional(),
          limit: limitInput(2_000, 200),
        })
        .strict(),
      (query) => port.audit(query),
    ),
  };
}

export type ApprovalsHandlers = ReturnType<typeof createApprovalsHandlers>;
