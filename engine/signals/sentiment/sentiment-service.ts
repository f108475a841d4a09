import type { Clock } from '../../core/clock';
import { ValidationError } from '../../core/errors';
import type { MessageBus } from '../../core/message-bus';
import type { DetectedEvent, RawSentimentItem, ScoredSentimentItem, SentimentAggregate, SentimentWindow } from '../../model/sentiment';
import type { SentimentRepository } from '../../store/repositories/sentiment-repository';
import type { SettingsRepository } from '../../store/repositories/settings-repository';
import { DEFAULT_AGGREGATOR_CONFIG, SentimentAggregator } from './aggregator';
import { detectEvents } from './event-detector';
import { enrichWithLlm, mergeEvents } from './llm-enrichment';
import type { ModelStatus, SentimentRunner } from './runner/sentiment-runner';
import {
  SENTIMENT_CONFIG_KEY,
  sentimentConfigSchema,
  type SentimentConfig,
  type SentimentConfigInput,
  type SentimentSecrets,
} from './sentiment-config';
import { SentimentSources } from './sentiment-sources';
import { MARKET_SYMBOL, SENTIMENT_STATUS_TOPIC, sentimentAggregateTopic, sentimentItemTopic } from './sentiment-topics';
import type { SourceStatus } from './sources/source';
import { DEFAULT_SYMBOL_ALIASES, SymbolMapper } from './symbol-mapper';

export type SentimentStatus = {
  readonly sources: readonly SourceStatus[];
  readonly model: ModelStatus;
  readonly webhookUrl: string | null;
  readonly pending: number;
};

export type SentimentServiceDeps = {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly settings: SettingsRepository;
  readonly repository: SentimentRepository;
  readonly runner: SentimentRunner;
  readonly secrets: SentimentSecrets;
  /** Where the shipped model lives; the configured directory falls back to it. */
  readonly shippedModelDir: string;
  readonly log: (message: string, error?: unknown) => void;
};

/**
 * The sentiment pipeline: sources deliver items → each is stored with its arrival time (a repeat is dropped)
 * → symbols and events are found → the model scores it in its worker → the score is stored, the item
 * published, and every aggregate it moved is stored and published. Failures of a source or of the model
 * are reported in the status; received items are never lost (unscored ones keep their row).
 */
export class SentimentService {
  private config: SentimentConfig;
  private mapper: SymbolMapper;
  private readonly aggregator = new SentimentAggregator();
  private readonly sources: SentimentSources;
  private pending = 0;
  private running = false;

  constructor(private readonly deps: SentimentServiceDeps) {
    this.config = this.loadConfig();
    this.mapper = new SymbolMapper({ ...DEFAULT_SYMBOL_ALIASES, ...this.config.aliases });
    this.aggregator.configure({ ...DEFAULT_AGGREGATOR_CONFIG, weights: this.config.weights });
    this.sources = new SentimentSources(deps.clock, deps.secrets, (items) => this.ingest(items), () => this.publishStatus());
  }

  async start(): Promise<void> {
    this.running = true;
    await this.applyModel(this.config).catch((error: unknown) => this.deps.log('sentiment model selection failed; using the shipped model', error));
    await this.sources.start(this.config);
    // Items received before a crash or a model failure are scored now; nothing received is lost.
    void this.rescoreStored();
    // Warm the model only when something will feed it, so a bare `stratus serve` starts instantly.
    if (this.sources.status().some((s) => s.state !== 'disabled')) void this.deps.runner.start().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.sources.stop();
    await this.deps.runner.stop();
  }

  getConfig(): SentimentConfig {
    return this.config;
  }

