import { describe, expect, it } from 'vitest';
import { countdownUrgency, formatCountdown, formatDecimal, formatDistance, formatMoney, formatPercent, formatSignedMoney, lifetimeLeft, rewardRisk, signOf } from './trading-format';

describe('trading formatting', () => {
  it('formats money with two decimals and separators, signed for PnL', () => {
    expect(formatMoney('12345.678')).toBe('12,345.68');
    expect(formatMoney(undefined)).toBe('—');
    expect(formatMoney('not a number')).toBe('—');
    expect(formatSignedMoney('1234.5')).toBe('+1,234.50');
    expect(formatSignedMoney('-87.1')).toBe('−87.10');
    expect(formatSignedMoney('0')).toBe('0.00');
    expect(signOf('-0.01')).toBe('negative');
    expect(signOf('3')).toBe('positive');
    expect(signOf(undefined)).toBe('zero');
  });

  it('keeps decimal strings exact, trimming only trailing zeros', () => {
    expect(formatDecimal('43250.50000000')).toBe('43,250.5');
    expect(formatDecimal('43250.50000000', 2)).toBe('43,250.50');
    expect(formatDecimal('0.00012345')).toBe('0.00012345');
    expect(formatDecimal('-1500')).toBe('−1,500');
    expect(formatDecimal(undefined)).toBe('—');
    expect(formatDecimal('garbage')).toBe('garbage');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0.0123)).toBe('1.23 %');
    expect(formatPercent(0.5, 0)).toBe('50 %');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('counts down in minutes and seconds, rounding seconds up, and says when it has expired', () => {
    const now = 1_000_000;
    expect(formatCountdown(now + 245_000, now)).toBe('4:05');
    expect(formatCountdown(now + 9_000, now)).toBe('0:09');
    expect(formatCountdown(now + 1, now)).toBe('0:01');
    expect(formatCountdown(now + 3_720_000, now)).toBe('1h 02m');
    expect(formatCountdown(now, now)).toBe('expired');
    expect(formatCountdown(now - 5_000, now)).toBe('expired');
    expect(countdownUrgency(now + 60_000, now)).toBe('calm');
    expect(countdownUrgency(now + 30_000, now)).toBe('soon');
    expect(countdownUrgency(now - 1, now)).toBe('expired');
  });

  it('measures the share of a lifetime left, clamped to 0..1', () => {
    expect(lifetimeLeft(0, 100, 25)).toBe(0.75);
    expect(lifetimeLeft(0, 100, 200)).toBe(0);
    expect(lifetimeLeft(0, 100, -50)).toBe(1);
    expect(lifetimeLeft(100, 100, 100)).toBe(0);
  });

  it('computes reward over risk only when both legs exist', () => {
    expect(rewardRisk('100', '95', '110')).toBe(2);
    expect(rewardRisk('100', '105', '85')).toBe(3);
    expect(rewardRisk('100', undefined, '110')).toBeUndefined();
    expect(rewardRisk('100', '100', '110')).toBeUndefined();
  });

  it('says how far a price is from the entry', () => {
    expect(formatDistance(40_100, '40000.0')).toBe('+0.25 %');
    expect(formatDistance(39_900, '40000.0')).toBe('−0.25 %');
    expect(formatDistance(40_000, '40000.0')).toBe('0.00 %');
    expect(formatDistance(1, '0')).toBe('—');
  });
});
