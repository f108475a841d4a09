import type { FillView, OrderView, PolicyView, PortfolioView, ProposalView, RiskView, TradingModeView } from '../../engine-client/api-types';

/** Hand-made views for the panels' tests, shaped as the engine sends them (decimal strings at full scale). */
export function makeProposal(extra: Partial<ProposalView> = {}): ProposalView {
  return {
    id: 'p1',
    signalId: 's1',
    strategy: 'sma-cross',
    venue: 'sim',
    symbol: 'BTCUSDT',
    timeframe: '1m',
    side: 'buy',
    orderType: 'limit',
    reduceOnly: false,
    entry: '40000.00',
    quantity: '0.250',
    notional: '10000.00000000',
    stop: '39500.00',
    target: '41000.00',
    riskMoney: '131.00000000',
    riskFraction: 0.0131,
    estimatedFees: '6.00000000',
    leverage: 1,
    regime: 'trend-up',
    sentimentContext: 'BTC 1h +0.42 (12 items)',
    whaleContext: 'net exchange outflow 1,250 BTC in 24 h',
    rationale: 'SMA 10 crossed above SMA 30',
    confidence: 0.8,
    status: 'pending',
    mode: 'paper',
    createdAt: 1_000_000,
    expiresAt: 1_300_000,
    ...extra,
  };
}

export function makeOrder(extra: Partial<OrderView> = {}): OrderView {
  return {
    clientOrderId: 'o1',
    venue: 'sim',
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'limit',
    quantity: '0.250',
    price: '40000.00',
    timeInForce: 'GTC',
    reduceOnly: false,
    strategy: 'sma-cross',
    status: 'open',
    filledQuantity: '0.000',
    createdAt: 1_000_000,
    updatedAt: 1_000_000,
    ...extra,
  };
}

export function makeFill(extra: Partial<FillView> = {}): FillView {
  return {
    id: 'f1',
    clientOrderId: 'o1',
    venue: 'sim',
    symbol: 'BTCUSDT',
    side: 'buy',
    quantity: '0.250',
    price: '40000.00',
    fee: '6.00000000',
    liquidity: 'taker',
    time: 1_000_500,
    receivedAt: 1_000_500,
    ...extra,
  };
}

export function makePortfolio(extra: Partial<PortfolioView> = {}): PortfolioView {
  return {
    mode: 'paper',
    venue: 'sim',
    currency: 'USDT',
    equity: '10125.00000000',
    cash: '100.00000000',
    realizedPnl: '-6.00000000',
    unrealizedPnl: '131.00000000',
    grossExposure: '10025.00000000',
    netExposure: '10025.00000000',
    positions: [
      {
        venue: 'sim',
        symbol: 'BTCUSDT',
        quantity: '0.250',
        side: 'long',
        entryPrice: '40000.00',
        markPrice: '40524.00',
        notional: '10131.00000000',
        realizedPnl: '-6.00000000',
        unrealizedPnl: '131.00000000',
        leverage: 1,
        updatedAt: 1_000_600,
      },
    ],
    balances: [{ venue: 'sim', asset: 'USDT', total: '10000.00000000', free: '100.00000000', updatedAt: 1_000_600 }],
    exposure: [{ venue: 'sim', symbol: 'BTCUSDT', notional: '10131.00000000', fraction: 0.99 }],
    updatedAt: 1_000_600,
    ...extra,
  };
}

export function makeRisk(extra: Partial<RiskView> = {}): RiskView {
  return {
    state: 'ACTIVE',
    limits: {
      maxOrderNotional: 5_000,
      maxPositionNotional: 10_000,
      maxGrossExposure: 20_000,
      maxNetExposure: 15_000,
      maxConcentration: 0.05,
      maxLeverage: 3,
      dailyLossLimit: 500,
      maxOrdersPerMinute: 30,
      stopOutCooldownCount: 3,
      stopOutCooldownMinutes: 60,
      reduceOnlyDrawdown: 0.1,
      haltDrawdown: 0.2,
    },
    usage: {
      equity: '10000.00000000',
      grossExposure: 4_000,
      netExposure: 2_000,
      leverage: 0.4,
      largestConcentration: { symbol: 'BTCUSDT', fraction: 0.04 },
      dailyPnl: -120,
      ordersLastMinute: 3,
      drawdown: 0.02,
    },
    valueAtRisk: { confidence: 0.95, var: 180.5, cvar: 260.25, observations: 240 },
    updatedAt: 1_000_000,
    ...extra,
  };
}

export function makeMode(extra: Partial<TradingModeView> = {}): TradingModeView {
  return {
    mode: 'paper',
    venue: 'sim',
    liveAvailable: false,
    liveUnavailableReason: 'no Bybit keys are set',
    confirmation: 'I understand that live trading sends real orders with real money',
    automation: { 'sma-cross': false },
    riskState: 'ACTIVE',
    updatedAt: 1_000_000,
    ...extra,
  };
}

export function makePolicy(extra: Partial<PolicyView> = {}): PolicyView {
  return { strategy: 'sma-cross', policy: { kind: 'manual' }, automation: false, updatedAt: 1_000_000, ...extra };
}
