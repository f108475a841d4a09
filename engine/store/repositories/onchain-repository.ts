import type Database from 'better-sqlite3';
import type { AddressLabel, FlowBucket, OnchainTransfer, TransferStatus } from '../../signals/onchain/onchain-types';

type TransferRow = {
  chain: string;
  tx_hash: string;
  log_index: number;
  block_number: number;
  block_hash: string;
  block_time: number;
  received_at: number;
  token: string;
  token_address: string | null;
  from_address: string;
  to_address: string;
  from_label: string | null;
  to_label: string | null;
  amount: string;
  amount_value: number;
  price_usd: number | null;
  value_usd: number | null;
  classification: OnchainTransfer['classification'];
  severity: OnchainTransfer['severity'];
  whale: number;
  status: TransferStatus;
  explorer_url: string;
};

export type BlockRef = { readonly number: number; readonly hash: string };
export type FlowKey = { readonly chain: string; readonly token: string; readonly exchange: string; readonly start: number };
export type TransferQuery = {
  readonly whalesOnly?: boolean;
  readonly chain?: string;
  readonly token?: string;
  readonly includeRetracted?: boolean;
  readonly before?: number;
  readonly limit: number;
};
export type FlowQuery = { readonly chain?: string; readonly token?: string; readonly exchange?: string; readonly from: number; readonly to: number };

function toTransfer(row: TransferRow): OnchainTransfer {
  return {
    id: `${row.chain}:${row.tx_hash}:${row.log_index}`,
    chain: row.chain,
    txHash: row.tx_hash,
    logIndex: row.log_index,
    blockNumber: row.block_number,
    blockHash: row.block_hash,
    blockTime: row.block_time,
    receivedAt: row.received_at,
    token: row.token,
    tokenAddress: row.token_address,
    from: row.from_address,
    to: row.to_address,
    fromLabel: row.from_label === null ? null : (JSON.parse(row.from_label) as AddressLabel),
    toLabel: row.to_label === null ? null : (JSON.parse(row.to_label) as AddressLabel),
    amount: row.amount,
    amountValue: row.amount_value,
    priceUsd: row.price_usd,
    valueUsd: row.value_usd,
    classification: row.classification,
    severity: row.severity,
    whale: row.whale === 1,
    status: row.status,
    explorerUrl: row.explorer_url,
  };
}

const exchangeOf = (label: AddressLabel | null): string | null => (label?.kind === 'exchange' ? label.entity : null);

/** Transfers, the watcher's position per chain, recent block hashes, exchange flows and the trader's labels. */
export class OnchainRepository {
  private readonly upsert: Database.Statement;
  private readonly finalize: Database.Statement<[number, string, number]>;
  private readonly retract: Database.Statement<[number, string, number]>;
  /** One prepared statement per combination of filters: backtests ask for flows at every bar. */
  private readonly flowQueries = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    // A transfer seen again is ignored, unless a reorg had retracted it: then it is back, in its new block.
    this.upsert = db.prepare(`INSERT INTO onchain_transfers (chain, tx_hash, log_index, block_number, block_hash, block_time,
        received_at, token, token_address, from_address, to_address, from_label, to_label, from_exchange, to_exchange, amount,
        amount_value, price_usd, value_usd, classification, severity, whale, status, explorer_url, updated_at)
      VALUES (@chain, @txHash, @logIndex, @blockNumber, @blockHash, @blockTime, @receivedAt, @token, @tokenAddress, @from, @to,
        @fromLabel, @toLabel, @fromExchange, @toExchange, @amount, @amountValue, @priceUsd, @valueUsd, @classification, @severity,
        @whale, @status, @explorerUrl, @receivedAt)
      ON CONFLICT (chain, tx_hash, log_index) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash,
        block_time = excluded.block_time, status = excluded.status, updated_at = excluded.updated_at
      WHERE onchain_transfers.status = 'retracted'
      RETURNING *`);
    this.finalize = db.prepare(`UPDATE onchain_transfers SET status = 'final', updated_at = ?
      WHERE chain = ? AND status = 'pending' AND block_number <= ? RETURNING *`);
    this.retract = db.prepare(`UPDATE onchain_transfers SET status = 'retracted', updated_at = ?
      WHERE chain = ? AND status != 'retracted' AND block_number > ? RETURNING *`);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Stores transfers; returns those that are new (or back after a reorg). Call inside `transaction`. */
  insertTransfers(transfers: readonly OnchainTransfer[]): OnchainTransfer[] {
    const stored: OnchainTransfer[] = [];
    for (const t of transfers) {
      const row = this.upsert.get({
        ...t,
        fromLabel: t.fromLabel && JSON.stringify(t.fromLabel),
        toLabel: t.toLabel && JSON.stringify(t.toLabel),
        fromExchange: exchangeOf(t.fromLabel),
        toExchange: exchangeOf(t.toLabel),
        whale: t.whale ? 1 : 0,
      }) as TransferRow | undefined;
      if (row) stored.push(toTransfer(row));
    }
    return stored;
  }