  /** Validates, applies and saves new settings; a model directory that does not load is refused and nothing changes. */
  async configure(input: SentimentConfigInput): Promise<SentimentConfig> {
    const parsed = sentimentConfigSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(`sentiment settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const next = parsed.data;
    if (next.modelDir !== this.config.modelDir) await this.applyModel(next);
    this.deps.settings.set(SENTIMENT_CONFIG_KEY, next, this.deps.clock.now());
    this.config = next;
    this.mapper = new SymbolMapper({ ...DEFAULT_SYMBOL_ALIASES, ...next.aliases });
    this.aggregator.configure({ ...DEFAULT_AGGREGATOR_CONFIG, weights: next.weights });
    if (this.running) {
      await this.sources.stop();
      await this.sources.start(next);
    }
    this.publishStatus();
    return next;
  }

  status(): SentimentStatus {
    return { sources: this.sources.status(), model: this.deps.runner.status(), webhookUrl: this.sources.webhookUrl(), pending: this.pending };
  }

  feed(options: { limit: number; symbol?: string; before?: number }): ScoredSentimentItem[] {
    return this.deps.repository.recent(options);
  }

  latest(): SentimentAggregate[] {
    return this.deps.repository.latest();
  }

  series(symbol: string, window: SentimentWindow, from: number, to: number, limit: number): SentimentAggregate[] {
    return this.deps.repository.series(symbol, window, from, to, limit);
  }

  /** Point-in-time feature: the aggregate known at `at` (null when there was none yet). */
  asOf(symbol: string, window: SentimentWindow, at: number): SentimentAggregate | null {
    return this.deps.repository.asOf(symbol, window, at);
  }

  async pollNow(): Promise<void> {
    await this.sources.pollAll();
  }

  /** Takes items from any source (pollers, the webhook, the API). Returns once each is stored; scoring follows. */
  ingest(items: readonly RawSentimentItem[]): Promise<void>[] {
    const scored: Promise<void>[] = [];
    for (const item of items) {
      if (textOf(item) === '') continue;
      const symbols = this.mapper.map(`${item.title} ${item.body ?? ''}`);
      const events = detectEvents(`${item.title} ${item.body ?? ''}`);
      const id = this.deps.repository.insert(item, symbols, events);
      if (id !== null) scored.push(this.score({ ...item, id }, symbols, events));
    }
    return scored;
  }

  /** Scores items stored earlier whose scoring failed or was cut short (the model was down, the engine stopped). */
  rescoreStored(limit = 5_000): Promise<void>[] {
    return this.deps.repository.unscored(limit).map((item) => {
      const text = `${item.title} ${item.body ?? ''}`;
      return this.score(item, this.mapper.map(text), detectEvents(text));
    });
  }

  private score(item: RawSentimentItem & { readonly id: number }, symbols: readonly string[], events: readonly DetectedEvent[]): Promise<void> {
    const text = textOf(item);
    this.pending++;
    return this.deps.runner
      .score(text)
      .then(async (score) => {
        const tags = this.config.llm.enabled ? await this.enrich(text, symbols, events) : { symbols, events };
        this.onScored({ ...item, ...tags, score, model: this.deps.runner.status().name ?? '', scoredAt: this.deps.clock.now() });
      })
      .catch((error: unknown) => this.deps.log(`sentiment item ${item.id} stays unscored for now`, error))
      .finally(() => {
        this.pending--;
      });
  }

  private onScored(item: ScoredSentimentItem): void {
    this.deps.repository.setScore(item.id, item.score, item.model, item.scoredAt, item.symbols, item.events);
    this.deps.bus.publish(sentimentItemTopic(item.sourceId), item);
    const aggregates: SentimentAggregate[] = [];
    for (const symbol of item.symbols.length > 0 ? item.symbols : [MARKET_SYMBOL]) {
      aggregates.push(
        ...this.aggregator.add(symbol, { at: item.receivedAt, kind: item.kind, polarity: item.score.polarity, confidence: item.score.confidence }),
      );
    }
    this.deps.repository.saveAggregates(aggregates);
    for (const aggregate of aggregates) this.deps.bus.publish(sentimentAggregateTopic(aggregate.symbol, aggregate.window), aggregate);
  }

  /** Adds what the optional chat model finds; on any failure the keyword results stand. */
  private async enrich(
    text: string,
    symbols: readonly string[],
    events: readonly DetectedEvent[],
  ): Promise<{ symbols: readonly string[]; events: readonly DetectedEvent[] }> {
    try {
      const llm = await enrichWithLlm(
        { url: this.config.llm.url, model: this.config.llm.model, apiKey: this.deps.secrets('llmApiKey') },
        text,
        AbortSignal.timeout(10_000),
      );
      return { symbols: [...new Set([...symbols, ...llm.symbols])], events: mergeEvents(events, llm.events) };
    } catch (error) {
      this.deps.log('LLM enrichment failed; keeping keyword events', error);
      return { symbols, events };
    }
  }

  private async applyModel(config: SentimentConfig): Promise<void> {
    const dir = config.modelDir ?? this.deps.shippedModelDir;
    if (dir !== this.deps.runner.status().dir) await this.deps.runner.selectModel(dir);
  }

  private publishStatus(): void {
    this.deps.bus.publish(SENTIMENT_STATUS_TOPIC, this.status());
  }

  private loadConfig(): SentimentConfig {
    const stored = this.deps.settings.get<unknown>(SENTIMENT_CONFIG_KEY) ?? {};
    const parsed = sentimentConfigSchema.safeParse(stored);
    if (parsed.success) return parsed.data;
    this.deps.log(`stored sentiment settings are invalid and were ignored: ${parsed.error.message}`);
    return sentimentConfigSchema.parse({});
  }
}

/** The text the model reads: the headline, or for a post without one, the start of its body. */
function textOf(item: RawSentimentItem): string {
  const title = item.title.trim();
  return (title || (item.body ?? '').trim()).slice(0, 2_000);
}
