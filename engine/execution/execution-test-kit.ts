import { join } from 'node:path';
import { TestClock } from '../core/clock';
import { parseUnits } from '../core/money';
import { ETH_SPOT } from '../adapters/sim/test-instruments';
import { MONEY_SCALE } from '../model/order';
import { openDatabase, type Db } from '../store/database';
import { FaultyExecutionClient } from '../testing/faulty-execution-client';
import { tempDir } from '../testing/temp-dir';
import { ExecutionEngine, type ExecutionEngineConfig, type OrderIntent } from './execution-engine';
import type { OrderJournal, StoredOrder } from './order-journal';
import { PaperClient } from './paper-client';
import { SqliteJournal } from './sqlite-journal';

/** ETH_SPOT units: price 2 decimals, quantity 4. */
export const px = (p: string): bigint => parseUnits(p, ETH_SPOT.priceScale);
export const qty = (q: string): bigint => parseUnits(q, ETH_SPOT.quantityScale);
export const usd = (m: string): bigint => parseUnits(m, MONEY_SCALE);

export function intent(key: string, over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    key,
    symbol: 'ETHUSDT',
    side: 'buy',
    type: 'market',
    quantity: qty('1'),
    timeInForce: 'GTC',
    reduceOnly: false,
    priceScale: ETH_SPOT.priceScale,
    quantityScale: ETH_SPOT.quantityScale,
    ...over,
  };
}

export type ExecutionKit = {
  readonly clock: TestClock;
  readonly paper: PaperClient;
  readonly venue: FaultyExecutionClient;
  readonly journal: OrderJournal;
  readonly db: Db;
  readonly path: string;
  readonly orders: StoredOrder[];
  engine: ExecutionEngine;
  /** A new engine on the same journal and venue, as after a restart of the process. */
  restart(): ExecutionEngine;
  close(): void;
};

/**
 * A paper venue (sim matcher + portfolio on ETH_SPOT, 10,000 USDT) behind a fault injector, a SQLite
 * journal in a temp folder, and an ExecutionEngine on a test clock that never really sleeps.
 */
export function executionKit(config: Partial<ExecutionEngineConfig> = {}): ExecutionKit {
  const dir = tempDir();
  const path = join(dir.path, 'stratus.db');
  const db = openDatabase({ path });
  const clock = new TestClock(1_700_000_000_000);
  const paper = new PaperClient({ instruments: [ETH_SPOT], clock, initialCash: usd('10000'), config: { takerFeeBps: 5.5, makerFeeBps: 2 } });
  paper.onPrice('ETHUSDT', 2000, 1, clock.now());
  const venue = new FaultyExecutionClient(paper);
  const journal = new SqliteJournal(db);
  const orders: StoredOrder[] = [];
  const make = () =>
    new ExecutionEngine({
      client: venue,
      journal,
      clock,
      sleep: () => Promise.resolve(),
      account: { positions: () => paper.portfolio.positions(), balances: () => [paper.portfolio.balance()] },
      listener: { onOrder: (o) => orders.push(o) },
      ...config,
    });
  const kit: ExecutionKit = {
    clock,
    paper,
    venue,
    journal,
    db,
    path,
    orders,
    engine: make(),
    restart() {
      kit.engine.stop();
      kit.engine = make();
      return kit.engine;
    },
    close() {
      kit.engine.stop();
      db.close();
      dir.remove();
    },
  };
  return kit;
}
