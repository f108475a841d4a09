/**
 * Resync after a disconnect: a client subscribed to a stream drops, 10,000 events are published while
 * it is away, and it reconnects with its last seq. Measured from the reconnect (socket, hello,
 * subscribe with lastSeq) to the arrival of the last missed event; every run checks that exactly the
 * 10,000 missed events arrive, in order, with no gap and no duplicate.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BACKTEST_PROGRESS_TOPIC } from '../engine/backtest/backtest-jobs';
import { startServe } from '../engine/hosts/serve';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { fmt, median, report } from './stats';

const MISSED = 10_000;
const RUNS = 7;
const TOKEN = 'bench-token-0123456789abcdef';
// A stream nothing else in the engine reacts to; its history holds 20,000 events.
const STREAM = 'backtest.progress';
const TOPIC = `${BACKTEST_PROGRESS_TOPIC}.resync-bench`;

const dir = tempDir('stratus-bench-resync-');
const serve = await startServe({ databasePath: join(dir.path, 'bench.db'), port: 0, token: TOKEN, staticDir: null });
const publish = (n: number): void => {
  for (let i = 0; i < n; i++) serve.engine.bus.publish(TOPIC, { jobId: 'resync-bench', done: i, total: n, phase: 'run' });
};

const times: number[] = [];
const load = loadavg().map((l) => fmt(l, 2)).join(' ');
try {
  for (let run = 0; run < RUNS; run++) {
    const first = await WsTestClient.connect(serve.apiUrl, TOKEN);
    first.subscribe({ [STREAM]: null });
    await first.waitFor((m) => m.type === 'subscribed');
    publish(3);
    await first.waitFor(() => first.events.length === 3);
    const lastSeq = first.events.at(-1)!.seq;
    await first.close();

    publish(MISSED);
    const began = performance.now();
    const second = await WsTestClient.connect(serve.apiUrl, TOKEN);
    second.subscribe({ [STREAM]: lastSeq });
    await second.waitFor(() => (second.events.at(-1)?.seq ?? 0) >= lastSeq + MISSED, 30_000);
    times.push(performance.now() - began);

    const seqs = second.events.map((e) => e.seq);
    const exact = seqs.length === MISSED && seqs.every((seq, i) => seq === lastSeq + 1 + i);
    const gap = second.received.some((m) => m.type === 'gap');
    if (!exact || gap) throw new Error(`run ${run}: ${seqs.length} events (want ${MISSED}), first ${seqs[0]}, last ${seqs.at(-1)}, gap ${gap}`);
    await second.close();
  }
} finally {
  await serve.close();
  dir.remove();
}

report(`Resync after a disconnect with ${fmt(MISSED)} missed events (${RUNS} runs, stratus serve on loopback)`, [
  ['reconnect → last missed event', `median ${fmt(median(times), 1)} ms, worst ${fmt(Math.max(...times), 1)} ms  goal ≤ 1,000 ms  ${median(times) <= 1_000 ? 'MET' : 'NOT MET'}`],
  ['runs (ms)', times.map((t) => fmt(t, 1)).join(', ')],
  ['delivered', `exactly ${fmt(MISSED)} per run, in order, no gap, no duplicate`],
  ['load average before / after', `${load} / ${loadavg().map((l) => fmt(l, 2)).join(' ')}`],
]);
process.exit(0);
