import { join } from 'node:path';
import type { Contract } from 'ethers';
import { LiveClock } from '../../core/clock';
import { MessageBus } from '../../core/message-bus';
import { OnchainService } from '../../signals/onchain/onchain-service';
import type { ChainSettings } from '../../signals/onchain/onchain-config';
import type { TransferEvent } from '../../signals/onchain/onchain-types';
import { PriceBook } from '../../signals/onchain/price-book';
import { openDatabase, type Db } from '../../store/database';
import { LatestCloseRepository } from '../../store/repositories/latest-close-repository';
import { OnchainRepository } from '../../store/repositories/onchain-repository';
import { SettingsRepository } from '../../store/repositories/settings-repository';
import { LOCAL_CHAIN_ID } from './local-chain';

export type HarnessEvents = {
  readonly received: { topic: string; event: TransferEvent; at: number }[];
  /** Ids published as new, counting repeats: a live id published twice without a retraction between is a duplicate. */
  duplicates(): number;
};

/** Settings for a local chain with the given deployed tokens, as a trader would write them. */
export function localChainSettings(
  rpcUrls: string[],
  tokens: { contract: Contract; address: string; symbol: string; decimals: number; stablecoin?: boolean; thresholdUsd?: number }[],
  overrides: Partial<ChainSettings> = {},
): ChainSettings {
  return {
    id: 'local',
    name: 'Local chain',
    chainId: LOCAL_CHAIN_ID,
    rpcUrls,
    confirmations: 3,
    explorer: 'https://explorer.invalid',
    tokens: tokens.map((t) => ({ symbol: t.symbol, address: t.address, decimals: t.decimals, stablecoin: t.stablecoin ?? true, thresholdUsd: t.thresholdUsd ?? 1_000_000 })),
    native: false,
    maxBlockRange: 1_000,
    pollIntervalMs: 100,
    startBlock: 0,
    ...overrides,
  };
}

/** An OnchainService on a real SQLite file with a bus that records every transfer event. */
export function startOnchainEngine(dir: string, chains: ChainSettings[], options: { labelsFile?: string; primaryRetryMs?: number } = {}) {
  const db: Db = openDatabase({ path: join(dir, 'stratus.db') });
  const clock = new LiveClock();
  const bus = new MessageBus();
  const repository = new OnchainRepository(db);
  const settings = new SettingsRepository(db);
  const service = new OnchainService({
    repository,
    settings,
    prices: new PriceBook(new LatestCloseRepository(db), () => clock.now()),
    bus,
    clock,
    log: () => undefined,
    initialSettings: { chains, labelsFile: options.labelsFile },
    watcher: { rpcTimeoutMs: 2_000, backoffMs: { first: 50, max: 500 }, primaryRetryMs: options.primaryRetryMs },
  });
  const received: HarnessEvents['received'] = [];
  bus.subscribe<TransferEvent>('onchain.transfer.>', (event, topic) => received.push({ topic, event, at: performance.now() }));
  const events: HarnessEvents = {
    received,
    duplicates: () => countDuplicates(received.map((r) => r.event)),
  };
  return {
    db,
    bus,
    repository,
    service,
    events,
    start: () => service.start(),
    stop: async () => {
      await service.stop();
      db.close();
    },
  };
}

/** Publishing an id as new again while it is still live (no retraction in between) is a duplicate. */
export function countDuplicates(events: readonly TransferEvent[]): number {
  const live = new Set<string>();
  let duplicates = 0;
  for (const { kind, transfer } of events) {
    if (kind === 'new') {
      if (live.has(transfer.id)) duplicates++;
      live.add(transfer.id);
    } else if (kind === 'retracted') live.delete(transfer.id);
  }
  return duplicates;
}
