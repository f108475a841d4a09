import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATOR_CONFIG, SentimentAggregator, type Contribution } from './aggregator';

const at = 1_763_000_000_000;
const c = (offsetMs: number, polarity: number, kind: Contribution['kind'] = 'news', confidence = 1): Contribution => ({ at: at + offsetMs, kind, polarity, confidence });
const byWindow = (list: ReturnType<SentimentAggregator['add']>) => Object.fromEntries(list.map((a) => [a.window, a]));

describe('SentimentAggregator', () => {
  it('one item: its polarity, confidence 1 − e^(−weight)', () => {
    const agg = new SentimentAggregator();
    const w = byWindow(agg.add('BTC', c(0, 0.8, 'news', 0.9)));
    for (const window of ['5m', '1h', '24h']) {
      expect(w[window]).toMatchObject({ symbol: 'BTC', at, count: 1, spike: false });
      expect(w[window]?.score).toBeCloseTo(0.8, 10);
      expect(w[window]?.confidence).toBeCloseTo(1 - Math.exp(-0.4 * 0.9), 10);
    }
  });

  it('weights sources and decays with age', () => {
    const agg = new SentimentAggregator();
    agg.add('ETH', c(0, 1, 'telegram'));
    const w = byWindow(agg.add('ETH', c(150_000, -1, 'news')));
    // 5m window, half-life 150 s: the telegram item is one half-life old → 0.1 × 0.5; the news item 0.4.
    const wt = 0.1 * 0.5;
    const wn = 0.4;
    expect(w['5m']?.score).toBeCloseTo((wt - wn) / (wt + wn), 10);
    // 24h window: half-life 12 h, both weigh almost fully.
    const wt24 = 0.1 * 0.5 ** (150_000 / 43_200_000);
    expect(w['24h']?.score).toBeCloseTo((wt24 - wn) / (wt24 + wn), 10);
    expect(w['5m']?.count).toBe(2);
  });

  it('drops items outside the window and forgets items older than a day', () => {
    const agg = new SentimentAggregator();
    agg.add('SOL', c(0, 1));
    const later = byWindow(agg.add('SOL', c(600_000, -0.5)));
    expect(later['5m']).toMatchObject({ count: 1, score: -0.5 });
    expect(later['1h']?.count).toBe(2);
    const nextDay = byWindow(agg.add('SOL', c(86_400_000 + 700_000, 0.2)));
    expect(nextDay['24h']?.count).toBe(1);
  });

  it('flags a spike when recent items swing away from the baseline', () => {
    const agg = new SentimentAggregator();
    for (let i = 0; i < 10; i++) agg.add('BTC', c(i * 600_000, 0.6));
    let last = agg.add('BTC', c(6_000_000, -0.9));
    last = agg.add('BTC', c(6_010_000, -0.9));
    expect(byWindow(last)['5m']?.spike).toBe(false);
    last = agg.add('BTC', c(6_020_000, -0.9));
    const w = byWindow(last);
    expect(w['5m']?.spike).toBe(true);
    expect(w['24h']?.spike).toBe(false);
  });

  it('uses configured weights, and a zero weight ignores a source', () => {
    const agg = new SentimentAggregator({ ...DEFAULT_AGGREGATOR_CONFIG, weights: { ...DEFAULT_AGGREGATOR_CONFIG.weights, reddit: 0 } });
    agg.add('DOGE', c(0, 1, 'reddit'));
    const w = byWindow(agg.add('DOGE', c(1, -1, 'x')));
    expect(w['5m']?.score).toBeCloseTo(-1, 10);
  });
});
