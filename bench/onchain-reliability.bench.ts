/**
 * Missed and duplicated on-chain events under stress: on one ganache chain, a seeded random sequence of
 * whale transfers, reorgs (evm_snapshot / evm_revert, then new blocks, some while the engine is down) and
 * engine stops and restarts on the same store. At the end the chain's own eth_getLogs is the truth:
 * missed = on the chain but not live in what was published (or stored); duplicated = published as new
 * again while still live; phantom = published, never retracted, but not on the chain.
 */
import { parseUnits } from 'ethers';
import { countDuplicates, localChainSettings, startOnchainEngine } from '../engine/testing/local-chain/onchain-harness';
import { randomAddress, startLocalChain } from '../engine/testing/local-chain/local-chain';
import { tempDir } from '../engine/testing/temp-dir';
import type { TransferEvent } from '../engine/signals/onchain/onchain-types';
import { TRANSFER_TOPIC, type RawLog } from '../engine/signals/onchain/transfer-decoder';
import { fmt, report } from './stats';

const SEEDS = [1, 2, 3];
const STEPS = 40;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const totals = { retracted: 0, transfers: 0, reorgs: 0, restarts: 0, missed: 0, missedInStore: 0, duplicated: 0, phantom: 0 };
for (const seed of SEEDS) {
  const random = rng(seed);
  const chain = await startLocalChain();
  const usdt = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: parseUnits('1000000000000', 6) });
  const address = await usdt.getAddress();
  const first = (await chain.blockNumber()) + 1;
  const dir = tempDir('stratus-bench-reliability-');
  const settings = localChainSettings([random() < 0.5 ? chain.wsUrl : chain.httpUrl], [{ contract: usdt, address, symbol: 'USDT', decimals: 6 }], { startBlock: first, confirmations: 4, pollIntervalMs: 50 });
  const events: TransferEvent[] = [];
  let engine = startOnchainEngine(dir.path, [settings]);
  await engine.start();
  let snapshot: string | null = null;
  const caughtUp = async (): Promise<boolean> => (engine.repository.cursor('local')?.number ?? -1) >= (await chain.blockNumber());

  for (let step = 0; step < STEPS; step++) {
    const roll = random();
    if (roll < 0.55) {
      const n = 1 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) await (await usdt.getFunction('transfer')(randomAddress(), parseUnits(String(1_000_000 + Math.floor(random() * 1e6)), 6))).wait();
      totals.transfers += n;
    } else if (roll < 0.7 && snapshot === null) {
      snapshot = await chain.snapshot();
    } else if (roll < 0.85 && snapshot !== null) {
      await chain.revert(snapshot);
      snapshot = null;
      await chain.mine(1 + Math.floor(random() * 3));
      totals.reorgs++;
    } else {
      events.push(...engine.events.received.map((r) => r.event));
      await engine.stop();
      // Sometimes the chain moves on, or reorgs, while the engine is down.
      if (random() < 0.5) {
        await (await usdt.getFunction('transfer')(randomAddress(), parseUnits('3000000', 6))).wait();
        totals.transfers++;
      }
      engine = startOnchainEngine(dir.path, [settings]);
      await engine.start();
      totals.restarts++;
    }
    if (random() < 0.7) await until(caughtUp);
  }
  await chain.mine(5);
  await until(async () => (await caughtUp()) && engine.repository.transfers({ limit: 1_000_000 }).every((t) => t.status === 'final'));
  events.push(...engine.events.received.map((r) => r.event));

  const logs = (await chain.provider.send('eth_getLogs', [{ fromBlock: `0x${first.toString(16)}`, toBlock: 'latest', address: [address], topics: [TRANSFER_TOPIC] }])) as RawLog[];
  const truth = new Set(logs.filter((l) => BigInt(l.data) >= 1_000_000_000_000n).map((l) => `local:${l.transactionHash}:${Number(l.logIndex)}`));
  const live = new Set<string>();
  for (const e of events) {
    if (e.kind === 'new') live.add(e.transfer.id);
    if (e.kind === 'retracted') live.delete(e.transfer.id);
  }
  const stored = new Set(engine.repository.transfers({ limit: 1_000_000 }).map((t) => t.id));
  totals.missed += [...truth].filter((id) => !live.has(id)).length;
  totals.missedInStore += [...truth].filter((id) => !stored.has(id)).length;
  totals.phantom += [...live].filter((id) => !truth.has(id)).length + [...stored].filter((id) => !truth.has(id)).length;
  totals.duplicated += countDuplicates(events);
  totals.retracted += events.filter((e) => e.kind === 'retracted').length;
  await engine.stop();
  await chain.close();
  dir.remove();
}

report(`On-chain reliability: ${SEEDS.length} seeded runs × ${STEPS} random steps (transfers, reorgs, restarts)`, [
  ['whale transfers sent', fmt(totals.transfers)],
  ['reorgs (snapshot, revert, new blocks)', fmt(totals.reorgs)],
  ['engine stops and restarts', fmt(totals.restarts)],
  ['retractions published', fmt(totals.retracted)],
  ['missed (published / stored)', `${fmt(totals.missed)} / ${fmt(totals.missedInStore)}  goal 0`],
  ['duplicated', `${fmt(totals.duplicated)}  goal 0`],
  ['phantom (live but not on the chain)', `${fmt(totals.phantom)}  goal 0`],
]);
process.exit(0);
