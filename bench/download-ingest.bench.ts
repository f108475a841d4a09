/**
 * History download ingest: candles per second from the Bybit emulator (its own process, rate limits
 * off) through ccxt, the downloader and SQLite, on a fresh database each run.
 * Baseline: the same pages fetched with plain HTTP and JSON.parse, nothing parsed by ccxt or stored.
 */
import { join } from 'node:path';
import { createEngine } from '../engine/kernel/create-engine';
import { tempDir } from '../engine/testing/temp-dir';
import { startEmulatorProcess } from './processes';
import { fmt, median, report } from './stats';

const RUNS = 5;
const MINUTES = 200_000;
const MINUTE = 60_000;

const { emulator, restUrl } = await startEmulatorProcess(['--history-days', '150', '--speed', '1', '--trades-per-second', '1']);
try {
  const until = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
  const since = until - (MINUTES - 1) * MINUTE;
  // Warm the emulator's lazily generated history once, so every run pays the same.
  await fetchPlain(restUrl, since, until);

  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('stratus-bench-download-');
    const engine = createEngine({
      databasePath: join(dir.path, 'stratus.db'),
      host: 'cli',
      venueEndpoints: { bybit: { restUrl, wsUrl: restUrl.replace('http', 'ws') } },
      venueRateLimit: false,
      resumeWatchlist: false,
    });
    await engine.kernel.start();
    await engine.market.refreshInstruments('bybit');
    const began = performance.now();
    const result = await engine.market.download({ venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m', since, until });
    const seconds = (performance.now() - began) / 1000;
    if (result.stored !== MINUTES) throw new Error(`stored ${result.stored}, expected ${MINUTES}`);
    rates.push(result.stored / seconds);
    await engine.kernel.stop();
    dir.remove();
  }

  const plain: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const began = performance.now();
    const count = await fetchPlain(restUrl, since, until);
    plain.push(count / ((performance.now() - began) / 1000));
  }
  const ours = median(rates);
  const baseline = median(plain);
  report(`download ingest, ${fmt(MINUTES)} 1m candles from the emulator, ${RUNS} runs, limits off`, [
    ['ccxt → downloader → SQLite', `${fmt(ours)} candles/s (median; runs ${rates.map((r) => fmt(r)).join(', ')})`],
    ['baseline: HTTP + JSON.parse', `${fmt(baseline)} candles/s`],
    ['ratio', `${(baseline / ours).toFixed(2)}× the baseline time`],
    ['goal', '≥ 200,000 candles/s'],
  ]);
} finally {
  await emulator.stop();
}

/** Fetches the range page by page with plain HTTP, parsing the JSON and nothing else. */
async function fetchPlain(restUrl: string, since: number, until: number): Promise<number> {
  let count = 0;
  for (let start = since; start <= until; start += 1000 * MINUTE) {
    const end = Math.min(until, start + 999 * MINUTE);
    const response = await fetch(`${restUrl}/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&start=${start}&end=${end}&limit=1000`);
    const body = (await response.json()) as { result: { list: unknown[] } };
    count += body.result.list.length;
  }
  return count;
}
