/**
 * Block inclusion → on-chain event: a whale transfer is sent to an in-process ganache chain (mined at once),
 * and the clock stops when the engine publishes it on its bus and when an API client receives it over
 * WebSocket. The watcher follows the chain over a WebSocket subscription (polling is set to 10 s, so it
 * plays no part). The clock starts before the transaction is sent, so the figure is an upper bound.
 */
import { join } from 'node:path';
import { parseUnits } from 'ethers';
import { startServe } from '../engine/hosts/serve';
import { randomAddress, startLocalChain } from '../engine/testing/local-chain/local-chain';
import { localChainSettings } from '../engine/testing/local-chain/onchain-harness';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { fmt, median, percentile, report } from './stats';

const RUNS = 5;
const TRANSFERS = 60;
const TOKEN = 'bench-token-0123456789abcdef';

const chain = await startLocalChain();
const usdt = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: parseUnits('1000000000000', 6) });
const dir = tempDir('stratus-bench-onchain-');
const settings = localChainSettings([chain.wsUrl], [{ contract: usdt, address: await usdt.getAddress(), symbol: 'USDT', decimals: 6 }], {
  startBlock: (await chain.blockNumber()) + 1,
  pollIntervalMs: 10_000,
});
const serve = await startServe({ databasePath: join(dir.path, 'bench.db'), port: 0, token: TOKEN, staticDir: null, onchain: { chains: [settings] } });
const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
client.subscribe({ 'onchain.transfer': null });
await client.waitFor((m) => m.type === 'subscribed');

const onBus = new Map<string, number>();
serve.engine.bus.subscribe<{ kind: string; transfer: { txHash: string } }>('onchain.transfer.new.>', (event) => onBus.set(event.transfer.txHash, performance.now()));
const onSocket = new Map<string, number>();
client.socket.on('message', (data) => {
  const message = JSON.parse(data.toString()) as { type: string; stream?: string; payload?: { kind: string; transfer: { txHash: string } } };
  if (message.type === 'event' && message.payload?.kind === 'new') onSocket.set(message.payload.transfer.txHash, performance.now());
});
await new Promise((resolve) => setTimeout(resolve, 500));

const send = usdt.getFunction('transfer');
const busP50: number[] = [];
const busP99: number[] = [];
const wsP99: number[] = [];
let worst = 0;
for (let run = 0; run < RUNS; run++) {
  const bus: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < TRANSFERS; i++) {
    const began = performance.now();
    const tx = await send(randomAddress(), parseUnits('2000000', 6));
    const deadline = Date.now() + 5_000;
    while (!onSocket.has(tx.hash)) {
      if (Date.now() > deadline) throw new Error(`transfer ${tx.hash} never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    bus.push((onBus.get(tx.hash) ?? Number.NaN) - began);
    ws.push((onSocket.get(tx.hash) ?? Number.NaN) - began);
    // Blocks arrive at irregular moments on a real chain; so do they here.
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
  }
  busP50.push(percentile(bus, 50));
  busP99.push(percentile(bus, 99));
  wsP99.push(percentile(ws, 99));
  worst = Math.max(worst, ...ws);
}

await client.close();
await serve.close();
await chain.close();
dir.remove();

report(`Block inclusion → whale event, ganache over WebSocket: ${RUNS} runs × ${TRANSFERS} transfers (median of per-run percentiles)`, [
  ['send → engine bus', `p50 ${fmt(median(busP50), 1)} ms, p99 ${fmt(median(busP99), 1)} ms  goal p99 ≤ 300 ms`],
  ['send → API client over WebSocket', `p99 ${fmt(median(wsP99), 1)} ms`],
  ['worst single transfer', `${fmt(worst, 1)} ms`],
]);
process.exit(0);
