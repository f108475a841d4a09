import type { Clock } from '../../core/clock';
import type { BlockRef, OnchainRepository } from '../../store/repositories/onchain-repository';
import { flowKeysOf } from './flows';
import type { LabelBook } from './labels';
import type { ChainConfig, ChainState, ChainStatus, OnchainTransfer, TokenConfig } from './onchain-types';
import type { PriceBook } from './price-book';
import { displayUrl, openRpcConnection, type RpcConnection } from './rpc-connection';
import { movementFromLog, toTransfer, TRANSFER_TOPIC, type Movement, type RawLog, type RawValueTransfer } from './transfer-decoder';
import { errorMessage } from '../../core/errors';

type RawBlock = {
  readonly number: string;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: string;
  readonly transactions: readonly (RawValueTransfer | string)[];
};

export type WatcherOutput = {
  transfers(kind: 'new' | 'final' | 'retracted', transfers: readonly OnchainTransfer[]): void;
  flowsChanged(keys: ReturnType<typeof flowKeysOf>): void;
  status(status: ChainStatus): void;
};

export type WatcherDeps = {
  readonly repository: OnchainRepository;
  readonly labels: () => LabelBook;
  readonly prices: PriceBook;
  readonly clock: Clock;
  readonly output: WatcherOutput;
  readonly log: (message: string, error?: unknown) => void;
  /** Deadline of one RPC call. */
  readonly rpcTimeoutMs?: number;
  /** First and largest wait between rounds of failed connection attempts. */
  readonly backoffMs?: { readonly first: number; readonly max: number };
  /** After failing over, how long to stay on a later URL before trying the first (preferred) one again. */
  readonly primaryRetryMs?: number;
};

/** Blocks kept beyond the confirmation depth, so a reorg a little deeper than expected is still found. */
const EXTRA_BLOCKS = 8;
const HEADER_CONCURRENCY = 16;

/** Thrown when the chain changed under a scan; the next pass finds the fork and rewinds. */
class ChainMoved extends Error {}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Follows one chain: resumes after its stored cursor, catches up with chunked eth_getLogs, then follows new
 * heads (WebSocket subscription, or polling over HTTP). Every pass first checks that the cursor block is
 * still on the chain; if not it walks back to the fork and retracts what the lost blocks held. Transfers
 * and the cursor are written in one transaction, so a restart resumes exactly where the store ends.
 */
export class ChainWatcher {
  private stopped = true;
  private connection: RpcConnection | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private lost: string | null = null;
  private runLoop: Promise<void> | null = null;
  private rpcIndex = 0;
  private readonly tokens: ReadonlyMap<string, TokenConfig>;
  private current: ChainStatus;

  constructor(
    readonly config: ChainConfig,
    private readonly deps: WatcherDeps,
  ) {
    this.tokens = new Map(config.tokens.filter((t) => t.address).map((t) => [(t.address ?? '').toLowerCase(), t]));
    this.current = { chain: config.id, name: config.name, state: 'stopped', reason: null, rpcUrl: null, rpcIndex: null, head: null, processed: repositoryCursor(deps.repository, config.id), updatedAt: deps.clock.now() };
  }

  get status(): ChainStatus {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.runLoop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.close();
    this.wake?.();
    await this.runLoop;
    this.setStatus('stopped', null);
  }

