import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../hosts/serve';
import { generateCandles } from '../testing/candles';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { WsTestClient } from '../testing/ws-test-client';

const TOKEN = 'ranking-api-token-0123456789';

describe('the ranking and ml API of stratus serve', () => {
  let serve: RunningServe;
  let client: WsTestClient;
  const dir = tempDir('stratus-ranking-api-');

  beforeAll(async () => {
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    const start = Date.UTC(2024, 0, 1);
    for (const [i, symbol] of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'].entries()) {
      const candles = generateCandles(1_200, { start, stepMs: 3_600_000, seed: i + 1, price: 100 * (i + 1) });
      for (let from = 0; from < candles.length; from += 10_000) {
        await client.call('data.appendCandles', { venue: 'binance', symbol, timeframe: '1h', candles: candles.slice(from, from + 10_000) });
      }
    }
  });
  afterAll(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('ranks the stored series', async () => {
    const report = await client.call('ranking.top', { timeframe: '1h', top: 2 });
    expect(report.items).toHaveLength(2);
    expect(report.reference).toBe('BTC/USDT');
    expect(report.items[0]!.rank).toBe(1);
    expect(report.items[0]!.score).toBeGreaterThanOrEqual(report.items[1]!.score);
    const defaults = await client.call('ranking.top', {});
    expect(defaults.items).toHaveLength(3);
  });

  it('trains an ml-direction model, lists it without its weights, and versions retrains', async () => {
    expect(await client.call('ml.models', {})).toEqual([]);
    const card = await client.call('ml.train', { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', horizon: 4, folds: 3 });
    expect(card).toMatchObject({ version: 1, horizon: 4, series: { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h' } });
    expect(card.validation.folds).toHaveLength(3);
    expect(card.topWeights).toHaveLength(8);
    expect('model' in card).toBe(false);
    await client.call('ml.train', { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', horizon: 4, folds: 3 });
    const models = await client.call('ml.models', { symbol: 'ETH/USDT' });
    expect(models.map((m) => m.version)).toEqual([2, 1]);
    expect(await client.call('ml.models', { symbol: 'SOL/USDT' })).toEqual([]);
  });

  it('runs ml-direction as a registered strategy on the newest model, signalling with a probability', async () => {
    const series = { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h' } as const;
    const listed = await client.call('strategy.list', {});
    expect(listed.strategies.map((s) => s.name)).toContain('ml-direction');
    // The loosest threshold, so a random walk's small probabilities still make it take sides.
    await client.call('strategy.attach', { strategy: 'ml-direction', series, params: { threshold: 0.51 } });
    const more = generateCandles(1_300, { start: Date.UTC(2024, 0, 1), stepMs: 3_600_000, seed: 2, price: 200 }).slice(1_200);
    await client.call('data.appendCandles', { ...series, candles: more });
    await eventually(async () => (await client.call('strategy.signals', { series, strategy: 'ml-direction' })).length > 0);
    const signals = await client.call('strategy.signals', { series, strategy: 'ml-direction' });
    for (const signal of signals) {
      expect(signal.probability).toBeGreaterThan(0.5);
      expect(signal.rationale).toMatch(/model v2, out-of-sample AUC 0\.\d{3}\); top log-odds contributions: /);
    }
    // A model trained while it runs takes over at once: the next signals come from v3.
    await client.call('ml.train', { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', horizon: 4, folds: 3 });
    const before = signals.length;
    const later = generateCandles(1_400, { start: Date.UTC(2024, 0, 1), stepMs: 3_600_000, seed: 2, price: 200 }).slice(1_300);
    await client.call('data.appendCandles', { ...series, candles: later });
    await eventually(async () => (await client.call('strategy.signals', { series, strategy: 'ml-direction' })).length > before);
    const after = await client.call('strategy.signals', { series, strategy: 'ml-direction' });
    const fresh = after.filter((s) => s.time > more.at(-1)!.openTime);
    expect(fresh.length).toBeGreaterThan(0);
    for (const signal of fresh) expect(signal.rationale).toMatch(/model v3,/);

    // Without a model for the series the strategy refuses to start, naming the command that trains one.
    await expect(
      client.call('strategy.attach', { strategy: 'ml-direction', series: { ...series, symbol: 'BTC/USDT' }, params: {} }),
    ).rejects.toThrow(/stratus train ml-direction --venue binance --symbol BTC\/USDT --timeframe 1h/);
  });

  it('keeps answering other calls while a model trains', async () => {
    const order: string[] = [];
    await Promise.all([
      client.call('ml.train', { venue: 'binance', symbol: 'SOL/USDT', timeframe: '1h', horizon: 4, folds: 3 }).then(() => order.push('train')),
      client.call('system.ping', {}).then(() => order.push('ping')),
    ]);
    expect(order).toEqual(['ping', 'train']);
  });

  it('rejects bad input clearly', async () => {
    await expect(client.call('ranking.top', { timeframe: '7h' as '1h' })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('ranking.top', { top: 0 })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('ml.train', { venue: 'binance', symbol: 'DOGE/USDT', timeframe: '1h' })).rejects.toThrow(/has 0 stored bars/);
    await expect(client.call('ml.train', { venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h', horizon: 0 })).rejects.toMatchObject({ type: 'ValidationError' });
    // The engine is still serving.
    expect((await client.call('ranking.top', { top: 1 })).items).toHaveLength(1);
  });
});
