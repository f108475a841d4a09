import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProposalView } from './execution-views';
import type { RunningServe } from '../hosts/serve';
import type { Candle } from '../model/candle';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { startTradingServe } from '../testing/trading-serve';
import type { WsTestClient } from '../testing/ws-test-client';

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const MINUTE = 60_000;
const t0 = Date.UTC(2026, 0, 5);
const bar = (i: number, close: number): Candle => ({ openTime: t0 + i * MINUTE, open: close, high: close, low: close, close, volume: 10 });

/** Long after an up-close with a stop 25 % below. */
const strategySource = `
export const strategy = {
  name: 'up-down',
  apiVersion: 1,
  description: 'long after an up-close',
  parameters: [],
  warmUp: () => 1,
  create: () => ({
    onCandle: ({ candle, history }) => {
      const prev = history.at(1);
      if (!prev || candle.close <= prev.close) return;
      return { direction: 'long', strength: 0.9, stop: candle.close * 0.75, rationale: 'close rose' };
    },
  }),
};
`;

describe('per-strategy sizing through the API', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;

  beforeEach(async () => {
    dir = tempDir();
    ({ serve, client } = await startTradingServe(dir.path, { name: 'up-down', source: strategySource }));
  });

  afterEach(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('sets a strategy\'s sizing, answers it, audits it, and sizes the next proposal with it', async () => {
    expect(await client.call('trading.sizing', {})).toEqual({ default: { sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, strategies: [] });
    expect(await client.call('trading.sizing', { strategy: 'up-down' })).toMatchObject({ strategies: [{ strategy: 'up-down', sizing: { mode: 'risk-per-trade', riskFraction: 0.01 }, isDefault: true }] });

    const set = await client.call('trading.setSizing', { strategy: 'up-down', sizing: { mode: 'equity-fraction', fraction: 0.02 }, regimeMultipliers: { 'trend-up': 1, 'trend-down': 1, range: 1, stress: 0.5 } });
    expect(set).toMatchObject({ strategy: 'up-down', sizing: { mode: 'equity-fraction', fraction: 0.02 }, regimeMultipliers: { stress: 0.5 }, isDefault: false });
    expect((await client.call('trading.sizing', {})).strategies).toMatchObject([{ strategy: 'up-down', sizing: { mode: 'equity-fraction', fraction: 0.02 }, isDefault: false }]);
    const audit = await client.call('approvals.audit', {});
    expect(audit.find((e) => e.action === 'sizing-set')).toMatchObject({ strategy: 'up-down', actor: { kind: 'trader', via: 'ui' } });
    expect(audit.find((e) => e.action === 'sizing-set')?.detail).toContain('equity-fraction (fraction 0.02');

    await client.call('strategy.attach', { strategy: 'up-down', series, params: {} });
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
    const [proposal] = await eventually(async () => {
      const list: ProposalView[] = [...(await client.call('approvals.list', {}))];
      expect(list).toHaveLength(1);
      return list;
    });
    // 2 % of 10,000 = 200 USDT at 50,010 is 0.003 BTC after rounding down to the lot (the default, 1 % risk over a 25 % stop, gives 0.007).
    expect(proposal).toMatchObject({ strategy: 'up-down', entry: '50010.0', quantity: '0.003' });
  });

  it('refuses a sizing that is not a SizingMode, clearly, and keeps the one in force', async () => {
    await client.call('trading.setSizing', { strategy: 'up-down', sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 0.1 } });
    const bad = [
      { strategy: 'up-down', sizing: { mode: 'martingale', fraction: 0.1 } },
      { strategy: 'up-down', sizing: { mode: 'equity-fraction', fraction: 1.5 } },
      { strategy: 'up-down', sizing: { mode: 'risk-per-trade', riskFraction: -0.01 } },
      { strategy: 'up-down', sizing: { mode: 'volatility-target', riskFraction: 0.01 } },
      { strategy: 'up-down', sizing: { mode: 'fixed-quantity', quantity: 1, fraction: 0.1 } },
      { strategy: 'Up Down', sizing: { mode: 'all-equity' } },
      { strategy: 'up-down', sizing: { mode: 'all-equity' }, maxLeverage: 0 },
      { strategy: 'up-down', sizing: { mode: 'all-equity' }, regimeMultipliers: { range: 1.2 } },
      { strategy: 'up-down' },
    ];
    for (const params of bad) await expect(client.call('trading.setSizing', params as never), JSON.stringify(params)).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('trading.setSizing', bad[1] as never)).rejects.toMatchObject({ message: expect.stringContaining('fraction') });
    expect((await client.call('trading.sizing', { strategy: 'up-down' })).strategies).toMatchObject([{ sizing: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 0.1 }, isDefault: false }]);
  });
});
