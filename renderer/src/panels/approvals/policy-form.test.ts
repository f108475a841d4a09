import { describe, expect, it } from 'vitest';
import { limitsDraftOf, policyFrom } from './policy-form';

describe('policy form', () => {
  it('builds manual and paper-only policies as they are', () => {
    expect(policyFrom('manual', limitsDraftOf(undefined))).toEqual({ policy: { kind: 'manual' } });
    expect(policyFrom('auto-paper-only', limitsDraftOf(undefined))).toEqual({ policy: { kind: 'auto-paper-only' } });
  });

  it('builds an auto-within-limits policy from the typed fields, regimes in a fixed order', () => {
    const draft = { maxNotional: ' 2500 ', minConfidence: '0.7', allowedRegimes: ['range', 'trend-up'] };
    expect(policyFrom('auto-within-limits', draft)).toEqual({ policy: { kind: 'auto-within-limits', maxNotional: 2500, minConfidence: 0.7, allowedRegimes: ['trend-up', 'range'] } });
  });

  it('says which field is wrong', () => {
    const ok = limitsDraftOf(undefined);
    expect(policyFrom('auto-within-limits', { ...ok, maxNotional: '-5' })).toEqual({ problem: 'Max notional must be a positive number' });
    expect(policyFrom('auto-within-limits', { ...ok, maxNotional: '' })).toEqual({ problem: 'Max notional must be a positive number' });
    expect(policyFrom('auto-within-limits', { ...ok, minConfidence: '1.5' })).toEqual({ problem: 'Min confidence must be between 0 and 1' });
    expect(policyFrom('auto-within-limits', { ...ok, allowedRegimes: [] })).toEqual({ problem: 'Pick at least one regime, or choose Manual' });
  });

  it('starts the limits form from the current policy', () => {
    expect(limitsDraftOf({ kind: 'auto-within-limits', maxNotional: 900, minConfidence: 0.5, allowedRegimes: ['stress'] })).toEqual({
      maxNotional: '900',
      minConfidence: '0.5',
      allowedRegimes: ['stress'],
    });
  });
});
