import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../hosts/serve';
import { BollingerBands } from '../../indicators/bollinger-bands';
import { Ema } from '../../indicators/ema';
import { indicatorSeries } from '../../indicators/indicator-series';
import { Rsi } from '../../indicators/rsi';
import { SessionVwap } from '../../indicators/session-vwap';
import { Sma } from '../../indicators/sma';
import { generateCandles } from '../../testing/candles';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'indicators-test-token-0123456789';
const series = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' } as const;
const candles = generateCandles(3_000, { start: Date.UTC(2025, 0, 1, 20), seed: 9 });
const closes = candles.map((c) => c.close);
const orNull = (values: readonly (number | undefined)[]): (number | null)[] => values.map((v) => (v === undefined ? null : v));

describe('indicators.* over a real SQLite store (stratus serve)', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;

  beforeAll(async () => {
    dir = tempDir();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: join(dir.path, 'no-web') });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    for (let i = 0; i < candles.length; i += 1_000) await client.call('data.appendCandles', { ...series, candles: candles.slice(i, i + 1_000) });
  });
  afterAll(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('lists the indicators with parameters, ranges, panes, outputs and levels', async () => {
    const list = await client.call('indicators.list', {});
    expect(list.map((d) => d.id)).toEqual(['sma', 'ema', 'wma', 'bollinger', 'vwap', 'twap', 'rsi', 'macd', 'stochastic', 'atr', 'adx', 'obv', 'realized-volatility', 'zscore']);
    expect(list.find((d) => d.id === 'ema')).toMatchObject({ pane: 'price', params: [{ name: 'period', default: 21, min: 1, max: 1_000, integer: true }] });
    expect(list.find((d) => d.id === 'rsi')).toMatchObject({ pane: 'separate', levels: [30, 70], outputs: [{ key: 'value', style: 'line' }] });
    expect(list.find((d) => d.id === 'macd')?.outputs.map((o) => [o.key, o.style])).toEqual([
      ['macd', 'line'],
      ['signal', 'line'],
      ['histogram', 'histogram'],
    ]);
  });

  it('computes over the whole series, aligned with data.candles, warm-up rows null', async () => {
    const result = await client.call('indicators.compute', { ...series, indicator: 'ema', params: { period: 50 } });
    const stored = await client.call('data.candles', { ...series });
    expect(result.openTime).toEqual(stored.openTime);
    expect(result.params).toEqual({ period: 50 });
    expect(result.values.value).toEqual(orNull(indicatorSeries(new Ema(50), closes)));
    expect(result.values.value?.slice(0, 49).every((v) => v === null)).toBe(true);
  });

  it('fills defaults and returns every output of a multi-output indicator', async () => {
    const result = await client.call('indicators.compute', { ...series, indicator: 'bollinger' });
    expect(result.params).toEqual({ period: 20, multiplier: 2 });
    const bands = indicatorSeries(new BollingerBands(20, 2), closes);
    expect(Object.keys(result.values)).toEqual(['upper', 'middle', 'lower', 'bandwidth', 'percentB']);
    expect(result.values.upper).toEqual(orNull(bands.map((b) => b?.upper)));
    expect(result.values.percentB).toEqual(orNull(bands.map((b) => b?.percentB)));
  });

  it('feeds stored history before `from`, so a window starts with settled values equal to the full run', async () => {
    const from = candles[2_000]!.openTime;
    const to = candles[2_499]!.openTime;
    const result = await client.call('indicators.compute', { ...series, indicator: 'rsi', params: { period: 14 }, from, to });
    expect(result.openTime).toEqual(candles.slice(2_000, 2_500).map((c) => c.openTime));
    // RSI feeds 1,000 earlier bars (20 × warm-up, at least 1,000): the seed is forgotten to machine precision.
    const full = indicatorSeries(new Rsi(14), closes).slice(2_000, 2_500);
    result.values.value!.forEach((v, i) => expect(v).toBeCloseTo(full[i] as number, 9));
    // A simple average needs only its window (equal up to the running sum's rounding).
    const sma = await client.call('indicators.compute', { ...series, indicator: 'sma', params: { period: 30 }, from, to });
    const fullSma = indicatorSeries(new Sma(30), closes).slice(2_000, 2_500);
    sma.values.value!.forEach((v, i) => expect(v).toBeCloseTo(fullSma[i] as number, 8));
    // VWAP reaches back to the start of its UTC session.
    const vwap = await client.call('indicators.compute', { ...series, indicator: 'vwap', from, to });
    expect(vwap.values.value).toEqual(indicatorSeries(new SessionVwap(), candles).slice(2_000, 2_500));
  });

  it('takes the latest `limit` rows like data.candles', async () => {
    const result = await client.call('indicators.compute', { ...series, indicator: 'sma', params: { period: 5 }, limit: 10 });
    expect(result.openTime).toEqual(candles.slice(-10).map((c) => c.openTime));
    const full = indicatorSeries(new Sma(5), closes).slice(-10);
    result.values.value!.forEach((v, i) => expect(v).toBeCloseTo(full[i] as number, 8));
  });

  it('answers an empty series with empty columns', async () => {
    const result = await client.call('indicators.compute', { ...series, symbol: 'ETH/USDT', indicator: 'macd' });
    expect(result).toEqual({ indicator: 'macd', params: { fast: 12, slow: 26, signal: 9 }, openTime: [], values: { macd: [], signal: [], histogram: [] } });
  });

  it('rejects bad requests with messages that say what is valid', async () => {
    const rejection = (params: Record<string, unknown>) =>
      client.call('indicators.compute', { ...series, ...params } as never).then(
        () => 'resolved',
        (error: Error & { type?: string }) => `${error.type}: ${error.message}`,
      );
    expect(await rejection({ indicator: 'ichimoku' })).toBe(
      'ValidationError: unknown indicator "ichimoku"; valid indicators: sma, ema, wma, bollinger, vwap, twap, rsi, macd, stochastic, atr, adx, obv, realized-volatility, zscore',
    );
    expect(await rejection({ indicator: 'ema', params: { period: 0 } })).toBe('ValidationError: ema: period must be an integer from 1 to 1000, got 0');
    expect(await rejection({ indicator: 'ema', params: { period: 2.5 } })).toBe('ValidationError: ema: period must be an integer from 1 to 1000, got 2.5');
    expect(await rejection({ indicator: 'bollinger', params: { multiplier: 11 } })).toBe('ValidationError: bollinger: multiplier must be a number from 0.1 to 10, got 11');
    expect(await rejection({ indicator: 'rsi', params: { length: 14 } })).toBe('ValidationError: rsi: unknown parameter "length"; valid parameters: period');
    expect(await rejection({ indicator: 'obv', params: { period: 3 } })).toBe('ValidationError: obv: unknown parameter "period"; it takes no parameters');
    expect(await rejection({ indicator: 'macd', params: { fast: 30, slow: 26 } })).toBe('ValidationError: macd: fast (30) must be shorter than slow (26)');
    expect(await rejection({ indicator: 'ema', params: { period: '21' } })).toMatch(/^ValidationError: invalid parameters for indicators.compute: .*params\.period/s);
    expect(await rejection({ indicator: 'ema', timeframe: '7m' })).toMatch(/^ValidationError: invalid parameters for indicators.compute: .*timeframe/s);
  });
});
