/**
 * WebSocket API round trip on loopback: one `system.ping` call at a time through `stratus serve`'s
 * full path (JSON, rate limiter, zod validation, dispatch). Baseline: a bare `ws` echo server.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { listen } from '../engine/api/http-server';
import { startServe } from '../engine/hosts/serve';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { fmt, median, percentile, report } from './stats';

const RUNS = 5;
const CALLS = 2_000;
const WARMUP = 500;
const TOKEN = 'bench-token-0123456789abcdef';

async function measure(once: () => Promise<unknown>): Promise<{ p50: number; p99: number; all: number[] }> {
  for (let i = 0; i < WARMUP; i++) await once();
  const p50s: number[] = [];
  const p99s: number[] = [];
  const all: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const began = performance.now();
      await once();
      samples.push(performance.now() - began);
    }
    p50s.push(percentile(samples, 50));
    p99s.push(percentile(samples, 99));
    all.push(...samples);
  }
  return { p50: median(p50s), p99: median(p99s), all };
}

const dir = tempDir('stratus-bench-');
// The engine's rate limit protects it from a flooding client; the benchmark is one, by design.
const serve = await startServe({
  databasePath: join(dir.path, 'bench.db'),
  port: 0,
  token: TOKEN,
  staticDir: null,
  rateLimit: { perSecond: 1e6, burst: 1e6 },
});
const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
let engine;
try {
  engine = await measure(() => client.call('system.ping', {}));
} finally {
  await client.close();
  await serve.close();
  dir.remove();
}

const echoServer = createServer();
const wss = new WebSocketServer({ server: echoServer });
wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
const address = await listen(echoServer, '127.0.0.1', 0);
const echo = new WebSocket(`ws://127.0.0.1:${address.port}`);
await new Promise((resolve) => echo.once('open', resolve));
let pending: (() => void) | null = null;
echo.on('message', () => pending?.());
const baseline = await measure(
  () =>
    new Promise<void>((resolve) => {
      pending = resolve;
      echo.send(JSON.stringify({ type: 'call', id: 1, method: 'system.ping', params: {} }));
    }),
);
echo.close();
wss.close();
echoServer.close();

report(`WebSocket API round trip on loopback: ${RUNS} runs × ${fmt(CALLS)} sequential calls (median of per-run percentiles)`, [
  ['system.ping via stratus serve', `p50 ${fmt(engine.p50 * 1000)} µs, p99 ${fmt(engine.p99 * 1000)} µs  goal p99 ≤ 2 ms`],
  ['baseline: bare ws JSON echo', `p50 ${fmt(baseline.p50 * 1000)} µs, p99 ${fmt(baseline.p99 * 1000)} µs`],
  ['engine / baseline at p50', `${fmt(engine.p50 / baseline.p50, 2)}×`],
  ['worst single call', `${fmt(Math.max(...engine.all) * 1000)} µs`],
]);
process.exit(0);
