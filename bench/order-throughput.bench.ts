/**
 * Sustained order flow through BybitExecutionClient against the Bybit emulator (its own process): orders
 * are sent on a fixed schedule (open loop, 1,000 a minute by default) — market buys and sells that fill
 * at once, and resting limit and post-only orders cancelled once accepted — for a minute per run. Reports
 * the achieved rate, submit latency (call → venue acceptance answered) median and p99, and checks the
 * venue's own records: every order exactly once (none lost, none duplicated), every execution seen.
 *
 * STRATUS_BENCH_SECONDS (default 60), STRATUS_BENCH_RUNS (default 3), STRATUS_BENCH_RATE (orders a minute).
 */
import { BybitExecutionClient } from '../engine/adapters/bybit/bybit-execution-client';
import { loadCcxt } from '../engine/adapters/ccxt/load-ccxt';
import { bybitUrls } from '../engine/adapters/bybit/bybit-endpoint';
import { VENUES } from '../engine/adapters/venue-table';
import type { OrderRequest } from '../engine/model/order';
import { startEmulatorProcess } from './processes';
import { fmt, median, percentile, report } from './stats';

const SECONDS = Number(process.env.STRATUS_BENCH_SECONDS ?? 60);
const RUNS = Number(process.env.STRATUS_BENCH_RUNS ?? 3);
const PER_MINUTE = Number(process.env.STRATUS_BENCH_RATE ?? 1_000);
const KEY = 'bench-key';
const SECRET = 'bench-secret';
const SYMBOL = 'BTC/USDT:USDT';

type RunResult = { sent: number; accepted: number; errors: number; perMinute: number; latencies: number[]; cancelLatencies: number[]; lost: number; duplicated: number; streamFills: number; venueFills: number };

const { emulator, restUrl } = await startEmulatorProcess(['--history-days', '1', '--trades-per-second', '10', '--api-key', KEY, '--api-secret', SECRET, '--usdt-balance', '10000000']);
const endpoint = { restUrl, wsUrl: restUrl.replace(/^http/, 'ws') };
const ccxt = await loadCcxt();
const verifier = new ccxt.bybit({ ...VENUES.bybit.ccxtConfig, apiKey: KEY, secret: SECRET, enableRateLimit: false, urls: bybitUrls(endpoint) });

try {
  const results: RunResult[] = [];
  for (let run = 0; run < RUNS; run++) {
    results.push(await runOnce(run));
    const r = results.at(-1)!;
    console.log(
      `run ${run + 1}: ${fmt(r.perMinute)} orders/min, submit median ${fmt(median(r.latencies), 2)} ms, p99 ${fmt(percentile(r.latencies, 99), 2)} ms, ` +
        `${r.errors} errors, ${r.lost} lost, ${r.duplicated} duplicated, fills ${r.streamFills} streamed / ${r.venueFills} at the venue`,
    );
  }
  const all = results.flatMap((r) => r.latencies);
  report(`order throughput through BybitExecutionClient → emulator (${RUNS} runs × ${SECONDS} s at ${PER_MINUTE}/min scheduled)`, [
    ['achieved rate, median of runs', `${fmt(median(results.map((r) => r.perMinute)))} orders/min`],
    ['submit latency median (median of runs)', `${fmt(median(results.map((r) => median(r.latencies))), 2)} ms`],
    ['submit latency p99 (median of runs)', `${fmt(median(results.map((r) => percentile(r.latencies, 99))), 2)} ms`],
    ['submit latency p99, all runs pooled', `${fmt(percentile(all, 99), 2)} ms`],
    ['cancel latency median', `${fmt(median(results.flatMap((r) => r.cancelLatencies)), 2)} ms`],
    ['orders sent / accepted', `${fmt(results.reduce((n, r) => n + r.sent, 0))} / ${fmt(results.reduce((n, r) => n + r.accepted, 0))}`],
    ['lost / duplicated (venue records)', `${results.reduce((n, r) => n + r.lost, 0)} / ${results.reduce((n, r) => n + r.duplicated, 0)}`],
    ['executions streamed / at the venue', `${results.reduce((n, r) => n + r.streamFills, 0)} / ${results.reduce((n, r) => n + r.venueFills, 0)}`],
  ]);
} finally {
  await emulator.stop();
}

