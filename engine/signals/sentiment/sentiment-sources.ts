import type { Clock } from '../../core/clock';
import type { RawSentimentItem } from '../../model/sentiment';
import type { SentimentConfig, SentimentSecrets } from './sentiment-config';
import { createMacroCalendarAdapter } from './sources/macro-calendar-adapter';
import { createRedditAdapter } from './sources/reddit-adapter';
import { createRssAdapter } from './sources/rss-adapter';
import type { PollingAdapter, SourceStatus } from './sources/source';
import { SourcePoller } from './sources/source-poller';
import { createTelegramAdapter } from './sources/telegram-adapter';
import { WebhookServer } from './sources/webhook-server';
import { createXAdapter } from './sources/x-adapter';

/** The running sources of one configuration: pollers for each enabled source, and the webhook. */
export class SentimentSources {
  private pollers: SourcePoller[] = [];
  private webhook: WebhookServer | null = null;
  private disabled: SourceStatus[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly secrets: SentimentSecrets,
    private readonly onItems: (items: RawSentimentItem[]) => void,
    private readonly onStatus: () => void,
  ) {}

  async start(config: SentimentConfig): Promise<void> {
    const adapters: { adapter: PollingAdapter; intervalMs: number }[] = [];
    for (const feed of config.feeds.filter((f) => f.enabled)) {
      adapters.push({ adapter: createRssAdapter(feed), intervalMs: config.feedIntervalSeconds * 1000 });
    }
    const optional: { enabled: boolean; adapter: PollingAdapter; intervalMs: number }[] = [
      {
        enabled: config.reddit.enabled,
        intervalMs: config.reddit.intervalSeconds * 1000,
        adapter: createRedditAdapter({
          id: 'reddit',
          subreddits: config.reddit.subreddits,
          clientId: this.secrets('redditClientId'),
          clientSecret: this.secrets('redditClientSecret'),
          authUrl: config.reddit.authUrl,
          apiUrl: config.reddit.apiUrl,
        }),
      },
      {
        enabled: config.x.enabled,
        intervalMs: config.x.intervalSeconds * 1000,
        adapter: createXAdapter({ id: 'x', query: config.x.query, bearerToken: this.secrets('xBearerToken'), apiUrl: config.x.apiUrl }),
      },
      {
        enabled: config.telegram.enabled,
        intervalMs: config.telegram.intervalSeconds * 1000,
        adapter: createTelegramAdapter({
          id: 'telegram',
          botToken: this.secrets('telegramBotToken'),
          channels: config.telegram.channels,
          apiUrl: config.telegram.apiUrl,
        }),
      },
      {
        enabled: config.macro.enabled,
        intervalMs: config.macro.intervalSeconds * 1000,
        adapter: createMacroCalendarAdapter({ id: 'macro', url: config.macro.url ?? '', impacts: config.macro.impacts }),
      },
    ];
    this.disabled = optional
      .filter((o) => !o.enabled)
      .map((o) => ({ ...idle(o.adapter), message: 'off in settings' }));
    for (const o of optional.filter((o) => o.enabled)) adapters.push(o);
    this.pollers = adapters.map(
      ({ adapter, intervalMs }) => new SourcePoller(adapter, { intervalMs }, this.clock, this.onItems, () => this.onStatus()),
    );
    for (const poller of this.pollers) poller.start();
    if (config.webhook.enabled) {
      this.webhook = new WebhookServer(
        { id: 'webhook', host: config.webhook.host, port: config.webhook.port, token: this.secrets('webhookToken') },
        this.clock,
        this.onItems,
      );
      await this.webhook.start();
    } else {
      this.disabled.push({ ...idle({ id: 'webhook', kind: 'webhook' }), message: 'off in settings' });
    }
    this.onStatus();
  }

  async stop(): Promise<void> {
    for (const poller of this.pollers) poller.stop();
    this.pollers = [];
    await this.webhook?.stop();
    this.webhook = null;
  }

  status(): SourceStatus[] {
    return [...this.pollers.map((p) => p.status()), ...(this.webhook ? [this.webhook.status()] : []), ...this.disabled];
  }

  webhookUrl(): string | null {
    return this.webhook?.url ?? null;
  }

  /** Polls every running source once now. */
  async pollAll(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.pollNow()));
  }
}

function idle(adapter: Pick<PollingAdapter, 'id' | 'kind'>): SourceStatus {
  return { id: adapter.id, kind: adapter.kind, state: 'disabled', message: null, lastOkAt: null, nextPollAt: null, items: 0, failures: 0 };
}
