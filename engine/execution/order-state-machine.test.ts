import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../model/order';
import { assertTransition, canTransition, IllegalTransitionError, isStale } from './order-state-machine';

const ALL: OrderStatus[] = ['pending', 'submitted', 'open', 'partially-filled', 'filled', 'cancelled', 'rejected', 'expired'];

describe('order state machine', () => {
  it('follows an order from intent to fill', () => {
    const path: OrderStatus[] = ['pending', 'submitted', 'open', 'partially-filled', 'partially-filled', 'filled'];
    for (let i = 1; i < path.length; i++) expect(() => assertTransition('x', path[i - 1]!, path[i]!)).not.toThrow();
  });

  it('never leaves a terminal status', () => {
    for (const from of ['filled', 'cancelled', 'rejected', 'expired'] as const) {
      for (const to of ALL) expect(canTransition(from, to)).toBe(from === to);
    }
  });

  it('throws an invariant error on an illegal move and names it', () => {
    expect(() => assertTransition('st-1', 'pending', 'filled')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('st-1', 'open', 'submitted')).toThrow('order st-1 cannot go from open to submitted');
    expect(() => assertTransition('st-1', 'partially-filled', 'open')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('st-1', 'open', 'rejected')).toThrow(IllegalTransitionError);
  });

  it('treats older venue news as stale', () => {
    expect(isStale('filled', 'open')).toBe(true);
    expect(isStale('partially-filled', 'open')).toBe(true);
    expect(isStale('open', 'filled')).toBe(false);
    expect(isStale('submitted', 'open')).toBe(false);
    expect(isStale('cancelled', 'filled')).toBe(true);
  });
});
