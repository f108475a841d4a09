import type { SizingConfig } from '../risk/sizing-types';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import type { StrategySizingView, TradingSizingView } from './execution-views';

const KEY_PREFIX = 'execution.sizing.';

/** Risk per trade of 1 % of equity with the strategy's stop, the default until a strategy's sizing is set. */
export const DEFAULT_SIZING: SizingConfig = { sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } };

type StoredSizing = SizingConfig & { readonly updatedAt?: number };

/** Per-strategy sizing in the profile's settings (`execution.sizing.<strategy>`); a strategy never set uses the default. */
export class StrategySizing {
  constructor(
    private readonly settings: SettingsRepository,
    readonly defaultConfig: SizingConfig = DEFAULT_SIZING,
  ) {}

  get(strategy: string): SizingConfig {
    return this.settings.get<StoredSizing>(KEY_PREFIX + strategy) ?? this.defaultConfig;
  }

  set(strategy: string, config: SizingConfig, now: number): StrategySizingView {
    this.settings.set(KEY_PREFIX + strategy, { ...config, updatedAt: now } satisfies StoredSizing, now);
    return this.one(strategy);
  }

  /** The default and every strategy with a sizing of its own, or only `strategy` (its own or the default). */
  view(strategy?: string): TradingSizingView {
    const strategies =
      strategy !== undefined ? [this.one(strategy)] : this.settings.entries<StoredSizing>(KEY_PREFIX).map(([key, stored]) => toView(key.slice(KEY_PREFIX.length), stored, false));
    return { default: this.defaultConfig, strategies };
  }

  private one(strategy: string): StrategySizingView {
    const stored = this.settings.get<StoredSizing>(KEY_PREFIX + strategy);
    return toView(strategy, stored ?? this.defaultConfig, stored === undefined);
  }
}

function toView(strategy: string, config: StoredSizing, isDefault: boolean): StrategySizingView {
  return {
    strategy,
    sizing: config.sizing,
    ...(config.regimeMultipliers ? { regimeMultipliers: config.regimeMultipliers } : {}),
    ...(config.maxLeverage !== undefined ? { maxLeverage: config.maxLeverage } : {}),
    isDefault,
    ...(config.updatedAt !== undefined ? { updatedAt: config.updatedAt } : {}),
  };
}
