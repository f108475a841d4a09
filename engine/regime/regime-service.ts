import type { Clock } from '../core/clock';
import { NotFoundError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import type { MessageBus, Unsubscribe } from '../core/message-bus';
import type { CandleEvent, HistoryEvent } from '../data/candle-service';
import { ALL_CANDLE_TOPICS, ALL_HISTORY_TOPICS } from '../data/candle-topics';
import { candleAt, type Candle, type SeriesKey } from '../model/candle';
import type { RegimeLabel, RegimeModulation, RegimeState } from '../model/regime';
import { nextOpenTime } from '../model/timeframe';
import type { CandleRepository } from '../store/repositories/candle-repository';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import type { HmmFitProgress } from './hmm/fit-hmm';
import { HmmRegimeTracker, type RegimeExplanation } from './hmm-regime-tracker';
import { fitInWorker } from './fit-in-worker';
import { fitRegimeModel } from './regime-fit';
import { summarise, type RegimeModel, type RegimeModelSummary } from './regime-model';
import {
  DEFAULT_MODULATION_CONFIG,
  modulationFor,
  modulationOverridesSchema,
  withOverrides,
  type ModulationOverrides,
  type RegimeModulationConfig,
} from './regime-modulation';
import type { RegimeRepository, StoredRegimeState } from './regime-repository';
import { regimeTopic, seriesId } from './regime-topics';
import type { RegimeInputSource } from './regime-inputs';
import type { RegimeInputs } from './regime-tracker';

export type RegimeServiceDeps = {
  readonly candles: CandleRepository;
  readonly repository: RegimeRepository;
  readonly settings: SettingsRepository;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
  /** Sentiment and flow known at each bar's close, when the engine has them. */
  readonly inputs?: RegimeInputSource;
  /**
   * The bundled fit worker (regime-worker.js). With it fits run in a worker thread; without it (tests
   * running from source, the CLI) they run here, handing the event loop back after every EM iteration.
   */
  readonly fitWorkerPath?: string;
};

export type RegimeFitParams = SeriesKey & { readonly states: number; readonly from?: number; readonly to?: number; readonly seed?: number };

export type RegimeCurrent = {
  readonly model: RegimeModelSummary;
  /** Undefined while the series has too few bars since its last gap. */
  readonly state: RegimeState | undefined;
  readonly explanation: RegimeExplanation | undefined;
};

/** Probabilities over time as columns: `probabilities[s][i]` is state s at `time[i]`. */
export type RegimeHistory = {
  readonly modelId: string;
  readonly labels: RegimeModel['labels'];
  readonly time: number[];
  readonly probabilities: number[][];
  /** How many of the points were stored as published, and how many were filtered again from stored candles. */
  readonly stored: number;
  readonly recomputed: number;
};

export const MODULATION_SETTING = 'regime.modulation';

/**
 * The regime detector: fits a model per series from stored candles, follows each series with a model
 * through its closed candles on the bus, and stores and publishes every new filtered state.
 */
export class RegimeService {
  private readonly trackers = new Map<string, HmmRegimeTracker>();
  private readonly modelListeners = new Set<(key: SeriesKey) => void>();
  private readonly fits = new Map<string, Promise<RegimeModelSummary>>();
  private readonly progress = new Map<string, HmmFitProgress>();
  /** Defaults with the stored overrides, read once and again after each change. */
  private modulationConfig: RegimeModulationConfig | undefined;
  /** Series known to have no model: their candles are skipped without a query. */
  private readonly withoutModel = new Set<string>();
  private unsubscribe: Unsubscribe[] = [];

  constructor(private readonly deps: RegimeServiceDeps) {}

  start(): void {
    const { bus } = this.deps;
    this.unsubscribe = [
      bus.subscribe<CandleEvent>(ALL_CANDLE_TOPICS, (event) => {
        if (event.closed) this.follow(event, event.candle.openTime, event.candle.openTime, true);
      }),
      bus.subscribe<HistoryEvent>(ALL_HISTORY_TOPICS, (event) => this.follow(event, event.from, event.to, false)),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /** Fits a new model for a series and makes it current. One fit per series at a time. */
  fit(params: RegimeFitParams): Promise<RegimeModelSummary> {
    const id = seriesId(params);
    if (this.fits.has(id)) {
      return Promise.reject(new ValidationError(`a regime model for ${describe(params)} is already being fitted; wait for it to finish`));
    }
    const running = this.runFit(params).finally(() => {
      this.fits.delete(id);
      this.progress.delete(id);
    });
    this.fits.set(id, running);
    return running;
  }

  /** Progress of a running fit of the series, if one runs. */
  fitProgress(key: SeriesKey): HmmFitProgress | undefined {
    return this.fits.has(seriesId(key)) ? (this.progress.get(seriesId(key)) ?? { restart: 0, restarts: 1, iteration: 0, logLikelihood: Number.NaN }) : undefined;
  }

  model(key: SeriesKey): RegimeModel | undefined {
    return this.deps.repository.latestModel(key);
  }

  requireModel(key: SeriesKey): RegimeModel {
    const model = this.model(key);
    if (!model) {
      throw new NotFoundError(
        `no regime model for ${describe(key)} yet; fit one with regime.fit (the Regime panel's "Fit model" button) once its candles are stored`,
      );
    }
    return model;
  }

  current(key: SeriesKey): RegimeCurrent {
    const model = this.requireModel(key);
    const tracker = this.trackerFor(model);
    this.catchUp(tracker, Number.MAX_SAFE_INTEGER, false, false);
    return { model: summarise(model), state: tracker.current, explanation: tracker.explain() };
  }

  /**
   * A fresh tracker on the series' current model (for the strategy pipeline or a replay), or undefined
   * when the series has no model. It starts empty: feed it bars from where the caller's data begins.
   */
  createTracker(key: SeriesKey): HmmRegimeTracker | undefined {
    const model = this.model(key);
    return model ? new HmmRegimeTracker(model, () => this.deps.clock.now()) : undefined;
  }

  /** States over time for the regime band: stored states where they exist, the rest filtered again from stored candles. */
  history(key: SeriesKey, range: { from?: number; to?: number; limit: number }): RegimeHistory {
    const model = this.requireModel(key);
    const from = range.from ?? 0;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const stored = new Map<number, StoredRegimeState>();
    for (const s of this.deps.repository.states(model.id, from, to, range.limit)) stored.set(s.time, s);
    const tracker = new HmmRegimeTracker(model, () => this.deps.clock.now());
    const candles = this.deps.candles.range(key, { to });
    const inputsAt = this.inputsOver(key, candles.openTime);
    const points: { time: number; probabilities: readonly number[]; stored: boolean }[] = [];
    const now = this.deps.clock.now();
    for (let i = 0; i < candles.openTime.length; i++) {
      const candle = candleAt(candles, i);
      if (closeTime(key, candle) > now) continue; // still forming
      const state = tracker.update(candle, inputsAt(closeTime(key, candle)));
      if (!state || candle.openTime < from) continue;
      const kept = stored.get(candle.openTime);
      points.push({ time: candle.openTime, probabilities: kept?.probabilities ?? state.probabilities, stored: kept !== undefined });
    }
    const shown = points.slice(-range.limit);
    const k = model.hmm.states;
    return {
      modelId: model.id,
      labels: model.labels,
      time: shown.map((p) => p.time),
      probabilities: Array.from({ length: k }, (_, s) => shown.map((p) => Math.round(p.probabilities[s]! * 1e4) / 1e4)),
      stored: shown.filter((p) => p.stored).length,
      recomputed: shown.filter((p) => !p.stored).length,
    };
  }

  modulation(): { readonly config: RegimeModulationConfig; readonly defaults: RegimeModulationConfig } {
    if (!this.modulationConfig) {
      const stored = this.deps.settings.get<unknown>(MODULATION_SETTING);
      const parsed = modulationOverridesSchema.safeParse(stored ?? {});
      if (!parsed.success) this.deps.log('stored regime modulation overrides are invalid; using the defaults', parsed.error);
      this.modulationConfig = withOverrides(parsed.success ? parsed.data : {});
    }
    return { config: this.modulationConfig, defaults: DEFAULT_MODULATION_CONFIG };
  }

  setModulation(overrides: ModulationOverrides): { readonly config: RegimeModulationConfig; readonly defaults: RegimeModulationConfig } {
    this.deps.settings.set(MODULATION_SETTING, modulationOverridesSchema.parse(overrides), this.deps.clock.now());
    this.modulationConfig = undefined;
    return this.modulation();
  }

  /** What a regime does to a strategy under the current configuration: the strategy pipeline's `modulationFor`. */
  modulationFor(strategy: string, regime: RegimeState | RegimeLabel | undefined): RegimeModulation {
    return modulationFor(this.modulation().config, strategy, regime);
  }

  private async runFit(params: RegimeFitParams): Promise<RegimeModelSummary> {
    const { candles, repository, clock } = this.deps;
    const key: SeriesKey = { venue: params.venue, symbol: params.symbol, timeframe: params.timeframe };
    if (params.from !== undefined && params.to !== undefined && params.from > params.to) {
      throw new ValidationError(`from (${params.from}) is after to (${params.to})`);
    }
    const columns = candles.range(key, { from: params.from, to: params.to });
    if (columns.openTime.length === 0) {
      throw new NotFoundError(`no candles stored for ${describe(key)}${params.from !== undefined || params.to !== undefined ? ' in that range' : ''}; download or import them first`);
    }
    const inputsAt = this.inputsOver(key, columns.openTime);
    const barInputs = (openTime: number) => inputsAt(nextOpenTime(key.timeframe, openTime));
    const onProgress = (progress: HmmFitProgress) => this.progress.set(seriesId(key), progress);
    const request = { key, candles: columns, states: params.states, seed: params.seed, id: newId(clock.now()), version: repository.nextVersion(key) };
    const model = this.deps.fitWorkerPath
      ? await fitInWorker(this.deps.fitWorkerPath, { ...request, createdAt: clock.now(), inputs: this.deps.inputs ? columns.openTime.map(barInputs) : undefined }, onProgress)
      : await fitRegimeModel({
          ...request,
          now: () => clock.now(),
          inputsAt: barInputs,
          onProgress,
          // One EM iteration at a time: the API and the feeds keep running while a long series is fitted.
          yieldEvery: () => new Promise((resolve) => setImmediate(resolve)),
        });
    repository.insertModel(model);
    // The new model takes over the series: warm it on the stored candles and publish where it stands now.
    const tracker = new HmmRegimeTracker(model, () => clock.now());
    this.trackers.set(seriesId(key), tracker);
    this.withoutModel.delete(seriesId(key));
    this.catchUp(tracker, Number.MAX_SAFE_INTEGER, false, false);
    if (tracker.current) this.emit([tracker.current]);
    for (const listener of this.modelListeners) listener(key);
    return summarise(model);
  }

  /** Calls `listener` with the series each time a newly fitted model takes it over. */
  onModelFitted(listener: (key: SeriesKey) => void): () => void {
    this.modelListeners.add(listener);
    return () => this.modelListeners.delete(listener);
  }

  /** A series' tracker on its current model, warmed silently on the stored candles the first time. */
  private trackerFor(model: RegimeModel): HmmRegimeTracker {
    const id = seriesId(model);
    const existing = this.trackers.get(id);
    if (existing && existing.model.id === model.id) return existing;
    const tracker = new HmmRegimeTracker(model, () => this.deps.clock.now());
    this.trackers.set(id, tracker);
    this.withoutModel.delete(id);
    return tracker;
  }

  /**
   * New closed bars [from, to] of a series (a live candle, or a stored batch of history): fold them in,
   * store and publish their states. A tracker met for the first time first catches up on the earlier
   * bars silently: those are history, not news.
   */
  private follow(key: SeriesKey, from: number, to: number, closedByEvent: boolean): void {
    const id = seriesId(key);
    if (this.withoutModel.has(id)) return;
    const known = this.trackers.get(id);
    const model = known?.model ?? this.model(key);
    if (!model) {
      this.withoutModel.add(id);
      return;
    }
    const tracker = this.trackerFor(model);
    try {
      if (tracker.lastOpenTime === undefined) this.catchUp(tracker, from - 1, false, true);
      this.catchUp(tracker, to, true, closedByEvent);
    } catch (error) {
      this.deps.log(`regime update of ${describe(key)} failed`, error);
    }
  }

  /**
   * Feeds the tracker the stored bars after its last one up to `upTo`. Unless the caller knows they are
   * closed (a closed-candle event), only bars whose close time has passed count: the live feed stores a
   * bar while it is still forming.
   */
  private catchUp(tracker: HmmRegimeTracker, upTo: number, publish: boolean, closedByEvent: boolean): void {
    const { model } = tracker;
    const key: SeriesKey = model;
    const last = tracker.lastOpenTime;
    const now = this.deps.clock.now();
    const columns = this.deps.candles.range(key, { from: last === undefined ? 0 : last + 1, to: upTo });
    const states: RegimeState[] = [];
    const inputsAt = this.inputsOver(key, columns.openTime);
    for (let i = 0; i < columns.openTime.length; i++) {
      const candle = candleAt(columns, i);
      if (!closedByEvent && closeTime(key, candle) > now) continue;
      const state = tracker.update(candle, inputsAt(closeTime(key, candle)));
      if (state && publish) states.push(state);
    }
    if (states.length > 0) this.emit(states);
  }

  /** Inputs for bars with these open times, looked up in one query. */
  private inputsOver(key: SeriesKey, openTimes: readonly number[]): (at: number) => RegimeInputs | undefined {
    const first = openTimes[0];
    const last = openTimes.at(-1);
    if (!this.deps.inputs || first === undefined || last === undefined) return () => undefined;
    return this.deps.inputs(key, first, nextOpenTime(key.timeframe, last));
  }

  private emit(states: readonly RegimeState[]): void {
    this.deps.repository.insertStates(states);
    for (const state of states) this.deps.bus.publish<RegimeState>(regimeTopic(state), state);
  }
}

function closeTime(key: SeriesKey, candle: Candle): number {
  return nextOpenTime(key.timeframe, candle.openTime);
}


function describe(key: SeriesKey): string {
  return `${key.venue} ${key.symbol} ${key.timeframe}`;
}
