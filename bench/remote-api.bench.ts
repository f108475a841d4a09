/**
 * Remote API on loopback: a real `stratus serve` process and N concurrent clients calling `auth.whoami`,
 * over plain ws and over wss with the generated certificate. Two measures per transport:
 * - at twice the goal rate: 4,000 calls/s offered, spread evenly over the clients (open loop): the
 *   rate served and the p99 latency from send to answer (the goal: ≥ 2,000 req/s with p99 ≤ 10 ms);
 * - at saturation: every client calls back to back (one call in flight each): the most it serves.
 *   Each connection may send 500 messages/s (the engine's flood limit), so saturation uses 32 clients.
 * Medians of several runs.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ClientOptions } from 'ws';
import { CERTIFICATE_FILE } from '../engine/hosts/serve-certificate';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { startProcess } from './processes';
import { fmt, median, percentile, report } from './stats';

const CLIENTS = Number(process.env.CLIENTS ?? 32);
const GOAL_RATE = 2_000;
/** Offered at twice the goal, so that meeting it is not a matter of rounding. */
const OFFERED_RATE = 2 * GOAL_RATE;
const RUNS = 5;
const RUN_MS = 2_000;
const WARMUP_MS = 1_000;
const TOKEN = 'bench-token-0123456789abcdef';

type Run = { readonly perSecond: number; readonly p50: number; readonly p99: number; readonly errors: number };

/** Every client calls back to back for `ms`; returns the calls completed per second and their latencies. */
async function drive(clients: readonly WsTestClient[], ms: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + ms;
  const began = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < until) {
        const start = performance.now();
        try {
          await client.call('auth.whoami', {});
          latencies.push(performance.now() - start);
        } catch {
          errors++;
        }
        // The client keeps every message for assertions; a benchmark has no use for them.
        client.received.length = 0;
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** Offers `rate` calls per second for `ms`, round-robin over the clients, whatever the answers' pace. */
async function offer(clients: readonly WsTestClient[], rate: number, ms: number): Promise<Run> {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let sent = 0;
  const began = performance.now();
  while (performance.now() - began < ms) {
    const due = Math.floor(((performance.now() - began) / 1000) * rate);
    for (; sent < due; sent++) {
      const client = clients[sent % clients.length]!;
      const start = performance.now();
      inflight.push(
        client.call('auth.whoami', {}).then(
          () => void latencies.push(performance.now() - start),
          () => void errors++,
        ),
      );
      if (sent % clients.length === 0) for (const c of clients) c.received.length = 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - began) / 1000;
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

async function measure(tls: boolean): Promise<{ goal: Run[]; saturation: Run[] }> {
  const dir = tempDir('stratus-bench-remote-');
  const db = join(dir.path, 'stratus.db');
  const { process: serve, match: apiUrl } = await startProcess(
    ['bin/stratus.js', 'serve', '--db', db, '--port', '0', '--token', TOKEN, '--pair-role', 'none', ...(tls ? ['--tls'] : [])],
    /API (wss?:\/\/\S+)/,
  );
  const options: ClientOptions | undefined = tls ? { ca: readFileSync(join(dir.path, CERTIFICATE_FILE), 'utf8') } : undefined;
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => WsTestClient.connect(apiUrl, TOKEN, options)));
  try {
    await drive(clients, WARMUP_MS);
    const goal: Run[] = [];
    const saturation: Run[] = [];
    for (let run = 0; run < RUNS; run++) {
      goal.push(await offer(clients, OFFERED_RATE, RUN_MS));
      saturation.push(await drive(clients, RUN_MS));
    }
    return { goal, saturation };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await serve.stop();
    dir.remove();
  }
}

const load = loadavg().map((l) => fmt(l, 2)).join(' ');
const rows: [string, string][] = [];
const summary = (runs: readonly Run[], refusals = 'errors'): string =>
  `${fmt(median(runs.map((r) => r.perSecond)))} req/s answered, p50 ${fmt(median(runs.map((r) => r.p50)), 2)} ms, p99 ${fmt(median(runs.map((r) => r.p99)), 2)} ms, ${runs.reduce((n, r) => n + r.errors, 0)} ${refusals}`;
for (const tls of [false, true]) {
  const { goal, saturation } = await measure(tls);
  const met = median(goal.map((r) => r.perSecond)) >= GOAL_RATE && median(goal.map((r) => r.p99)) <= 10;
  const name = tls ? 'wss (TLS, generated certificate)' : 'ws (plain, loopback)';
  rows.push([`${name} at ${fmt(OFFERED_RATE)}/s offered`, `${summary(goal)}  goal ≥ 2,000 req/s with p99 ≤ 10 ms  ${met ? 'MET' : 'NOT MET'}`]);
  rows.push(['  p99 per run (ms)', goal.map((r) => fmt(r.p99, 2)).join(', ')]);
  rows.push([`${name} back to back`, `${summary(saturation, 'refused by the flood limit')}  (each connection may send 500/s after a burst of 1,000)`]);
  rows.push(['  req/s per run', saturation.map((r) => fmt(r.perSecond)).join(', ')]);
}
rows.push(['load average before (1/5/15 min)', load]);
rows.push(['load average after', loadavg().map((l) => fmt(l, 2)).join(' ')]);
report(`Remote API on loopback: stratus serve process, ${CLIENTS} clients calling auth.whoami, ${RUNS} runs × ${RUN_MS / 1000} s (medians)`, rows);
process.exit(0);
