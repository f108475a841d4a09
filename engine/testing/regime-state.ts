import type { RegimeState } from '../model/regime';

/** A regime detector's belief for tests: trend-up at 90 % unless overridden. */
export function regimeState(overrides: Partial<RegimeState> = {}): RegimeState {
  return {
    venue: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    time: 0,
    receivedAt: 0,
    modelId: 'test-model',
    labels: ['trend-up', 'trend-down', 'range', 'stress'],
    probabilities: [0.9, 0.05, 0.03, 0.02],
    regime: 'trend-up',
    confidence: 0.9,
    expectedDuration: 12,
    transitions: [],
    ...overrides,
  };
}
