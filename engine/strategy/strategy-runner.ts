import type { Clock } from '../core/clock';
import { errorMessage, NotFoundError, StrategyError, ValidationError } from '../core/errors';
import { deterministicId } from '../core/ids';
import type { MessageBus, Unsubscribe } from '../core/message-bus';
import { ALL_CANDLE_TOPICS, ALL_HISTORY_TOPICS } from '../data/candle-topics';
import type { CandleEvent, CandleService, HistoryEvent } from '../data/candle-service';
import { candleAt, type Candle, type SeriesKey } from '../model/candle';
import type { Signal } from '../model/signal';
import { nextOpenTime } from '../model/timeframe';
import type { RegimeTracker } from '../regime/regime-tracker';
import { seriesLabel, type StrategyStatus } from './running-strategy';
import { SeriesPipeline, type ContextProviders, type ModulationFor } from './series-pipeline';
import { signalTopic } from './signal-topics';
import type { AttachmentRecord, SignalStore } from './signal-store';
import { prepareSlot, slotKey, warmUpWindow, type PreparedSlot } from './strategy-slot';
import { resolveParams } from './strategy-params';
import type { StrategyRegistry } from './strategy-registry';
import type { StrategyParams } from './strategy-api';

export type StrategyRunnerDeps = {
  readonly registry: StrategyRegistry;
  readonly candles: Pick<CandleService, 'candles' | 'lastOpenTime'>;
  readonly store: SignalStore;
  readonly bus: MessageBus;
  readonly clock: Clock;
  /** A fresh regime tracker for a series, or undefined when none is available for it. */
  readonly regimeFor?: (series: SeriesKey) => RegimeTracker | undefined;
  readonly modulationFor?: ModulationFor;
  readonly context?: ContextProviders;
  readonly log: (message: string, error?: unknown) => void;
};

/** A running attachment as the API shows it. */
export type AttachmentInfo = {
  readonly id: string;
  readonly strategy: string;
  readonly series: SeriesKey;
  readonly params: StrategyParams;
  readonly status: StrategyStatus;
  readonly warmUp: number;
  /** Open time of the last bar the strategy saw; null before the first. */
  readonly lastBarTime: number | null;
  readonly lastSignal: Signal | null;
  readonly createdAt: number;
};

type Attachment = {
  record: AttachmentRecord;
  slot: PreparedSlot | null;
  pipeline: SeriesPipeline | null;
  /** Set when the attachment cannot run at all (its strategy is gone, its parameters no longer fit). */
  failure: StrategyStatus | null;
  lastSignal: Signal | null;
  /** While warming up, signals are neither stored nor published. */
  live: boolean;
};

const seriesId = (s: SeriesKey): string => `${s.venue}\u001f${s.symbol}\u001f${s.timeframe}`;

/**
 * Runs attached strategies on live data. Attachments are stored and resumed at start. Each warms up
 * silently by replaying stored bars from its anchor (signals of the past are not published again), then
 * follows the series: closed bars from `data.candle.*`, and stored `data.history.*` batches read back in
 * order, each bar once. Signals are stored, then published on `strategy.signal.<strategy>.<venue>.<symbol>.<tf>`.
 */
export class StrategyRunner {
  private readonly bySeries = new Map<string, Attachment[]>();
  private readonly byId = new Map<string, Attachment>();
  private unsubscribe: Unsubscribe[] = [];

  constructor(private readonly deps: StrategyRunnerDeps) {}

  start(): void {
    this.unsubscribe = [
      this.deps.bus.subscribe<CandleEvent>(ALL_CANDLE_TOPICS, (event) => this.onCandle(event)),
      this.deps.bus.subscribe<HistoryEvent>(ALL_HISTORY_TOPICS, (event) => this.onHistory(event)),
    ];
    for (const record of this.deps.store.attachments()) this.run(record);
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    for (const attachment of this.byId.values()) attachment.slot?.strategy.stop();
    this.byId.clear();
    this.bySeries.clear();
  }