async function runOnce(run: number): Promise<RunResult> {
  const client = await BybitExecutionClient.create({ credentials: { apiKey: KEY, secret: SECRET }, endpoint, rateLimit: false, timeoutMs: 5_000 });
  const streamFills = new Set<string>();
  client.subscribe({ onFill: (fill) => streamFills.add(fill.id) });
  const startedAt = Date.now();
  // Warm up: markets loaded, the connection open, the stream subscribed.
  await client.fetchOpenOrders(SYMBOL);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const total = Math.round((PER_MINUTE * SECONDS) / 60);
  const intervalMs = 60_000 / PER_MINUTE;
  const latencies: number[] = [];
  const cancelLatencies: number[] = [];
  const ids: string[] = [];
  let accepted = 0;
  let errors = 0;
  let lastDone = 0;
  const pending: Promise<void>[] = [];
  const first = performance.now();
  for (let i = 0; i < total; i++) {
    const due = first + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = requestFor(run, i);
    ids.push(request.clientOrderId);
    pending.push(
      (async () => {
        const began = performance.now();
        try {
          const order = await client.submit(request);
          latencies.push(performance.now() - began);
          accepted += 1;
          if (request.type === 'limit' && order.status === 'open') {
            const cancelStarted = performance.now();
            await client.cancel(SYMBOL, request.clientOrderId);
            cancelLatencies.push(performance.now() - cancelStarted);
          }
        } catch (error) {
          errors += 1;
          console.error(`${request.clientOrderId}: ${error instanceof Error ? error.message : String(error)}`);
        }
        lastDone = performance.now();
      })(),
    );
  }
  await Promise.all(pending);
  const elapsedMinutes = (lastDone - first) / 60_000;
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // The venue's records: every order of this run, open or closed, and every execution.
  const counts = new Map<string, number>();
  for (const path of ['privateGetV5OrderHistory', 'privateGetV5OrderRealtime'] as const) {
    let cursor: string | undefined;
    do {
      const response = (await verifier[path]({ category: 'linear', symbol: 'BTCUSDT', limit: 50, ...(cursor ? { cursor } : {}) })) as { result: { list: { orderLinkId: string }[]; nextPageCursor: string } };
      for (const order of response.result.list) counts.set(order.orderLinkId, (counts.get(order.orderLinkId) ?? 0) + 1);
      cursor = response.result.nextPageCursor || undefined;
    } while (cursor);
  }
  const runFills = (await client.fetchFills(startedAt, SYMBOL)).filter((f) => f.clientOrderId.startsWith(`bench-${run}-`));
  await client.close();
  return {
    sent: total,
    accepted,
    errors,
    perMinute: accepted / elapsedMinutes,
    latencies,
    cancelLatencies,
    lost: ids.filter((id) => (counts.get(id) ?? 0) === 0).length,
    duplicated: ids.filter((id) => (counts.get(id) ?? 0) > 1).length,
    streamFills: runFills.filter((f) => streamFills.has(f.id)).length,
    venueFills: runFills.length,
  };
}

/** Market buys and sells of 0.001 BTC (net flat), a resting limit buy and a post-only sell, in turn. */
function requestFor(run: number, i: number): OrderRequest {
  const base = { clientOrderId: `bench-${run}-${i}-${process.pid}`, venue: 'bybit', symbol: SYMBOL, quantity: 1n, reduceOnly: false, createdAt: Date.now() } as const;
  switch (i % 4) {
    case 0:
      return { ...base, side: 'buy', type: 'market', timeInForce: 'GTC' };
    case 1:
      return { ...base, side: 'sell', type: 'market', timeInForce: 'GTC' };
    case 2:
      return { ...base, side: 'buy', type: 'limit', price: 300_000n, timeInForce: 'GTC' };
    default:
      return { ...base, side: 'sell', type: 'limit', price: 3_000_000n, timeInForce: 'post-only' };
  }
}
