import { describe, expect, it } from 'vitest';
import { TestClock } from './clock';
import { deterministicId, newId } from './ids';

describe('TestClock', () => {
  it('fires scheduled callbacks in time order as it advances, at their own time', () => {
    const clock = new TestClock(1_000);
    const fired: string[] = [];
    clock.at(1_500, () => fired.push(`b@${clock.now()}`));
    clock.at(1_200, () => fired.push(`a@${clock.now()}`));
    clock.at(1_500, () => fired.push(`c@${clock.now()}`));
    clock.advanceTo(1_400);
    expect(fired).toEqual(['a@1200']);
    clock.advanceBy(100);
    expect(fired).toEqual(['a@1200', 'b@1500', 'c@1500']);
    expect(clock.now()).toBe(1_500);
    expect(() => clock.advanceTo(10)).toThrow(/cannot go back/);
  });
});

describe('ids', () => {
  it('sorts by creation time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toHaveLength(26);
    expect(a < b).toBe(true);
    expect(newId(5)).not.toBe(newId(5));
  });

  it('derives the same id from the same intent, and a different one otherwise', () => {
    expect(deterministicId('o', 'sma', 'BTC', 1)).toBe(deterministicId('o', 'sma', 'BTC', 1));
    expect(deterministicId('o', 'sma', 'BTC', 1)).not.toBe(deterministicId('o', 'sma', 'BTC', 2));
    expect(deterministicId('o', 'x').length).toBeLessThanOrEqual(36);
  });

  it('keeps the ids it gave before: journaled orders are found again by them', () => {
    // SHA-256 of the parts joined by U+001F, base64url, cut to Bybit's 36 characters.
    expect(deterministicId('o', 'sma', 'BTC', 1)).toBe('o-BS1hlb8uEWAPa4Xv0lOL64SkmxCkw80NUH');
  });
});
