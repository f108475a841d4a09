/**
 * Headline arrival → aggregated sentiment event: the time from handing a received headline to the sentiment
 * service (what every source does on arrival) to the aggregate it moved being published on the bus, through
 * storage, symbol and event detection, the model in its worker, and aggregation. 400 headlines arrive 10 ms
 * apart per run; p50 / p99 of each run, median of the runs.
 */
import { join } from 'node:path';
import { createEngine } from '../engine/kernel/create-engine';
import type { SentimentAggregate } from '../engine/model/sentiment';
import { buildSentimentWorker } from '../engine/testing/bundle-worker';
import { tempDir } from '../engine/testing/temp-dir';
import { fmt, median, percentile, report } from './stats';

const RUNS = 5;
const HEADLINES = 400;
const workerPath = await buildSentimentWorker();
const subjects = ['Bitcoin', 'Ethereum', 'Solana', '$XRP', 'Dogecoin', 'Cardano'];
const verbs = ['surges after ETF inflows', 'slides as exchange is hacked', 'steady ahead of Fed decision', 'partners with payments giant', 'upgrade delayed again'];

const p50s: number[] = [];
const p99s: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const dir = tempDir('stratus-bench-sentiment-');
  const engine = createEngine({ databasePath: join(dir.path, 'bench.db'), host: 'cli', sentiment: { workerPath, secrets: () => undefined } });
  await engine.kernel.start();
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const off = engine.bus.subscribe<SentimentAggregate>('sentiment.aggregate.>', (aggregate) => {
    const key = `${aggregate.at}`;
    const started = sent.get(key);
    if (started === undefined) return;
    sent.delete(key);
    latencies.push(performance.now() - started);
    if (latencies.length === HEADLINES) done();
  });
  // Warm the model so the first headline does not measure the model load.
  await engine.sentiment.ingest([{ sourceId: 'warm', kind: 'news', externalId: 'w', title: 'warm up', publishedAt: null, receivedAt: 1 }])[0];
  for (let i = 0; i < HEADLINES; i++) {
    const receivedAt = Date.now() * 1000 + i; // unique per headline, so each aggregate maps back to it
    sent.set(String(receivedAt), performance.now());
    const title = `${subjects[i % subjects.length]} ${verbs[i % verbs.length]} (${run}-${i})`;
    void engine.sentiment.ingest([{ sourceId: 'bench', kind: 'news', externalId: `${run}-${i}`, title, publishedAt: null, receivedAt }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await finished;
  off();
  await engine.kernel.stop();
  dir.remove();
  p50s.push(percentile(latencies, 50));
  p99s.push(percentile(latencies, 99));
}
report('headline arrival → aggregated sentiment event (goal p99 ≤ 50 ms)', [
  ['p50', `${fmt(median(p50s), 2)} ms`],
  ['p99', `${fmt(median(p99s), 2)} ms`],
  ['p99 per run', p99s.map((v) => `${fmt(v, 1)}`).join(', ')],
]);
