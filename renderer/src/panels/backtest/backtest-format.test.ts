import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from '../../engine-client/api-types';
import { formatDuration, formatRatio, formatSignedPercent, formatSpan, metricCards } from './backtest-format';

const metrics: BacktestMetrics = {
  startEquity: 10_000, endEquity: 11_250, totalReturn: 0.125, cagr: 0.31, annualVolatility: 0.22, sharpe: 1.42, sortino: 2.1, calmar: 2.6,
  maxDrawdown: 0.119, maxDrawdownDuration: 3 * 86_400_000 + 4 * 3_600_000, winRate: 0.55, profitFactor: Infinity, expectancy: 31.25, sqn: 1.2,
  exposure: 0.4, trades: 40, bestTrade: 300, worstTrade: -120, averageTrade: 31.25, buyAndHoldReturn: 0.2, fees: 80.5,
};

describe('backtest formatters', () => {
  it('signs returns, and never shows NaN', () => {
    expect(formatSignedPercent(0.1234)).toBe('+12.34%');
    expect(formatSignedPercent(-0.05)).toBe('-5.00%');
    expect(formatSignedPercent(0)).toBe('0.00%');
    expect(formatSignedPercent(Number.NaN)).toBe('—');
    expect(formatRatio(Number.NaN)).toBe('—');
    expect(formatRatio(Infinity)).toBe('∞');
    expect(formatRatio(1.234)).toBe('1.23');
  });

  it('writes durations in their two largest units', () => {
    expect(formatDuration(45 * 60_000)).toBe('45m');
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3h 20m');
    expect(formatDuration(12 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('12d 4h');
    expect(formatDuration(2 * 86_400_000)).toBe('2d');
    expect(formatDuration(-1)).toBe('—');
  });

  it('writes a span as dates, or to the minute when it is short', () => {
    expect(formatSpan(Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 30))).toBe('2024-01-01 → 2024-06-30');
    expect(formatSpan(Date.UTC(2025, 0, 1, 0, 5), Date.UTC(2025, 0, 1, 18, 30))).toBe('01-01 00:05 → 01-01 18:30');
  });

  it('builds every card the lab shows, coloured by what the figure means', () => {
    const cards = metricCards(metrics);
    expect(cards.map((c) => c.label)).toEqual([
      'Return', 'CAGR', 'Sharpe', 'Sortino', 'Calmar', 'Max DD', 'Win rate', 'Profit f.', 'Expect.', 'SQN', 'Exposure', 'Trades', 'Buy & hold',
    ]);
    const card = (key: string) => cards.find((c) => c.key === key)!;
    expect(card('totalReturn')).toMatchObject({ value: '+12.50%', tone: 'good', detail: '10,000.00 → 11,250.00' });
    expect(card('maxDrawdown')).toMatchObject({ value: '-11.90%', detail: 'lasted 3d 4h' });
    expect(card('profitFactor')).toMatchObject({ value: '∞', tone: 'good' });
    expect(card('sqn').tone).toBe('bad');
    expect(card('buyAndHold').detail).toBe('behind by 7.50%');
    expect(card('trades').detail).toBe('fees 80.50');
  });

  it('leaves ratios uncoloured when a run made no trade', () => {
    const cards = metricCards({ ...metrics, trades: 0, winRate: Number.NaN, profitFactor: Number.NaN });
    expect(cards.find((c) => c.key === 'winRate')).toMatchObject({ value: '—', tone: 'neutral' });
    expect(cards.find((c) => c.key === 'profitFactor')).toMatchObject({ value: '—', tone: 'neutral' });
  });
});
