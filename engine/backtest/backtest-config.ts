import { z } from 'zod';
import { REGIME_LABELS } from '../model/regime';
import { TIMEFRAMES } from '../model/timeframe';

/**
 * What a backtest, an optimisation and a walk-forward are asked to do: the schemas the API, the CLI and
 * the optimiser's workers share, so every entry point accepts and refuses the same things.
 */

const time = z.number().int().nonnegative();
const bps = z.number().finite().min(0).max(1_000);

export const strategyNameSchema = z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, 'strategy names are lower-case words joined by dashes');
export const paramValueSchema = z.union([z.number().finite(), z.boolean(), z.string().max(200)]);
export const paramsSchema = z.record(z.string().max(64), paramValueSchema);

/** Maker and taker fees in basis points of the notional (zero allowed; a negative maker fee is a rebate). */
export const feesSchema = z
  .object({ makerBps: z.number().finite().min(-100).max(1_000).default(2), takerBps: bps.default(5.5) })
  .strict();

/**
 * Slippage on market and stop fills, against the trader: `fixed` is a constant number of basis points;
 * `volatility` is `baseBps` + `factor` × the bar's range (high − low) / open in basis points + `volumeImpactBps` ×
 * the order's share of the bar's volume (at most 1), never more than `maxBps`.
 */
export const slippageSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('fixed'), bps }).strict(),
  z
    .object({
      mode: z.literal('volatility'),
      baseBps: bps.default(0),
      factor: z.number().finite().min(0).max(10).default(0.1),
      volumeImpactBps: bps.default(10),
      maxBps: bps.default(100),
    })
    .strict(),
]);

/** The sizing modes of engine/risk/sizing-types.ts, as input. */
export const sizingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed-quantity'), quantity: z.number().finite().positive() }).strict(),
  z.object({ mode: z.literal('equity-fraction'), fraction: z.number().finite().positive().max(10) }).strict(),
  z.object({ mode: z.literal('all-equity') }).strict(),
  z.object({ mode: z.literal('risk-per-trade'), riskFraction: z.number().finite().positive().max(1) }).strict(),
  z
    .object({ mode: z.literal('volatility-target'), riskFraction: z.number().finite().positive().max(1), atrMultiple: z.number().finite().positive().max(20) })
    .strict(),
  z.object({ mode: z.literal('kelly'), kellyFraction: z.number().finite().positive().max(1), maxFraction: z.number().finite().positive().max(1) }).strict(),
]);

/**
 * The approval step, simulated: approve every proposal, approve each one `bars` bars after it was made
 * (the market moves meanwhile; an exit is never delayed), or reject by rule (entries whose strength is below
 * `minStrength`, in a regime not in `regimes`, or on a side not in `sides`).
 */
export const approvalSchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('approve-all') }).strict(),
  z.object({ policy: z.literal('delay'), bars: z.number().int().min(1).max(1_000) }).strict(),
  z
    .object({
      policy: z.literal('reject-rule'),
      minStrength: z.number().min(0).max(1).default(0),
      regimes: z.array(z.enum(REGIME_LABELS)).optional(),
      sides: z.array(z.enum(['long', 'short'])).optional(),
    })
    .strict(),
]);

/**
 * Regimes in a backtest: none; a model fitted only on the `trainBars` stored bars before the test's first bar
 * (never on the tested bars: fitting on them would let the future shape the past's labels); or `stored`: the
 * states the engine stored while it ran, each used only if it was received by its bar's close.
 */
export const backtestRegimeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('stored') }).strict(),
  z
    .object({
      mode: z.literal('fit-before'),
      states: z.number().int().min(2).max(8).default(4),
      trainBars: z.number().int().min(500).max(1_000_000).default(5_000),
      seed: z.number().int().nonnegative().max(2 ** 31 - 1).default(1),
    })
    .strict(),
]);

/**
 * Risk limits the backtest's RiskEngine enforces (engine/risk/risk-config.ts). Unset limits do not bind in a
 * backtest: exposure and concentration up to the leverage allowed, no order-rate, daily-loss or cooldown limits,
 * no kill switch. Give the live limits here to see what they would have done.
 */
export const backtestRiskSchema = z
  .object({
    maxOrderNotional: z.number().positive().optional(),
    maxPositionNotional: z.number().positive().optional(),
    maxGrossExposure: z.number().positive().optional(),
    maxNetExposure: z.number().positive().optional(),
    maxConcentration: z.number().positive().max(100).optional(),
    maxLeverage: z.number().positive().max(100).optional(),
    dailyLossLimit: z.number().positive().optional(),
    maxOrdersPerMinute: z.number().int().min(1).optional(),
    stopOutCooldownCount: z.number().int().min(1).optional(),
    stopOutCooldownMinutes: z.number().min(0).optional(),
    reduceOnlyDrawdown: z.number().gt(0).max(1).optional(),
    haltDrawdown: z.number().gt(0).max(1).optional(),
  })
  .strict();

/** Funding of a perpetual: a rate per 8 h paid by longs to shorts (negative: shorts pay), in basis points. */
export const fundingSchema = z.object({ rateBpsPer8h: z.number().finite().min(-100).max(100) }).strict();

/** Instrument precision when the store has none for the series (stocks, imported files). */
export const instrumentOverrideSchema = z
  .object({
    lotStep: z.number().finite().positive().optional(),
    tickSize: z.number().finite().positive().optional(),
    minNotional: z.number().finite().nonnegative().optional(),
    kind: z.enum(['spot', 'linear', 'stock']).optional(),
  })
  .strict();