  private async run(): Promise<void> {
    const urls = this.config.rpcUrls;
    const backoff = this.deps.backoffMs ?? { first: 500, max: 30_000 };
    let failedRounds = 0;
    while (!this.stopped) {
      const url = urls[this.rpcIndex] ?? '';
      let progressed = false;
      let backToPrimary = false;
      try {
        this.setStatus('connecting', null, url);
        this.lost = null;
        this.connection = await openRpcConnection(url, {
          chainId: this.config.chainId,
          timeoutMs: this.deps.rpcTimeoutMs ?? 10_000,
          onHead: () => this.kick(),
          onLost: (reason) => {
            this.lost = reason;
            this.kick();
          },
        });
        const connectedAt = this.deps.clock.now();
        while (!this.stopped && this.lost === null) {
          await this.pass(this.connection);
          progressed = true;
          failedRounds = 0;
          this.setStatus(this.connection.subscribed ? 'live' : 'polling', null, url);
          if (this.rpcIndex > 0 && this.deps.clock.now() - connectedAt >= (this.deps.primaryRetryMs ?? 300_000)) {
            backToPrimary = true;
            break;
          }
          await this.sleep(this.config.pollIntervalMs);
        }
        if (this.lost !== null && !this.stopped) throw new Error(this.lost);
      } catch (error) {
        if (this.stopped) break;
        const message = errorMessage(error);
        this.deps.log(`on-chain ${this.config.id}: ${displayUrl(url)} failed: ${message}`);
        this.setStatus('error', message, url);
      } finally {
        this.connection?.close();
        this.connection = null;
      }
      if (this.stopped) break;
      if (backToPrimary) {
        this.rpcIndex = 0;
        continue;
      }
      // Fail over to the next URL at once; after a whole round of failures, back off before trying again.
      this.rpcIndex = (this.rpcIndex + 1) % urls.length;
      if (this.rpcIndex === 0 && !progressed) {
        failedRounds++;
        await this.sleep(Math.min(backoff.max, backoff.first * 2 ** (failedRounds - 1)));
      }
    }
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Waits for a new head, the poll interval, a lost connection or stop, whichever comes first. */
  private sleep(ms: number): Promise<void> {
    if (this.kicked || this.stopped) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One pass: check for a reorg, scan up to the head in chunks, then finalize what is deep enough. */
  private async pass(rpc: RpcConnection): Promise<void> {
    const head = Number(await rpc.send<string>('eth_blockNumber', []));
    let cursor = this.deps.repository.cursor(this.config.id) ?? (await this.initialCursor(rpc, head));
    const tip = await this.header(rpc, cursor.number, false);
    if (!tip || tip.hash !== cursor.hash) cursor = await this.rewind(rpc, cursor);
    this.current = { ...this.current, head };
    while (cursor.number < head && !this.stopped) {
      const to = Math.min(head, cursor.number + this.config.maxBlockRange);
      try {
        cursor = await this.scan(rpc, cursor, to, head);
      } catch (error) {
        if (error instanceof ChainMoved) return this.kick();
        throw error;
      }
      this.current = { ...this.current, processed: cursor.number };
    }
    const now = this.deps.clock.now();
    const finalized = this.deps.repository.finalizeUpTo(this.config.id, head - this.config.confirmations + 1, now);
    this.deps.repository.forgetBlocks(this.config.id, Number.MAX_SAFE_INTEGER, head - this.config.confirmations - EXTRA_BLOCKS);
    if (finalized.length > 0) this.deps.output.transfers('final', finalized);
  }

  private async initialCursor(rpc: RpcConnection, head: number): Promise<BlockRef> {
    const start = this.config.startBlock === 'latest' ? head : Math.max(0, Math.min(head, this.config.startBlock - 1));
    const block = await this.header(rpc, start, false);
    if (!block) throw new Error(`block ${start} is missing`);
    const ref = { number: start, hash: block.hash };
    this.deps.repository.transaction(() => {
      this.deps.repository.setCursor(this.config.id, ref, this.deps.clock.now());
      this.deps.repository.recordBlocks(this.config.id, [ref]);
    });
    return ref;
  }

  /** Scans (cursor, to]: logs, then the headers it needs, checked to hang together, then one write. */
  private async scan(rpc: RpcConnection, cursor: BlockRef, to: number, head: number): Promise<BlockRef> {
    const from = cursor.number + 1;
    const logs = await this.logs(rpc, from, to);
    const windowStart = Math.max(from, head - this.config.confirmations - EXTRA_BLOCKS + 1);
    const wanted = new Set<number>([from, to]);
    for (let n = windowStart; n <= to; n++) wanted.add(n);
    for (const log of logs) wanted.add(Number(log.blockNumber));
    const native = this.config.native;
    if (native) for (let n = from; n <= to; n++) wanted.add(n);
    const headers = await this.headers(rpc, [...wanted].sort((a, b) => a - b), native !== null);

    const first = headers.get(from);
    if (!first || first.parentHash !== cursor.hash) throw new ChainMoved();
    for (let n = windowStart + 1; n <= to; n++) {
      if (headers.get(n)?.parentHash !== headers.get(n - 1)?.hash) throw new ChainMoved();
    }
    const movements: Movement[] = [];
    for (const log of logs) {
      const block = headers.get(Number(log.blockNumber));
      if (!block || block.hash !== log.blockHash) throw new ChainMoved();
      const movement = movementFromLog(log, this.tokens, Number(block.timestamp) * 1000);
      if (movement) movements.push(movement);
    }
    if (native) movements.push(...nativeMovements(native, headers));

    const now = this.deps.clock.now();
    const context = {
      chain: this.config,
      labels: this.deps.labels(),
      prices: this.deps.prices,
      receivedAt: now,
      statusFor: (n: number) => (head - n + 1 >= this.config.confirmations ? ('final' as const) : ('pending' as const)),
    };
    const transfers = movements.flatMap((m) => toTransfer(m, context) ?? []);
    const last = headers.get(to);
    if (!last) throw new ChainMoved();
    const next = { number: to, hash: last.hash };
    const recent = [...headers.values()].filter((h) => Number(h.number) >= windowStart).map((h) => ({ number: Number(h.number), hash: h.hash }));
    const stored = this.deps.repository.transaction(() => {
      const inserted = this.deps.repository.insertTransfers(transfers);
      this.deps.repository.recordBlocks(this.config.id, [...recent, next]);
      this.deps.repository.setCursor(this.config.id, next, now);
      return inserted;
    });
    if (stored.length > 0) {
      this.deps.output.transfers('new', stored);
      this.deps.output.flowsChanged(flowKeysOf(stored));
    }
    return next;
  }

  /** eth_getLogs for the followed tokens; a range the provider refuses is split in halves. */
  private async logs(rpc: RpcConnection, from: number, to: number): Promise<RawLog[]> {
    if (this.tokens.size === 0) return [];
    try {
      return await rpc.send<RawLog[]>('eth_getLogs', [{ fromBlock: hex(from), toBlock: hex(to), address: [...this.tokens.keys()], topics: [TRANSFER_TOPIC] }]);
    } catch (error) {
      if (from === to || !refusedByProvider(error)) throw error;
      const middle = Math.floor((from + to) / 2);
      return [...(await this.logs(rpc, from, middle)), ...(await this.logs(rpc, middle + 1, to))];
    }
  }

  private async header(rpc: RpcConnection, n: number, withTransactions: boolean): Promise<RawBlock | null> {
    return rpc.send<RawBlock | null>('eth_getBlockByNumber', [hex(n), withTransactions]);
  }

  private async headers(rpc: RpcConnection, numbers: readonly number[], withTransactions: boolean): Promise<Map<number, RawBlock>> {
    const found = new Map<number, RawBlock>();
    for (let i = 0; i < numbers.length; i += HEADER_CONCURRENCY) {
      const batch = numbers.slice(i, i + HEADER_CONCURRENCY);
      const blocks = await Promise.all(batch.map((n) => this.header(rpc, n, withTransactions)));
      blocks.forEach((block, j) => {
        if (block) found.set(batch[j] ?? -1, block);
      });
    }
    return found;
  }

  /** Walks back over the recorded hashes to the newest block still on the chain and retracts everything after it. */
  private async rewind(rpc: RpcConnection, cursor: BlockRef): Promise<BlockRef> {
    let ancestor: BlockRef | null = null;
    const recorded = this.deps.repository.recentBlocks(this.config.id, cursor.number);
    for (const block of recorded) {
      const onChain = await this.header(rpc, block.number, false);
      if (onChain?.hash === block.hash) {
        ancestor = block;
        break;
      }
    }
    if (!ancestor) {
      // Deeper than anything recorded: trust the block below the oldest record, which was final when recorded.
      const below = (recorded.at(-1)?.number ?? cursor.number) - 1;
      const block = await this.header(rpc, Math.max(0, below), false);
      if (!block) throw new Error(`block ${below} is missing`);
      ancestor = { number: Math.max(0, below), hash: block.hash };
      this.deps.log(`on-chain ${this.config.id}: reorg deeper than the recorded blocks; resuming from block ${ancestor.number}`);
    }
    const base = ancestor;
    const now = this.deps.clock.now();
    const retracted = this.deps.repository.transaction(() => {
      const lost = this.deps.repository.retractAbove(this.config.id, base.number, now);
      this.deps.repository.forgetBlocks(this.config.id, base.number, 0);
      this.deps.repository.setCursor(this.config.id, base, now);
      return lost;
    });
    if (retracted.length > 0) {
      this.deps.output.transfers('retracted', retracted);
      this.deps.output.flowsChanged(flowKeysOf(retracted));
    }
    return base;
  }

  private setStatus(state: ChainState, reason: string | null, url?: string): void {
    const rpcUrl = url === undefined ? this.current.rpcUrl : displayUrl(url);
    if (this.current.state === state && this.current.reason === reason && this.current.rpcUrl === rpcUrl) return;
    this.current = { ...this.current, state, reason, rpcUrl, rpcIndex: url === undefined ? this.current.rpcIndex : this.rpcIndex, updatedAt: this.deps.clock.now() };
    this.deps.output.status(this.current);
  }
}

function repositoryCursor(repository: OnchainRepository, chain: string): number | null {
  return repository.cursor(chain)?.number ?? null;
}

/** A JSON-RPC error answer (e.g. "query returned more than 10000 results"), not a dead connection. */
function refusedByProvider(error: unknown): boolean {
  const cause = (error as { cause?: { error?: { code?: unknown } } }).cause;
  return typeof cause?.error?.code === 'number';
}

function nativeMovements(token: TokenConfig, headers: ReadonlyMap<number, RawBlock>): Movement[] {
  const found: Movement[] = [];
  for (const block of headers.values()) {
    for (const tx of block.transactions) {
      if (typeof tx === 'string' || !tx.to || BigInt(tx.value) === 0n) continue;
      found.push({
        token,
        txHash: tx.hash,
        logIndex: -1,
        blockNumber: Number(block.number),
        blockHash: block.hash,
        blockTime: Number(block.timestamp) * 1000,
        from: tx.from.toLowerCase(),
        to: tx.to.toLowerCase(),
        raw: BigInt(tx.value),
      });
    }
  }
  return found;
}
