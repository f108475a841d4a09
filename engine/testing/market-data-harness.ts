import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LiveClock, type Clock } from '../core/clock';
import { MessageBus } from '../core/message-bus';
import { CcxtDataClient } from '../adapters/ccxt/ccxt-data-client';
import { VENUES, type VenueDefinition } from '../adapters/venue-table';
import { CandleService } from '../data/candle-service';
import { MarketDataService } from '../data/market-data-service';
import { TradeRecorder } from '../data/trade-recorder';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { TradeRepository } from '../store/repositories/trade-repository';
import { BybitEmulator, type BybitEmulatorConfig } from './bybit-emulator/bybit-emulator';
import { tempDir } from './temp-dir';

export type MarketDataHarness = {
  readonly emulator: BybitEmulator;
  readonly service: MarketDataService;
  readonly candles: CandleService;
  readonly trades: TradeRepository;
  readonly bus: MessageBus;
  readonly db: Database.Database;
  readonly clock: Clock;
  readonly logs: string[];
  close(): Promise<void>;
};

/**
 * A real data engine (SQLite file, ccxt client, live feeds) wired to a fresh Bybit emulator: the set-up
 * every market-data integration test and benchmark shares.
 */
export async function startMarketDataHarness(
  options: { emulator?: BybitEmulatorConfig; venue?: VenueDefinition; clock?: Clock; staleAfterMs?: number; rateLimit?: boolean } = {},
): Promise<MarketDataHarness> {
  const emulator = await BybitEmulator.start(options.emulator);
  const dir = tempDir('stratus-market-data-');
  const db = openDatabase({ path: join(dir.path, 'stratus.db') });
  const clock = options.clock ?? new LiveClock();
  const logs: string[] = [];
  const log = (message: unknown) => void logs.push(String(message));
  const bus = new MessageBus({ onHandlerError: (error) => log(String(error)) });
  const candles = new CandleService(new CandleRepository(db), bus, clock);
  const trades = new TradeRepository(db);
  const venue = options.venue ?? VENUES.bybit;
  const service = new MarketDataService({
    venues: [venue.id],
    createClient: (_id, onBadFrame) =>
      CcxtDataClient.create(venue, { endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }, rateLimit: options.rateLimit ?? false, onBadFrame }),
    candles,
    instruments: new InstrumentRepository(db),
    trades: new TradeRecorder(trades, bus, clock, log),
    bus,
    clock,
    log,
    backoff: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0.5 },
    staleAfterMs: options.staleAfterMs,
  });
  return {
    emulator,
    service,
    candles,
    trades,
    bus,
    db,
    clock,
    logs,
    async close() {
      await service.stop();
      await emulator.stop();
      db.close();
      dir.remove();
    },
  };
}
