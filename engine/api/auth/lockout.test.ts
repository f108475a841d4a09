import { describe, expect, it } from 'vitest';
import { Lockout } from './lockout';

describe('Lockout', () => {
  const policy = { maxFailures: 3, windowMs: 10_000, lockoutMs: 60_000 };

  it('locks an address out at the third failure within the window, for the lockout time, and no other address', () => {
    let now = 0;
    const lockout = new Lockout(policy, () => now);
    expect(lockout.fail('10.0.0.1')).toBe(false);
    now = 1_000;
    expect(lockout.fail('10.0.0.1')).toBe(false);
    expect(lockout.lockedFor('10.0.0.1')).toBe(0);
    now = 2_000;
    expect(lockout.fail('10.0.0.1')).toBe(true);
    expect(lockout.lockedFor('10.0.0.1')).toBe(60_000);
    expect(lockout.lockedFor('10.0.0.2')).toBe(0);
    // A success while locked out changes nothing; the lockout ends by itself.
    lockout.succeed('10.0.0.1');
    now = 61_999;
    expect(lockout.lockedFor('10.0.0.1')).toBe(1);
    now = 62_000;
    expect(lockout.lockedFor('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window, and all of them after a success', () => {
    let now = 0;
    const lockout = new Lockout(policy, () => now);
    lockout.fail('a');
    lockout.fail('a');
    now = 10_001;
    expect(lockout.fail('a')).toBe(false);
    lockout.fail('a');
    lockout.succeed('a');
    expect(lockout.fail('a')).toBe(false);
    expect(lockout.fail('a')).toBe(false);
    expect(lockout.fail('a')).toBe(true);
  });
});
