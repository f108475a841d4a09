import { describe, expect, it } from 'vitest';
import { makeRisk } from '../trading/trading-fixtures';
import { limitsDraft, parseLimits } from './limits-form';

const limits = makeRisk().limits;

describe('risk limits form', () => {
  it('shows fractions as percentages and sends back only what changed, in fractions', () => {
    const draft = limitsDraft(limits);
    expect(draft.maxConcentration).toBe('5');
    expect(draft.haltDrawdown).toBe('20');
    expect(parseLimits(limits, draft)).toEqual({ ok: true, changes: {} });
    expect(parseLimits(limits, { ...draft, maxConcentration: '7.5', maxOrderNotional: '2500' })).toEqual({ ok: true, changes: { maxOrderNotional: 2500, maxConcentration: 0.075 } });
  });

  it('names every bad field', () => {
    const draft = limitsDraft(limits);
    const result = parseLimits(limits, { ...draft, maxOrderNotional: 'lots', maxOrdersPerMinute: '2.5', maxLeverage: '0.5', maxConcentration: '150', dailyLossLimit: '-1', stopOutCooldownMinutes: '-3' });
    expect(result).toEqual({
      ok: false,
      problems: {
        maxOrderNotional: 'Max order notional must be a number',
        maxOrdersPerMinute: 'Orders per minute must be a whole number',
        maxLeverage: 'Max leverage must be at least 1',
        maxConcentration: 'Max per symbol (% of equity) must be at most 100',
        dailyLossLimit: 'Daily loss limit must be greater than zero',
        stopOutCooldownMinutes: 'Cooldown (minutes) must be zero or more',
      },
    });
  });

  it('keeps the halt drawdown deeper than the reduce-only one', () => {
    const draft = limitsDraft(limits);
    expect(parseLimits(limits, { ...draft, reduceOnlyDrawdown: '25' })).toEqual({ ok: false, problems: { haltDrawdown: 'Halt must come at a deeper drawdown than reduce-only' } });
  });
});
