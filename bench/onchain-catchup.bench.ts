/**
 * Catch-up rate: the chain holds BLOCKS blocks of 1,000 whale transfers each; a watcher with an empty
 * store starts from the first of them and the clock stops when it has published the last one (decoded,
 * valued, labelled, stored with its cursor in one transaction, and put on the bus). Baseline: the same
 * eth_getLogs range fetched and decoded with nothing else done.
 */
import { writeFileSync } from 'node:fs';
import { parseUnits } from 'ethers';
import { TRANSFER_TOPIC, type RawLog } from '../engine/signals/onchain/transfer-decoder';
import { randomAddress, startLocalChain } from '../engine/testing/local-chain/local-chain';
import { localChainSettings, startOnchainEngine } from '../engine/testing/local-chain/onchain-harness';
import { tempDir } from '../engine/testing/temp-dir';
import { fmt, median, report } from './stats';

const RUNS = 5;
const BLOCKS = 8;
const PER_BLOCK = 1_000;
const TOTAL = BLOCKS * PER_BLOCK;

const chain = await startLocalChain();
const usdt = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: parseUnits('1000000000000', 6) });
const address = await usdt.getAddress();
const recipients = Array.from({ length: 50 }, () => randomAddress());
// A tenth of the transfers go to a labelled exchange, so flows are computed too.
const exchange = recipients[0] ?? '';
const first = (await chain.blockNumber()) + 1;
const batch = usdt.getFunction('batchTransfer');
const made = performance.now();
for (let b = 0; b < BLOCKS; b++) {
  const to = Array.from({ length: PER_BLOCK }, (_, i) => (i % 10 === 0 ? exchange : (recipients[i % recipients.length] ?? '')));
  await (await batch(to, to.map(() => parseUnits('1500000', 6)), { gasLimit: 150_000_000 })).wait();
}
console.log(`chain prepared: ${fmt(TOTAL)} transfers in ${BLOCKS} blocks (${fmt((performance.now() - made) / 1000, 1)} s)`);
const last = await chain.blockNumber();

const rates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const dir = tempDir('stratus-bench-catchup-');
  const labels = `${dir.path}/labels.json`;
  writeFileSync(labels, JSON.stringify({ labels: [{ address: exchange, chain: 'local', name: 'Exchange', entity: 'Exchange', kind: 'exchange', source: 'bench' }] }));
  const engine = startOnchainEngine(dir.path, [localChainSettings([chain.httpUrl], [{ contract: usdt, address, symbol: 'USDT', decimals: 6 }], { startBlock: first, pollIntervalMs: 10_000, maxBlockRange: 2_000 })], { labelsFile: labels });
  const began = performance.now();
  await engine.start();
  while (engine.events.received.length < TOTAL) await new Promise((resolve) => setTimeout(resolve, 2));
  const seconds = (performance.now() - began) / 1000;
  rates.push(TOTAL / seconds);
  if (engine.events.duplicates() !== 0 || engine.repository.countTransfers('local') !== TOTAL) throw new Error('catch-up stored a wrong count');
  await engine.stop();
  dir.remove();
}

const baseline: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const began = performance.now();
  const logs = (await chain.provider.send('eth_getLogs', [{ fromBlock: `0x${first.toString(16)}`, toBlock: `0x${last.toString(16)}`, address: [address], topics: [TRANSFER_TOPIC] }])) as RawLog[];
  let sum = 0n;
  for (const log of logs) sum += BigInt(log.data);
  if (logs.length !== TOTAL || sum === 0n) throw new Error('baseline read a wrong count');
  baseline.push(TOTAL / ((performance.now() - began) / 1000));
}
await chain.close();

report(`Catch-up from eth_getLogs on ganache over HTTP: ${RUNS} runs × ${fmt(TOTAL)} transfers (medians)`, [
  ['watcher: fetch, decode, value, label, store, publish', `${fmt(median(rates))} transfers/s  goal ≥ 5,000/s`],
  ['baseline: eth_getLogs and decode only', `${fmt(median(baseline))} transfers/s`],
  ['watcher / baseline', `${fmt(median(rates) / median(baseline), 2)}×`],
]);
process.exit(0);
