import type { Clock } from '../core/clock';
import type { MessageBus } from '../core/message-bus';
import type { Trade } from '../model/market';
import type { StoredTrade, TradeRepository } from '../store/repositories/trade-repository';
import { marketTopic } from './candle-topics';

/** Published for every batch of trades the engine receives. */
export type TradesEvent = { readonly venue: string; readonly symbol: string; readonly trades: readonly StoredTrade[]; readonly receivedAt: number };

const FLUSH_EVERY_MS = 100;
const FLUSH_AT = 2_000;

/**
 * Publishes trades the moment they arrive and stores them in batches: one transaction per 100 ms (or
 * per 2,000 trades) instead of one per WebSocket frame keeps a busy symbol from costing a write each time.
 */
export class TradeRecorder {
  private readonly pending = new Map<string, { venue: string; symbol: string; trades: StoredTrade[] }>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: TradeRepository,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(venue: string, symbol: string, trades: readonly Trade[]): void {
    if (trades.length === 0) return;
    const receivedAt = this.clock.now();
    const stamped = trades.map((trade) => ({ ...trade, receivedAt }));
    const id = `${venue}\u0000${symbol}`;
    let batch = this.pending.get(id);
    if (!batch) this.pending.set(id, (batch = { venue, symbol, trades: [] }));
    for (const trade of stamped) batch.trades.push(trade);
    this.pendingCount += stamped.length;
    this.bus.publish<TradesEvent>(marketTopic('trades', venue, symbol), { venue, symbol, trades: stamped, receivedAt });
    if (this.pendingCount >= FLUSH_AT) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = [...this.pending.values()];
    this.pending.clear();
    this.pendingCount = 0;
    for (const batch of batches) {
      try {
        this.repository.insertMany(batch.venue, batch.symbol, batch.trades);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
