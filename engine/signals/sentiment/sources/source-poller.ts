import type { Clock } from '../../../core/clock';
import { AuthError, EngineError, errorMessage } from '../../../core/errors';
import type { RawSentimentItem } from '../../../model/sentiment';
import { RetryAfterError } from './http';
import type { PollingAdapter, SourceState, SourceStatus } from './source';

export type PollerConfig = {
  /** Time between polls when all is well; also the source's rate limit. */
  readonly intervalMs: number;
  /** Longest wait after repeated failures. */
  readonly maxBackoffMs?: number;
  /** How many recent ids each source remembers to drop repeats. */
  readonly dedupeWindow?: number;
};

/**
 * Runs one polling adapter: polls on its interval, stamps each new item with the time it arrived, drops
 * items it has already seen, and backs off exponentially on failures (honouring Retry-After). A failure
 * never stops the poller or the engine; it is reported in the status and tried again later.
 */
export class SourcePoller {
  private state: SourceState = 'starting';
  private message: string | null = null;
  private lastOkAt: number | null = null;
  private nextPollAt: number | null = null;
  private items = 0;
  private failures = 0;
  private consecutive = 0;
  private timer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private readonly seen = new Set<string>();
  private stopped = false;

  constructor(
    private readonly adapter: PollingAdapter,
    private readonly config: PollerConfig,
    private readonly clock: Clock,
    private readonly onItems: (items: RawSentimentItem[]) => void,
    private readonly onStatus: (status: SourceStatus) => void = () => undefined,
  ) {}

  get id(): string {
    return this.adapter.id;
  }

  start(): void {
    if (this.adapter.disabledReason) {
      this.setState('disabled', this.adapter.disabledReason);
      return;
    }
    this.setState('starting', null);
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Polls now (tests and the "refresh" button); resolves when the poll is done. */
  async pollNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.poll();
  }

  status(): SourceStatus {
    return {
      id: this.adapter.id,
      kind: this.adapter.kind,
      state: this.state,
      message: this.message,
      lastOkAt: this.lastOkAt,
      nextPollAt: this.nextPollAt,
      items: this.items,
      failures: this.failures,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextPollAt = this.clock.now() + delayMs;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      const found = await this.adapter.poll(this.abort.signal);
      if (this.stopped) return;
      const receivedAt = this.clock.now();
      const fresh: RawSentimentItem[] = [];
      for (const item of found) {
        if (this.seen.has(item.externalId)) continue;
        this.remember(item.externalId);
        fresh.push({ ...item, sourceId: this.adapter.id, kind: this.adapter.kind, receivedAt });
      }
      this.items += fresh.length;
      this.consecutive = 0;
      this.lastOkAt = receivedAt;
      this.setState('ok', null);
      if (fresh.length > 0) this.onItems(fresh);
      this.schedule(this.config.intervalMs);
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      this.consecutive++;
      const message = errorMessage(error);
      const max = this.config.maxBackoffMs ?? 15 * 60_000;
      let delay = Math.min(max, this.config.intervalMs * 2 ** this.consecutive);
      if (error instanceof RetryAfterError && error.retryAfterMs !== null) delay = Math.min(max, Math.max(delay, error.retryAfterMs));
      // Revoked credentials will not fix themselves soon: try rarely, but do try, in case they are restored.
      if (error instanceof AuthError) delay = max;
      const retryable = error instanceof EngineError && error.retryable;
      this.setState(retryable ? 'backoff' : 'error', `${message}; retrying in ${Math.round(delay / 1000)} s`);
      this.schedule(delay);
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    const limit = this.config.dedupeWindow ?? 5_000;
    if (this.seen.size > limit) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private setState(state: SourceState, message: string | null): void {
    this.state = state;
    this.message = message;
    this.onStatus(this.status());
  }
}