  attach(request: { strategy: string; series: SeriesKey; params?: Readonly<Record<string, unknown>> }): AttachmentInfo {
    const { definition } = this.deps.registry.get(request.strategy);
    const params = resolveParams(definition, request.params ?? {});
    const id = deterministicId('att', slotKey(definition.name, params), request.series.venue, request.series.symbol, request.series.timeframe);
    if (this.byId.has(id)) throw new ValidationError(`${definition.name} with these parameters is already attached to ${seriesLabel(request.series)}`);
    const record: AttachmentRecord = { id, strategy: definition.name, series: request.series, params, anchor: null, createdAt: this.deps.clock.now() };
    const attachment = this.run(record);
    if (attachment.failure) {
      this.forget(attachment);
      throw new StrategyError(attachment.failure.error ?? `${definition.name} could not start`);
    }
    this.deps.store.saveAttachment(attachment.record);
    return this.info(attachment);
  }

  detach(id: string): void {
    const attachment = this.byId.get(id);
    if (!attachment) throw new NotFoundError(`no attached strategy with id "${id}"`);
    attachment.slot?.strategy.stop();
    this.forget(attachment);
    this.deps.store.deleteAttachment(id);
  }

  private forget(attachment: Attachment): void {
    this.byId.delete(attachment.record.id);
    const key = seriesId(attachment.record.series);
    const rest = (this.bySeries.get(key) ?? []).filter((a) => a !== attachment);
    if (rest.length === 0) this.bySeries.delete(key);
    else this.bySeries.set(key, rest);
  }

  /**
   * Something a strategy starts from changed for this series (a new regime model, a newly trained model
   * of a learned strategy): the strategies on it (or only `strategy`) start again, replaying silently from
   * their anchors, so they reach the state they would have had with it from the start.
   */
  restart(series: SeriesKey, strategy?: string): void {
    for (const attachment of this.bySeries.get(seriesId(series)) ?? []) {
      if (strategy !== undefined && attachment.record.strategy !== strategy) continue;
      attachment.slot?.strategy.stop();
      this.forget(attachment);
      this.run(attachment.record);
    }
  }

  running(): AttachmentInfo[] {
    return [...this.byId.values()].map((a) => this.info(a));
  }

  /**
   * Builds the attachment's pipeline and warms it up from stored bars. A new attachment anchors its
   * warm-up `warmUpWindow` bars before the latest closed bar; a resumed one replays from its stored
   * anchor, so it reaches exactly the state it had.
   */
  private run(record: AttachmentRecord): Attachment {
    const attachment: Attachment = { record, slot: null, pipeline: null, failure: null, lastSignal: null, live: false };
    this.byId.set(record.id, attachment);
    const key = seriesId(record.series);
    this.bySeries.set(key, [...(this.bySeries.get(key) ?? []), attachment]);
    attachment.lastSignal = this.deps.store.lastSignal(record.id) ?? null;
    try {
      const { definition } = this.deps.registry.get(record.strategy);
      const slot = prepareSlot(definition, record.series, record.params);
      attachment.slot = slot;
      attachment.pipeline = new SeriesPipeline({
        series: record.series,
        slots: [slot],
        historyBars: slot.warmUp + 1,
        clock: this.deps.clock,
        regime: this.deps.regimeFor?.(record.series),
        modulationFor: this.deps.modulationFor,
        context: this.deps.context,
        onSignal: (signal) => this.onSignal(attachment, signal),
        onStrategyError: (_slot, error) => this.deps.log(error.message),
      });
      if (record.anchor === null) {
        const latest = this.latestClosed(record.series);
        if (latest !== undefined) {
          const window = this.deps.candles.candles(record.series, { to: latest, limit: warmUpWindow(slot.warmUp) });
          const anchor = window.openTime[0];
          if (anchor !== undefined) {
            attachment.record = { ...record, anchor };
            this.deps.store.setAnchor(record.id, anchor);
          }
        }
      }
      if (attachment.record.anchor !== null) this.catchUp(attachment, attachment.record.anchor, this.latestClosed(record.series) ?? -1);
    } catch (error) {
      const message = errorMessage(error);
      attachment.failure = { state: 'error', error: message };
      this.deps.log(`strategy ${record.strategy} on ${seriesLabel(record.series)} cannot run: ${message}`);
    }
    attachment.live = true;
    return attachment;
  }

