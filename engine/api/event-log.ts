import type { EventEnvelope } from './protocol';

export type Replay = { kind: 'events'; events: EventEnvelope[] } | { kind: 'gap'; resumedAt: number };

/**
 * Per-stream sequence numbers and a bounded history of recent events, so that a client that
 * reconnects gets exactly what it missed, or is told plainly that it must reload.
 */
export class EventLog {
  private readonly streams = new Map<string, StreamHistory>();
  private readonly listeners = new Set<(event: EventEnvelope) => void>();

  /**
   * `capacityPerStream` bounds each stream's history; `capacities` overrides it for streams where a
   * reconnecting client is better served by reloading than by replaying (trades, quotes).
   */
  constructor(
    private readonly capacityPerStream = 20_000,
    private readonly capacities: Readonly<Record<string, number>> = {},
  ) {}

  append(stream: string, payload: unknown): EventEnvelope {
    const history = this.history(stream);
    const event: EventEnvelope = { type: 'event', stream, seq: history.lastSeq + 1, payload };
    history.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** The last sequence number issued on a stream; 0 before its first event. */
  lastSeq(stream: string): number {
    return this.streams.get(stream)?.lastSeq ?? 0;
  }

  /** Events after `after`, or a gap when some of them are no longer held. */
  since(stream: string, after: number): Replay {
    const history = this.streams.get(stream);
    if (!history) return after === 0 ? { kind: 'events', events: [] } : { kind: 'gap', resumedAt: 0 };
    // A client ahead of the engine saw a previous run of it; what it holds is not ours to extend.
    if (after > history.lastSeq) return { kind: 'gap', resumedAt: history.lastSeq };
    if (after < history.firstHeldSeq - 1) return { kind: 'gap', resumedAt: history.lastSeq };
    return { kind: 'events', events: history.after(after) };
  }

  onAppend(listener: (event: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private history(stream: string): StreamHistory {
    let history = this.streams.get(stream);
    if (!history) {
      history = new StreamHistory(this.capacities[stream] ?? this.capacityPerStream);
      this.streams.set(stream, history);
    }
    return history;
  }
}

/** A ring buffer of the most recent events of one stream. */
class StreamHistory {
  lastSeq = 0;
  private readonly ring: (EventEnvelope | undefined)[];
  private size = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<EventEnvelope | undefined>(capacity);
  }

  get firstHeldSeq(): number {
    return this.lastSeq - this.size + 1;
  }

  push(event: EventEnvelope): void {
    this.lastSeq = event.seq;
    this.ring[event.seq % this.capacity] = event;
    if (this.size < this.capacity) this.size++;
  }

  after(seq: number): EventEnvelope[] {
    const events: EventEnvelope[] = [];
    for (let s = Math.max(seq + 1, this.firstHeldSeq); s <= this.lastSeq; s++) {
      const event = this.ring[s % this.capacity];
      if (event) events.push(event);
    }
    return events;
  }
}
