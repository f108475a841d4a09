import { describe, expect, it } from 'vitest';
import { errorText, formatUtcMinute, formatVolume, pricePrecision } from './format';

describe('pricePrecision', () => {
  it('shows as many decimals as the prices carry, between 2 and 8', () => {
    expect(pricePrecision([42000, 42001.5])).toBe(2);
    expect(pricePrecision([0.1 + 0.2])).toBe(2);
    expect(pricePrecision([1.2345])).toBe(4);
    expect(pricePrecision([0.00001234])).toBe(8);
    expect(pricePrecision([1e-7])).toBe(7);
    expect(pricePrecision([])).toBe(2);
  });
});

describe('formatters', () => {
  it('formats candle times in UTC and volumes compactly', () => {
    expect(formatUtcMinute(Date.UTC(2024, 2, 1, 14, 5))).toBe('2024-03-01 14:05');
    expect(formatVolume(1_234_567)).toBe('1.23M');
    expect(formatVolume(45_600)).toBe('45.6K');
    expect(formatVolume(12.5)).toBe('12.50');
  });
});

describe('errorText', () => {
  it("shows an Error's message and any other failure as text", () => {
    expect(errorText(new Error('Not allowed for this device’s role'))).toBe('Not allowed for this device’s role');
    expect(errorText('socket closed')).toBe('socket closed');
    expect(errorText(42)).toBe('42');
  });
});
