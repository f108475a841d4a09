import { describe, expect, it } from 'vitest';
import { DEFAULT_MODULATION_CONFIG, NEUTRAL_MODULATION, modulationFor, modulationOverridesSchema, withOverrides } from './regime-modulation';

describe('modulationFor', () => {
  it('applies the defaults per strategy style', () => {
    const c = DEFAULT_MODULATION_CONFIG;
    expect(modulationFor(c, 'trend-follow', 'stress')).toEqual({ sizeMultiplier: 0.6, entriesAllowed: true, stopWidening: 1.5 });
    expect(modulationFor(c, 'sma-cross', 'range').entriesAllowed).toBe(false);
    expect(modulationFor(c, 'sma-cross', 'trend-up')).toEqual(NEUTRAL_MODULATION);
    expect(modulationFor(c, 'rsi-reversion', 'range')).toEqual({ sizeMultiplier: 1.2, entriesAllowed: true, stopWidening: 1 });
    expect(modulationFor(c, 'rsi-reversion', 'trend-down').entriesAllowed).toBe(false);
    expect(modulationFor(c, 'ml-direction', 'range')).toEqual(NEUTRAL_MODULATION);
    expect(modulationFor(c, 'ml-direction', 'stress').sizeMultiplier).toBe(0.6);
    expect(modulationFor(c, 'my-own-strategy', 'stress').sizeMultiplier).toBe(0.6);
  });

  it('changes nothing without a regime, and accepts a whole state', () => {
    expect(modulationFor(DEFAULT_MODULATION_CONFIG, 'sma-cross', undefined)).toEqual(NEUTRAL_MODULATION);
    const state = { regime: 'range' } as Parameters<typeof modulationFor>[2];
    expect(modulationFor(DEFAULT_MODULATION_CONFIG, 'sma-cross', state).entriesAllowed).toBe(false);
  });

  it('puts the trader’s overrides on top of the style’s row, field by field', () => {
    const config = withOverrides({ 'sma-cross': { range: { entriesAllowed: true } }, 'rsi-reversion': { stress: { sizeMultiplier: 0 } } });
    expect(modulationFor(config, 'sma-cross', 'range')).toEqual(NEUTRAL_MODULATION);
    expect(modulationFor(config, 'rsi-reversion', 'stress')).toEqual({ sizeMultiplier: 0, entriesAllowed: true, stopWidening: 1.5 });
    expect(modulationFor(config, 'trend-follow', 'range').entriesAllowed).toBe(false);
  });

  it('rejects overrides out of range or for unknown regimes', () => {
    expect(modulationOverridesSchema.safeParse({ 'sma-cross': { stress: { sizeMultiplier: 9 } } }).success).toBe(false);
    expect(modulationOverridesSchema.safeParse({ 'sma-cross': { crash: { sizeMultiplier: 1 } } }).success).toBe(false);
    expect(modulationOverridesSchema.safeParse({ 'SMA Cross': {} }).success).toBe(false);
    expect(modulationOverridesSchema.safeParse({ 'sma-cross': { stress: { stopWidening: 2 } } }).success).toBe(true);
  });
});
