import { describe, expect, it } from 'vitest';
import { describeSizing, parseSizing, sizingDraft, SIZING_MODES } from './sizing-form';

describe('sizing form', () => {
  it('shows fractions as percent and reads them back exactly', () => {
    const draft = sizingDraft({ mode: 'volatility-target', riskFraction: 0.007, atrMultiple: 2.5 });
    expect(draft.values).toEqual({ riskFraction: '0.7', atrMultiple: '2.5' });
    expect(parseSizing(draft)).toEqual({ ok: true, sizing: { mode: 'volatility-target', riskFraction: 0.007, atrMultiple: 2.5 } });
  });

  it('says what is wrong with every bad field at once and sends nothing', () => {
    const result = parseSizing({ mode: 'kelly', values: { kellyFraction: '0', maxFraction: '150' } });
    expect(result).toEqual({ ok: false, problems: { kellyFraction: 'Kelly share must be above 0', maxFraction: 'Cap must be at most 100 %' } });
    expect(parseSizing({ mode: 'fixed-quantity', values: { quantity: 'abc' } })).toEqual({ ok: false, problems: { quantity: 'Quantity must be a number' } });
  });

  it('every mode the engine knows has a label, and a mode without fields needs no input', () => {
    expect(SIZING_MODES.map((m) => m.mode).sort()).toEqual(['all-equity', 'equity-fraction', 'fixed-quantity', 'kelly', 'risk-per-trade', 'volatility-target']);
    expect(parseSizing({ mode: 'all-equity', values: {} })).toEqual({ ok: true, sizing: { mode: 'all-equity' } });
  });

  it('describes a sizing in words', () => {
    expect(describeSizing({ mode: 'risk-per-trade', riskFraction: 0.01 })).toBe('risk 1 % of equity per trade');
    expect(describeSizing({ mode: 'kelly', kellyFraction: 0.5, maxFraction: 0.1 })).toBe('50 % of Kelly, capped at 10 % of equity');
  });
});
