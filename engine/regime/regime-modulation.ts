import { z } from 'zod';
import { REGIME_LABELS, type RegimeLabel, type RegimeModulation, type RegimeState } from '../model/regime';

/** How a strategy trades, which decides how each regime treats it. */
export const STRATEGY_STYLES = ['trend', 'mean-reversion', 'learned', 'other'] as const;
export type StrategyStyle = (typeof STRATEGY_STYLES)[number];

type ModulationTable = Readonly<Record<RegimeLabel, RegimeModulation>>;

export type RegimeModulationConfig = {
  /** Style of each strategy by name; a strategy not listed is `other`. */
  readonly styles: Readonly<Record<string, StrategyStyle>>;
  /** Modulation per style and regime. */
  readonly table: Readonly<Record<StrategyStyle, ModulationTable>>;
  /** Per-strategy changes on top of its style's row (what the trader edits). */
  readonly overrides: Readonly<Record<string, Partial<Record<RegimeLabel, Partial<RegimeModulation>>>>>;
};

export const NEUTRAL_MODULATION: RegimeModulation = { sizeMultiplier: 1, entriesAllowed: true, stopWidening: 1 };

const STRESS: RegimeModulation = { sizeMultiplier: 0.6, entriesAllowed: true, stopWidening: 1.5 };

/**
 * Defaults. Stress (the most volatile state) cuts every size to 0.6 and widens stops 1.5× so normal noise
 * does not stop positions out. Trend followers trade trends and sit out ranges, where crossovers whipsaw.
 * Mean reversion trades ranges, the calm markets it is made for, with 1.2× size, and its entries are
 * suppressed in trends, where fading moves means standing in front of them. A learned strategy has seen
 * the regime as a feature already, so only stress changes it.
 */
export const DEFAULT_MODULATION_CONFIG: RegimeModulationConfig = {
  styles: { 'sma-cross': 'trend', 'trend-follow': 'trend', 'rsi-reversion': 'mean-reversion', 'ml-direction': 'learned' },
  table: {
    trend: {
      'trend-up': NEUTRAL_MODULATION,
      'trend-down': NEUTRAL_MODULATION,
      range: { sizeMultiplier: 1, entriesAllowed: false, stopWidening: 1 },
      stress: STRESS,
    },
    'mean-reversion': {
      'trend-up': { sizeMultiplier: 1, entriesAllowed: false, stopWidening: 1 },
      'trend-down': { sizeMultiplier: 1, entriesAllowed: false, stopWidening: 1 },
      range: { sizeMultiplier: 1.2, entriesAllowed: true, stopWidening: 1 },
      stress: STRESS,
    },
    learned: { 'trend-up': NEUTRAL_MODULATION, 'trend-down': NEUTRAL_MODULATION, range: NEUTRAL_MODULATION, stress: STRESS },
    other: { 'trend-up': NEUTRAL_MODULATION, 'trend-down': NEUTRAL_MODULATION, range: NEUTRAL_MODULATION, stress: STRESS },
  },
  overrides: {},
};

/**
 * What a regime does to one strategy: its style's row for the regime, with the trader's overrides on
 * top. No regime (no model yet, or still warming up) changes nothing.
 */
export function modulationFor(
  config: RegimeModulationConfig,
  strategyName: string,
  regime: RegimeLabel | RegimeState | undefined,
): RegimeModulation {
  if (regime === undefined) return NEUTRAL_MODULATION;
  const label = typeof regime === 'string' ? regime : regime.regime;
  const style = config.styles[strategyName] ?? 'other';
  const base = config.table[style][label];
  const override = config.overrides[strategyName]?.[label];
  return override ? { ...base, ...override } : base;
}

const modulationSchema = z
  .object({
    sizeMultiplier: z.number().min(0).max(5),
    entriesAllowed: z.boolean(),
    stopWidening: z.number().min(0.5).max(5),
  })
  .strict();

const strategyName = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'strategy names are lower-case words joined by -');

/** What the trader may store: per strategy and regime, any of the three fields. */
export const modulationOverridesSchema = z.record(
  strategyName,
  z.partialRecord(z.enum(REGIME_LABELS), modulationSchema.partial()),
);
export type ModulationOverrides = z.infer<typeof modulationOverridesSchema>;

export function withOverrides(overrides: ModulationOverrides): RegimeModulationConfig {
  return { ...DEFAULT_MODULATION_CONFIG, overrides };
}