export const backtestConfigSchema = z
  .object({
    strategy: strategyNameSchema,
    params: paramsSchema.default({}),
    venue: z.string().min(1).max(32).regex(/^[a-z0-9_-]+$/, 'venue is lower-case letters, digits, - or _'),
    symbol: z.string().min(1).max(64).regex(/^[A-Za-z0-9/:_\-.]+$/, 'symbol has characters a symbol cannot have'),
    timeframe: z.enum(TIMEFRAMES),
    /** Open times of the first and last bar tested; the whole stored series by default. */
    from: time.optional(),
    to: time.optional(),
    /** Starting cash in quote currency. */
    initialEquity: z.number().finite().positive().max(1e12).default(10_000),
    fees: feesSchema.default({ makerBps: 2, takerBps: 5.5 }),
    slippage: slippageSchema.default({ mode: 'fixed', bps: 2 }),
    sizing: sizingSchema.default({ mode: 'equity-fraction', fraction: 1 }),
    maxLeverage: z.number().finite().min(1).max(100).default(1),
    /** Market orders fill at the next bar's open (default) or at the signal bar's close. */
    fillTiming: z.enum(['next-open', 'close']).default('next-open'),
    /** Positions still open after the last bar are closed at its close (default) or left open and marked. */
    closeAtEnd: z.boolean().default(true),
    approval: approvalSchema.default({ policy: 'approve-all' }),
    regime: backtestRegimeSchema.default({ mode: 'none' }),
    funding: fundingSchema.optional(),
    risk: backtestRiskSchema.default({}),
    /**
     * `direct`: from the risk check straight to the sim venue; `execution-engine`: through the ExecutionEngine and an
     * in-memory journal, as live orders go (the same orders and fills, slower).
     */
    orderPath: z.enum(['direct', 'execution-engine']).default('direct'),
    instrument: instrumentOverrideSchema.optional(),
  })
  .strict()
  .refine((c) => c.from === undefined || c.to === undefined || c.from <= c.to, { message: '"from" must not be after "to"', path: ['from'] });

export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;
export type BacktestConfig = z.output<typeof backtestConfigSchema>;

/** One parameter the optimiser varies: a numeric range with a step, or a list of values. */
export const parameterRangeSchema = z.union([
  z
    .object({ name: z.string().min(1).max(64), min: z.number().finite(), max: z.number().finite(), step: z.number().finite().positive() })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'min must not be above max' })
    .refine((r) => (r.max - r.min) / r.step <= 10_000, { message: 'a range may have at most 10,000 steps' }),
  z.object({ name: z.string().min(1).max(64), values: z.array(paramValueSchema).min(1).max(1_000) }).strict(),
]);
export type ParameterRange = z.output<typeof parameterRangeSchema>;

/**
 * What an optimisation maximises: `fitness` is the weighted multi-objective score (survival 30 %, profit
 * 25 %, adaptability 25 %, robustness 20 %; docs/backtesting.md); the others rank by one metric.
 */
export const OBJECTIVES = ['fitness', 'sharpe', 'sortino', 'calmar', 'total-return', 'profit-factor'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const searchSchema = z
  .object({
    method: z.enum(['grid', 'genetic']).default('genetic'),
    ranges: z.array(parameterRangeSchema).min(1).max(20),
    objective: z.enum(OBJECTIVES).default('fitness'),
    seed: z.number().int().nonnegative().max(2 ** 31 - 1).default(1),
    /** Genetic search: individuals per generation and generations. */
    population: z.number().int().min(4).max(1_000).default(40),
    generations: z.number().int().min(1).max(500).default(12),
    /** Genetic search: stop when the best objective has not improved for this many generations (a grid runs every combination). */
    patience: z.number().int().min(1).max(500).default(4),
    /** Grid search refuses more combinations than this. */
    maxEvaluations: z.number().int().min(1).max(1_000_000).default(20_000),
    /** Monte Carlo reshuffles per candidate for the robustness score. */
    monteCarloRuns: z.number().int().min(0).max(10_000).default(100),
    /** Worker threads; all cores by default. */
    workers: z.number().int().min(1).max(256).optional(),
  })
  .strict()
  .refine((s) => new Set(s.ranges.map((r) => r.name)).size === s.ranges.length, { message: 'each parameter may have one range' });

export const optimizeConfigSchema = z.object({ base: backtestConfigSchema, search: searchSchema }).strict();
export type OptimizeConfigInput = z.input<typeof optimizeConfigSchema>;
export type OptimizeConfig = z.output<typeof optimizeConfigSchema>;
export type SearchConfig = z.output<typeof searchSchema>;

/**
 * Walk-forward: the range is split into an in-sample window followed by `windows` out-of-sample windows;
 * each in-sample window is optimised and the best parameters are tested on the out-of-sample window after
 * it. `rolling` moves the in-sample window along; `anchored` keeps its start at the first bar.
 * `inSampleFraction` is in-sample length / (in-sample + out-of-sample length).
 */
export const walkForwardConfigSchema = z
  .object({
    base: backtestConfigSchema,
    search: searchSchema,
    mode: z.enum(['rolling', 'anchored']).default('rolling'),
    windows: z.number().int().min(1).max(50).default(5),
    inSampleFraction: z.number().min(0.1).max(0.95).default(0.75),
  })
  .strict();
export type WalkForwardConfigInput = z.input<typeof walkForwardConfigSchema>;
export type WalkForwardConfig = z.output<typeof walkForwardConfigSchema>;
