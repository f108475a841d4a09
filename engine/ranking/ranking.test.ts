import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageBus } from '../core/message-bus';
import type { SeriesKey } from '../model/candle';
import { openDatabase, type Db } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { rankingScenario } from '../testing/ranking-scenario';
import { regimeState } from '../testing/regime-state';
import { tempDir } from '../testing/temp-dir';
import { rankingJson, rankingMarkdown } from './report-format';
import { baseAsset, RankingService } from './ranking-service';

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const BARS = 800;

const key = (symbol: string): SeriesKey => ({ venue: 'binance', symbol, timeframe: '1h' });

describe('ranking over a real SQLite file', () => {
  const dir = tempDir('stratus-ranking-');
  let db: Db;
  let repo: CandleRepository;

  beforeAll(() => {
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    repo = new CandleRepository(db);
    for (const [symbol, candles] of Object.entries(rankingScenario(BARS, START))) repo.upsertMany(key(symbol), candles, 0);
    // Too short to rank, and another timeframe and venue that must not appear.
    const btc = rankingScenario(BARS, START)['BTC/USDT']!;
    repo.upsertMany(key('NEW/USDT'), btc.slice(0, 50), 0);
    repo.upsertMany({ venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1h' }, btc, 0);
    repo.upsertMany({ venue: 'binance', symbol: 'BTC/USDT', timeframe: '5m' }, btc, 0);
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  const service = (bus?: MessageBus): RankingService => new RankingService({ candles: repo, now: () => START + BARS * HOUR, bus });

  it('ranks a clear uptrend first, with its reasons', () => {
    const report = service().top({ timeframe: '1h', venue: 'binance', top: 10 });
    expect(report.reference).toBe('BTC/USDT');
    expect(report.items[0]!.series.symbol).toBe('UP/USDT');
    expect(report.items[0]!.direction).toBe('up');
    expect(report.items[0]!.rationale).toMatch(/^strong uptrend \(ADX \d+/);
    expect(report.items.map((i) => i.rank)).toEqual(report.items.map((_, i) => i + 1));
    for (const item of report.items) {
      for (const [name, score] of Object.entries(item.scores)) {
        if (score !== null) expect(score, `${item.series.symbol} ${name}`).toBeGreaterThanOrEqual(0);
        if (score !== null) expect(score, `${item.series.symbol} ${name}`).toBeLessThanOrEqual(1);
      }
      expect(item.scores.sentiment).toBeNull();
    }
    expect(report.items.map((i) => i.series.venue)).not.toContain('bybit');
    expect(report.skipped).toEqual([{ series: key('NEW/USDT'), reason: expect.stringMatching(/^50 bars stored, \d+ needed$/) }]);
  });

  it('flags the planted volume spike, price jump and correlation breakdown, and only those', () => {
    const items = service().top({ timeframe: '1h', venue: 'binance', top: 50 }).items;
    const flags = Object.fromEntries(items.map((i) => [i.series.symbol, i.metrics.anomalies.map((a) => a.kind).sort()]));
    expect(flags).toEqual({
      'BTC/USDT': [],
      'ETH/USDT': [],
      'SOL/USDT': [],
      'UP/USDT': [],
      'SPIKE/USDT': ['volume-spike'],
      'JUMP/USDT': ['price-jump'],
      'DECOUPLE/USDT': ['correlation-breakdown'],
    });
    const decouple = items.find((i) => i.series.symbol === 'DECOUPLE/USDT')!;
    expect(decouple.metrics.correlation!.longRun).toBeGreaterThan(0.8);
    expect(decouple.metrics.correlation!.recent).toBeLessThan(0.35);
    const jump = items.find((i) => i.series.symbol === 'JUMP/USDT')!;
    expect(jump.metrics.anomalies[0]!.value).toBeLessThan(-4);
    expect(jump.rationale).toMatch(/Anomalies: down 9\.00% in one bar/);
    // An anomaly costs confidence: the spike ranks below its twin market followers.
    const eth = items.find((i) => i.series.symbol === 'ETH/USDT')!;
    const spike = items.find((i) => i.series.symbol === 'SPIKE/USDT')!;
    expect(spike.scores.anomalies).toBeGreaterThan(0);
    expect(spike.score).toBeLessThan(eth.score);
  });

  it('uses regime states and top-of-book spreads published on the bus', () => {
    const bus = new MessageBus();
    const ranking = service(bus);
    ranking.start();
    const before = ranking.top({ timeframe: '1h', venue: 'binance', top: 50 }).items.find((i) => i.series.symbol === 'SOL/USDT')!;
    const regime = regimeState({ symbol: 'SOL/USDT', time: START });
    bus.publish('regime.binance.SOL/USDT.1h', regime);
    bus.publish('data.book.binance.SOL/USDT', { venue: 'binance', symbol: 'SOL/USDT', time: 0, bid: 99.9, bidSize: 1, ask: 100.1, askSize: 1, receivedAt: 0 });
    const after = ranking.top({ timeframe: '1h', venue: 'binance', top: 50 }).items.find((i) => i.series.symbol === 'SOL/USDT')!;
    expect(after.metrics.trend.regime).toEqual({ label: 'trend-up', confidence: 0.9 });
    expect(after.metrics.liquidity.spreadBps).toBeCloseTo(20, 9);
    expect(after.scores.liquidity).toBeLessThan(before.scores.liquidity);
    expect(after.rationale).toContain('regime trend-up (90%)');
    ranking.stop();
  });

  it('uses sentiment when a source knows the asset', () => {
    const ranking = new RankingService({
      candles: repo,
      now: () => START + BARS * HOUR,
      sentimentAsOf: (asset, at) => (asset === 'ETH' ? { symbol: 'ETH', window: '1h', at, score: 0.6, confidence: 0.5, count: 7, spike: false } : null),
    });
    const items = ranking.top({ timeframe: '1h', top: 50 }).items;
    expect(items.find((i) => i.series.symbol === 'ETH/USDT')!.scores.sentiment).toBeCloseTo(0.65, 12);
    expect(items.find((i) => i.series.symbol === 'SOL/USDT')!.scores.sentiment).toBeNull();
  });

  it('writes Markdown and JSON reports', () => {
    const report = service().top({ timeframe: '1h', venue: 'binance', top: 3 });
    const md = rankingMarkdown(report);
    expect(md).toContain('# Stratus ranking — binance 1h');
    expect(md).toMatch(/\| 1 \| UP\/USDT \| binance \| 0\.\d{3} \| up \|/);
    expect(md).toContain('## Not ranked');
    expect(JSON.parse(rankingJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('rejects bad requests clearly and ranks nothing from an empty timeframe', () => {
    expect(() => service().top({ timeframe: '1h', top: 0 })).toThrow(/top must be a whole number/);
    expect(() => service().top({ timeframe: '1h', top: 5, bars: 10 })).toThrow(/bars must be at least/);
    const empty = service().top({ timeframe: '1d', top: 5 });
    expect(empty.items).toEqual([]);
    expect(rankingMarkdown(empty)).toContain('No series could be ranked.');
  });

  it('finds the base asset of unified and exchange symbols', () => {
    expect(['BTC/USDT', 'BTC/USDT:USDT', 'BTCUSDT', 'ethusdc', 'XRP'].map(baseAsset)).toEqual(['BTC', 'BTC', 'BTC', 'ETH', 'XRP']);
  });
});
