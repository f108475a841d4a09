import type { ProposalView } from '../execution/execution-views';

/** A paper proposal to buy 0.01 BTCUSDT at 60,000 as the API shows it, made at `createdAt`, for ten minutes. */
export function proposalView(id: string, createdAt: number, status: ProposalView['status'] = 'pending'): ProposalView {
  return {
    id,
    signalId: `s-${id}`,
    strategy: 'up-once',
    venue: 'bybit',
    symbol: 'BTCUSDT',
    timeframe: '1m',
    side: 'buy',
    orderType: 'market',
    reduceOnly: false,
    entry: '60000',
    quantity: '0.01',
    notional: '600',
    riskMoney: '60',
    riskFraction: 0.01,
    estimatedFees: '0.33',
    leverage: 1,
    rationale: 'close rose',
    confidence: 0.9,
    status,
    mode: 'paper',
    createdAt,
    expiresAt: createdAt + 600_000,
  };
}