  finalizeUpTo(chain: string, block: number, now: number): OnchainTransfer[] {
    return (this.finalize.all(now, chain, block) as TransferRow[]).map(toTransfer);
  }

  retractAbove(chain: string, block: number, now: number): OnchainTransfer[] {
    return (this.retract.all(now, chain, block) as TransferRow[]).map(toTransfer);
  }

  transfers(query: TransferQuery): OnchainTransfer[] {
    const { where, params } = conditions({ 'chain = ?': query.chain, 'token = ?': query.token, 'block_time < ?': query.before });
    if (query.whalesOnly ?? true) where.push('whale = 1');
    if (!query.includeRetracted) where.push("status != 'retracted'");
    const sql = `SELECT * FROM onchain_transfers ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY block_time DESC, block_number DESC, log_index DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, query.limit) as TransferRow[]).map(toTransfer);
  }

  countTransfers(chain: string, status?: TransferStatus): number {
    const row = status
      ? this.db.prepare('SELECT COUNT(*) AS n FROM onchain_transfers WHERE chain = ? AND status = ?').get(chain, status)
      : this.db.prepare('SELECT COUNT(*) AS n FROM onchain_transfers WHERE chain = ?').get(chain);
    return (row as { n: number }).n;
  }

  cursor(chain: string): BlockRef | null {
    const row = this.db.prepare('SELECT block_number AS number, block_hash AS hash FROM onchain_cursors WHERE chain = ?').get(chain);
    return (row as BlockRef | undefined) ?? null;
  }

  setCursor(chain: string, block: BlockRef, now: number): void {
    this.db
      .prepare(`INSERT INTO onchain_cursors (chain, block_number, block_hash, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (chain) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash, updated_at = excluded.updated_at`)
      .run(chain, block.number, block.hash, now);
  }

  recordBlocks(chain: string, blocks: readonly BlockRef[]): void {
    const put = this.db.prepare('INSERT INTO onchain_blocks (chain, number, hash) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET hash = excluded.hash');
    for (const block of blocks) put.run(chain, block.number, block.hash);
  }

  /** Recorded block hashes at or below `upTo`, newest first. */
  recentBlocks(chain: string, upTo: number): BlockRef[] {
    return this.db
      .prepare('SELECT number, hash FROM onchain_blocks WHERE chain = ? AND number <= ? ORDER BY number DESC')
      .all(chain, upTo) as BlockRef[];
  }

  forgetBlocks(chain: string, above: number, below: number): void {
    this.db.prepare('DELETE FROM onchain_blocks WHERE chain = ? AND (number > ? OR number < ?)').run(chain, above, below);
  }

  /** Recomputes the given flow buckets from the live (not retracted) transfers and stores them. */
  recomputeFlows(keys: readonly FlowKey[], windowMs: number, now: number): FlowBucket[] {
    const sum = this.db.prepare(`SELECT
        COALESCE(SUM(CASE WHEN to_exchange = @exchange AND from_exchange IS NOT @exchange THEN amount_value END), 0) AS inflow,
        COALESCE(SUM(CASE WHEN from_exchange = @exchange AND to_exchange IS NOT @exchange THEN amount_value END), 0) AS outflow,
        SUM(CASE WHEN to_exchange = @exchange AND from_exchange IS NOT @exchange THEN value_usd END) AS inflow_usd,
        SUM(CASE WHEN from_exchange = @exchange AND to_exchange IS NOT @exchange THEN value_usd END) AS outflow_usd,
        SUM(value_usd IS NULL) AS unpriced,
        COUNT(*) AS transfers
      FROM onchain_transfers
      WHERE chain = @chain AND token = @token AND status != 'retracted' AND block_time >= @start AND block_time < @end
        AND (to_exchange = @exchange OR from_exchange = @exchange)`);
    const store = this.db.prepare(`INSERT INTO onchain_flows (chain, token, exchange, window_ms, start, inflow, outflow, inflow_usd,
        outflow_usd, transfers, updated_at) VALUES (@chain, @token, @exchange, @windowMs, @start, @inflow, @outflow, @inflowUsd,
        @outflowUsd, @transfers, @now)
      ON CONFLICT (chain, token, exchange, window_ms, start) DO UPDATE SET inflow = excluded.inflow, outflow = excluded.outflow,
        inflow_usd = excluded.inflow_usd, outflow_usd = excluded.outflow_usd, transfers = excluded.transfers, updated_at = excluded.updated_at`);
    return keys.map((key) => {
      const r = sum.get({ ...key, end: key.start + windowMs }) as {
        inflow: number;
        outflow: number;
        inflow_usd: number | null;
        outflow_usd: number | null;
        unpriced: number | null;
        transfers: number;
      };
      // A bucket with any unpriced transfer has no honest USD total.
      const priced = (r.unpriced ?? 0) === 0;
      const inflowUsd = priced ? (r.inflow_usd ?? 0) : null;
      const outflowUsd = priced ? (r.outflow_usd ?? 0) : null;
      store.run({ ...key, windowMs, inflow: r.inflow, outflow: r.outflow, inflowUsd, outflowUsd, transfers: r.transfers, now });
      return flowBucket({ ...key, window_ms: windowMs, inflow: r.inflow, outflow: r.outflow, inflow_usd: inflowUsd, outflow_usd: outflowUsd, transfers: r.transfers });
    });
  }

  flows(query: FlowQuery, windowMs: number): FlowBucket[] {
    const { where, params } = conditions({
      'window_ms = ?': windowMs,
      'start >= ?': query.from,
      'start < ?': query.to,
      'chain = ?': query.chain,
      'token = ?': query.token,
      'exchange = ?': query.exchange,
    });
    const sql = `SELECT * FROM onchain_flows WHERE ${where.join(' AND ')} ORDER BY start, chain, token, exchange`;
    let statement = this.flowQueries.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.flowQueries.set(sql, statement);
    }
    const rows = statement.all(...params);
    return (rows as FlowRow[]).map(flowBucket);
  }

  userLabels(): AddressLabel[] {
    return this.db.prepare('SELECT address, chain, name, entity, kind, source FROM onchain_labels ORDER BY entity, name').all() as AddressLabel[];
  }

  putLabel(label: AddressLabel, now: number): void {
    this.db
      .prepare(`INSERT INTO onchain_labels (chain, address, name, entity, kind, source, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (chain, address) DO UPDATE SET name = excluded.name, entity = excluded.entity, kind = excluded.kind, source = excluded.source`)
      .run(label.chain, label.address, label.name, label.entity, label.kind, label.source, now);
  }

  deleteLabel(chain: string, address: string): boolean {
    return this.db.prepare('DELETE FROM onchain_labels WHERE chain = ? AND address = ?').run(chain, address).changes > 0;
  }
}

/** WHERE terms for the filters that are given; an undefined or empty filter adds nothing. */
function conditions(filters: Record<string, string | number | undefined>): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const [term, value] of Object.entries(filters)) {
    if (value === undefined || value === '') continue;
    where.push(term);
    params.push(value);
  }
  return { where, params };
}

type FlowRow = {
  chain: string;
  token: string;
  exchange: string;
  window_ms: number;
  start: number;
  inflow: number;
  outflow: number;
  inflow_usd: number | null;
  outflow_usd: number | null;
  transfers: number;
};

function flowBucket(r: FlowRow): FlowBucket {
  return {
    chain: r.chain,
    token: r.token,
    exchange: r.exchange,
    windowMs: r.window_ms,
    start: r.start,
    inflow: r.inflow,
    outflow: r.outflow,
    net: r.inflow - r.outflow,
    inflowUsd: r.inflow_usd,
    outflowUsd: r.outflow_usd,
    netUsd: r.inflow_usd === null || r.outflow_usd === null ? null : r.inflow_usd - r.outflow_usd,
    transfers: r.transfers,
  };
}
