import type { RawSentimentItem, SentimentSourceKind } from '../../../model/sentiment';

/** What a source reports about itself; the UI shows it beside the feed. */
export type SourceState = 'disabled' | 'starting' | 'ok' | 'backoff' | 'error';

export type SourceStatus = {
  readonly id: string;
  readonly kind: SentimentSourceKind;
  readonly state: SourceState;
  readonly message: string | null;
  readonly lastOkAt: number | null;
  readonly nextPollAt: number | null;
  readonly items: number;
  readonly failures: number;
};

/** An item before its arrival time is stamped: sources say what they read, the poller says when. */
export type SourceItem = Omit<RawSentimentItem, 'sourceId' | 'kind' | 'receivedAt'>;

/**
 * One poll of a source. Returns what is new since the last poll (the adapter keeps its own cursor:
 * since_id, offset, …); throws an EngineError when the source failed, retryable or not.
 */
export type PollingAdapter = {
  readonly id: string;
  readonly kind: SentimentSourceKind;
  /** Null when the adapter can run; otherwise why it cannot (missing credentials, bad URL). */
  readonly disabledReason: string | null;
  poll(signal: AbortSignal): Promise<SourceItem[]>;
};
