import { describe, expect, it } from 'vitest';
import type { ParameterSpec, SeriesSummary } from '../../engine-client/api-types';
import { DEFAULT_FORM, checkForm, type BacktestFormValues } from './backtest-form';

const parameters: ParameterSpec[] = [
  { name: 'fast', kind: 'integer', default: 10, min: 2, max: 200, description: '' },
  { name: 'slow', kind: 'integer', default: 30, min: 3, max: 500, description: '' },
];
const stored: SeriesSummary[] = [{ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', count: 1_000, firstOpenTime: Date.UTC(2025, 0, 1), lastOpenTime: Date.UTC(2025, 1, 11) }];
const form = (patch: Partial<BacktestFormValues> = {}): BacktestFormValues => ({ ...DEFAULT_FORM, strategy: 'sma-cross', params: { fast: '5', slow: '20' }, series: 'binance|BTC/USDT|1h', ...patch });

describe('backtest form', () => {
  it('turns the form into the engine\'s run config: percent fees to basis points, days to bar times', () => {
    const check = checkForm(form({ from: '2025-01-05', to: '2025-01-31', makerFeePct: '0.02', takerFeePct: '0.055', slippage: 'volatility', slippageVolFactor: '0.2', fractionPct: '50' }), parameters, stored);
    expect(check).toEqual({
      ok: true,
      request: {
        venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', strategy: 'sma-cross', params: { fast: 5, slow: 20 },
        from: Date.UTC(2025, 0, 5), to: Date.UTC(2025, 1, 1) - 1,
        initialEquity: 10_000, fees: { makerBps: 2, takerBps: 5.5 }, slippage: { mode: 'volatility', factor: 0.2 },
        sizing: { mode: 'equity-fraction', fraction: 0.5 }, maxLeverage: 1, fillTiming: 'next-open', closeAtEnd: true,
        approval: { policy: 'approve-all' }, regime: { mode: 'none' },
      },
    });
  });

  it('asks for regimes fitted before the test, or the stored ones', () => {
    const fitted = checkForm(form({ regime: 'fit-before', regimeTrainBars: '800' }), parameters, stored);
    expect(fitted.ok && fitted.request.regime).toEqual({ mode: 'fit-before', trainBars: 800 });
    const replayed = checkForm(form({ regime: 'stored' }), parameters, stored);
    expect(replayed.ok && replayed.request.regime).toEqual({ mode: 'stored' });
    expect(checkForm(form({ regime: 'fit-before', regimeTrainBars: '100' }), parameters, stored)).toEqual({ ok: false, problems: ['Regime training bars must be between 500 and 1000000'] });
  });

  it('allows zero fees and a maker rebate, and every sizing mode', () => {
    const zero = checkForm(form({ makerFeePct: '-0.01', takerFeePct: '0', slippage: 'none' }), parameters, stored);
    expect(zero.ok && zero.request).toMatchObject({ fees: { makerBps: -1, takerBps: 0 }, slippage: { mode: 'none' } });
    const sizings = {
      'fixed-quantity': { mode: 'fixed-quantity', quantity: 1 },
      'all-equity': { mode: 'all-equity' },
      'risk-per-trade': { mode: 'risk-per-trade', riskFraction: 0.01 },
      'volatility-target': { mode: 'volatility-target', riskFraction: 0.01, atrMultiple: 2 },
      kelly: { mode: 'kelly', kellyFraction: 0.5, maxFraction: 1 },
    } as const;
    for (const [mode, expected] of Object.entries(sizings)) {
      const check = checkForm(form({ sizing: mode as BacktestFormValues['sizing'] }), parameters, stored);
      expect(check.ok && check.request.sizing).toEqual(expected);
    }
  });

  it('lists every problem at once, each naming its field', () => {
    const check = checkForm(
      form({ params: { fast: '1', slow: 'x' }, from: '2025-02-30', to: '2024-12-01', initialEquity: '0', takerFeePct: '-1', slippageBps: '5000', sizing: 'risk-per-trade', riskPct: '0', approval: 'delay', approvalDelayBars: '1.5' }),
      parameters,
      stored,
    );
    expect(check).toEqual({
      ok: false,
      problems: [
        'fast must be between 2 and 200',
        'slow must be a number',
        'From must be a date like 2025-01-31',
        'To is before the first stored bar (2025-01-01)',
        'Initial equity must be above 0 and at most 1000000000000',
        'Taker fee (%) must be between 0 and 10',
        'Slippage (bps) must be between 0 and 1000',
        'Risk per trade must be above 0 and at most 100%',
        'Approval delay (bars) must be a whole number',
      ],
    });
  });

  it('refuses a range the wrong way round, a missing strategy and an unknown series', () => {
    expect(checkForm(form({ from: '2025-01-20', to: '2025-01-10' }), parameters, stored)).toEqual({ ok: false, problems: ['From must be before To'] });
    expect(checkForm(form({ strategy: '', series: 'x|y|1m' }), undefined, stored)).toEqual({ ok: false, problems: ['Choose a strategy', 'Choose a stored series'] });
    expect(checkForm(form({ from: '2025-03-01' }), parameters, stored)).toEqual({ ok: false, problems: ['From is after the last stored bar (2025-02-11)'] });
  });
});
