/**
 * Memory of `stratus serve` over a long replay: the Bybit emulator replays the real Binance 1m file
 * (or, without the shared data, a random walk) at 1,000 trade messages a second into a watched
 * series, with a client connected. The engine's event history fills its rings during the run (the
 * candle stream keeps 20,000 events), so part of any growth is that, not a leak. Memory is sampled every 15 s; growth compares the lowest heap of
 * the first and last minutes after a warm-up (the lowest, so a GC cycle in progress does not count).
 * Length: STRATUS_BENCH_MINUTES (default 10).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../engine/api/protocol';
import { tempDir } from '../engine/testing/temp-dir';
import { startEmulatorProcess, startProcess } from './processes';
import { SHARED_DATA, fmt, report } from './stats';

const TOKEN = 'bench-token-0123456789abcdef';
const MINUTES = Number(process.env.STRATUS_BENCH_MINUTES ?? 10);
const WARMUP_MS = 60_000;
const SAMPLE_MS = 15_000;

const replayFile = fileURLToPath(new URL('candles/binance_BTCUSDT_1m_2025-05-20_2025-08-18.csv', SHARED_DATA));
const replay = existsSync(replayFile) ? ['--replay', replayFile, '--replay-symbol', 'BTCUSDT'] : [];
// One market minute per wall second, 1,000 trades per market minute: 1,000 trades/s, about one per message.
// Klines, tickers and books are pushed once a second, Bybit's own cadence for klines.
const { emulator, restUrl } = await startEmulatorProcess([...replay, '--speed', '60', '--trades-per-second', '1000', '--step-ms', '1', '--snapshot-ms', '1000', '--history-days', '1']);
const dir = tempDir('stratus-bench-memory-');
const { process: serve, match: apiUrl } = await startProcess(
  ['bin/stratus.js', 'serve', '--db', `${dir.path}/stratus.db`, '--port', '0', '--token', TOKEN, '--venue-endpoint', `bybit=${restUrl}`],
  /API (ws:\/\/\S+)/,
);
try {
  const socket = new WebSocket(apiUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  let events = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: number; result?: unknown };
    if (message.type === 'event') events += 1;
    if (message.type === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  socket.send(JSON.stringify({ type: 'hello', token: TOKEN, protocol: PROTOCOL_VERSION }));
  socket.send(JSON.stringify({ type: 'subscribe', streams: { 'data.trades': null, 'data.candle': null, 'data.book': null, 'data.ticker': null } }));
  await call('data.watch', { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' });

  const samples: { at: number; rss: number; heapUsed: number }[] = [];
  const began = Date.now();
  while (Date.now() - began < WARMUP_MS + MINUTES * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const memory = (await call('system.memory', {})) as { rss: number; heapUsed: number };
    samples.push({ at: Date.now() - began, rss: memory.rss, heapUsed: memory.heapUsed });
  }
  socket.close();

  const measured = samples.filter((s) => s.at > WARMUP_MS);
  const firstMinute = measured.filter((s) => s.at <= WARMUP_MS + 60_000);
  const lastMinute = measured.filter((s) => s.at > WARMUP_MS + (MINUTES - 1) * 60_000);
  const low = (list: typeof samples, key: 'rss' | 'heapUsed') => Math.min(...list.map((s) => s[key]));
  const growth = (key: 'rss' | 'heapUsed') => ((low(lastMinute, key) - low(firstMinute, key)) / low(firstMinute, key)) * 100;
  const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MB`;
  report(`stratus serve memory over ${MINUTES} min of replay at 1,000 trades/s (${replay.length > 0 ? 'Binance 1m file' : 'random walk'}), after ${WARMUP_MS / 1000} s warm-up`, [
    ['heap used, first → last minute (lowest)', `${mb(low(firstMinute, 'heapUsed'))} → ${mb(low(lastMinute, 'heapUsed'))}`],
    ['heap growth', `${fmt(growth('heapUsed'), 1)} %  (goal < 5 %)`],
    ['resident, first → last minute (lowest)', `${mb(low(firstMinute, 'rss'))} → ${mb(low(lastMinute, 'rss'))}`],
    ['resident growth', `${fmt(growth('rss'), 1)} %`],
    ['events received by the client', `${fmt(events)} (${fmt(events / ((Date.now() - began) / 1000))}/s)`],
    ['samples (s: heap MB)', measured.map((s) => `${Math.round(s.at / 1000)}:${fmt(s.heapUsed / 2 ** 20, 0)}`).join(' ')],
  ]);
} finally {
  await serve.stop();
  await emulator.stop();
  dir.remove();
}
