import { expect } from 'vitest';
import type { ProposalView } from '../execution/execution-views';
import type { Candle } from '../model/candle';
import { eventually } from './eventually';
import type { WsTestClient } from './ws-test-client';

/** A user strategy that proposes a long after every up-close (stop 25 % below), for tests that need a proposal. */
export const UP_CLOSE_STRATEGY = {
  name: 'up-close',
  source: `
export const strategy = {
  name: 'up-close', apiVersion: 1, description: 'long after an up-close', parameters: [], warmUp: () => 1,
  create: () => ({
    onCandle: ({ candle, history }) => {
      const prev = history.at(1);
      if (!prev || candle.close <= prev.close) return;
      return { direction: 'long', strength: 0.9, stop: candle.close * 0.75, rationale: 'close rose' };
    },
  }),
};
`,
} as const;

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const t0 = Date.UTC(2026, 0, 5);
const bar = (i: number, close: number): Candle => ({ openTime: t0 + i * 60_000, open: close, high: close, low: close, close, volume: 10 });

/**
 * On a serve started with UP_CLOSE_STRATEGY (startTradingServe): attaches it to Bybit's BTCUSDT, feeds
 * two bars that close up, and returns the one proposal that then waits for a decision.
 */
export async function pendingProposal(admin: WsTestClient): Promise<ProposalView> {
  await admin.call('strategy.attach', { strategy: UP_CLOSE_STRATEGY.name, series, params: {} });
  await admin.call('data.appendCandles', { ...series, candles: [bar(0, 50_000), bar(1, 50_010)] });
  return eventually(async () => {
    const list = await admin.call('approvals.list', {});
    expect(list).toHaveLength(1);
    return list[0]!;
  });
}