  /** The open time of the newest stored bar that has closed by the engine's clock. */
  private latestClosed(series: SeriesKey): number | undefined {
    const last = this.deps.candles.lastOpenTime(series);
    if (last === undefined) return undefined;
    if (nextOpenTime(series.timeframe, last) <= this.deps.clock.now()) return last;
    return this.deps.candles.lastOpenTime(series, last - 1);
  }

  private onCandle(event: CandleEvent): void {
    if (!event.closed) return;
    const attachments = this.bySeries.get(seriesId(event));
    if (!attachments) return;
    for (const attachment of attachments) {
      const pipeline = attachment.pipeline;
      if (!pipeline || event.candle.openTime <= pipeline.lastBarTime) continue;
      if (pipeline.lastBarTime !== Number.NEGATIVE_INFINITY && nextOpenTime(event.timeframe, pipeline.lastBarTime) === event.candle.openTime) {
        this.push(attachment, event.candle);
      } else {
        // Bars between the last one seen and this one may be in the store (a gap the feed backfilled).
        this.catchUp(attachment, pipeline.lastBarTime + 1, event.candle.openTime);
      }
    }
  }

  private onHistory(event: HistoryEvent): void {
    const attachments = this.bySeries.get(seriesId(event));
    if (!attachments) return;
    for (const attachment of attachments) {
      const pipeline = attachment.pipeline;
      if (!pipeline || event.to <= pipeline.lastBarTime) continue;
      this.catchUp(attachment, Math.max(event.from, pipeline.lastBarTime + 1), event.to);
    }
  }

  /**
   * Feeds the stored bars in [from, to] that come after the last one seen, in order. `to` is always a bar
   * known to be closed (the closed event's bar, a history batch's last bar, or the newest bar closed by the
   * clock at warm-up), so every stored bar up to it is closed too; the venue's word is trusted over our
   * clock, which may run a little behind it.
   */
  private catchUp(attachment: Attachment, from: number, to: number): void {
    const pipeline = attachment.pipeline;
    if (!pipeline || to < from) return;
    const series = attachment.record.series;
    const c = this.deps.candles.candles(series, { from: Math.max(0, from, pipeline.lastBarTime + 1), to });
    for (let i = 0; i < c.openTime.length; i++) this.push(attachment, Object.freeze(candleAt(c, i)));
  }

  private push(attachment: Attachment, candle: Candle): void {
    const pipeline = attachment.pipeline!;
    if (attachment.record.anchor === null) {
      attachment.record = { ...attachment.record, anchor: candle.openTime };
      if (attachment.live) this.deps.store.setAnchor(attachment.record.id, candle.openTime);
    }
    try {
      pipeline.push(candle);
    } catch (error) {
      // A regime tracker or provider that throws is an engine fault: stop this attachment, keep the rest.
      attachment.failure = { state: 'error', error: `the signal pipeline failed: ${errorMessage(error)}` };
      attachment.pipeline = null;
      attachment.slot?.strategy.stop();
      this.deps.log(`pipeline of ${attachment.record.strategy} on ${seriesLabel(attachment.record.series)} failed`, error);
    }
  }

  private onSignal(attachment: Attachment, signal: Signal): void {
    if (!attachment.live) return;
    this.deps.store.addSignal(signal, attachment.record.id);
    attachment.lastSignal = signal;
    this.deps.bus.publish<Signal>(signalTopic(signal.strategy, attachment.record.series), signal);
  }

  private info(a: Attachment): AttachmentInfo {
    const lastBar = a.pipeline?.lastBarTime;
    return {
      id: a.record.id,
      strategy: a.record.strategy,
      series: a.record.series,
      params: a.record.params,
      status: a.failure ?? a.slot?.strategy.status ?? { state: 'error', error: 'not started' },
      warmUp: a.slot?.warmUp ?? 0,
      lastBarTime: lastBar === undefined || lastBar === Number.NEGATIVE_INFINITY ? null : lastBar,
      lastSignal: a.lastSignal,
      createdAt: a.record.createdAt,
    };
  }
}
