/**
 * Trade arrival at the engine → event at a connected client, at 1,000 trades/s: the Bybit emulator
 * (own process) streams 1,000 trades a second, `stratus serve` (own process) watches BTC/USDT:USDT,
 * and a WebSocket client here measures, for every trade, receipt time − the engine's arrival stamp.
 * Also shown: venue trade time → client (the whole path), and the venue leg alone as the baseline
 * (a bare WebSocket subscribed to the emulator's publicTrade topic).
 */
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../engine/api/protocol';
import { startEmulatorProcess, startProcess } from './processes';
import { fmt, percentile, report } from './stats';

const TOKEN = 'bench-token-0123456789abcdef';
const WARMUP_MS = 5_000;
const MEASURE_MS = 20_000;

const { emulator, restUrl } = await startEmulatorProcess(['--history-days', '1', '--trades-per-second', '1000', '--step-ms', '1', '--speed', '1']);
const { tempDir } = await import('../engine/testing/temp-dir');
const dir = tempDir('stratus-bench-latency-');
const { process: serve, match: apiUrl } = await startProcess(
  ['bin/stratus.js', 'serve', '--db', `${dir.path}/stratus.db`, '--port', '0', '--token', TOKEN, '--venue-endpoint', `bybit=${restUrl}`],
  /API (ws:\/\/\S+)/,
);
try {
  const engineLeg: number[] = [];
  const wholePath: number[] = [];
  let trades = 0;
  let measuring = false;
  const socket = new WebSocket(apiUrl);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'hello', token: TOKEN, protocol: PROTOCOL_VERSION }));
  socket.on('message', (data) => {
    const now = Date.now();
    const message = JSON.parse(String(data)) as { type: string; stream?: string; payload?: { receivedAt: number; trades: { time: number }[] } };
    if (message.type !== 'event' || message.stream !== 'data.trades' || !measuring) return;
    for (const trade of message.payload!.trades) {
      engineLeg.push(now - message.payload!.receivedAt);
      wholePath.push(now - trade.time);
      trades += 1;
    }
  });
  socket.send(JSON.stringify({ type: 'subscribe', streams: { 'data.trades': null, 'data.candle': null } }));
  socket.send(JSON.stringify({ type: 'call', id: 1, method: 'data.watch', params: { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } }));
  await sleep(WARMUP_MS);
  measuring = true;
  await sleep(MEASURE_MS);
  measuring = false;
  socket.close();

  const venueLeg = await measureVenueLeg(restUrl);
  report(`trade → client event at 1,000 trades/s, ${fmt(trades)} trades over ${MEASURE_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up`, [
    ['engine arrival → client, p50', `${fmt(percentile(engineLeg, 50), 1)} ms`],
    ['engine arrival → client, p99', `${fmt(percentile(engineLeg, 99), 1)} ms  (goal ≤ 20 ms)`],
    ['venue trade time → client, p50 / p99', `${fmt(percentile(wholePath, 50), 1)} / ${fmt(percentile(wholePath, 99), 1)} ms`],
    ['baseline: venue → bare socket, p50 / p99', `${fmt(percentile(venueLeg, 50), 1)} / ${fmt(percentile(venueLeg, 99), 1)} ms`],
    ['trades received per second', fmt(trades / (MEASURE_MS / 1000))],
  ]);
} finally {
  await serve.stop();
  await emulator.stop();
  dir.remove();
}

async function measureVenueLeg(restUrl: string): Promise<number[]> {
  const latencies: number[] = [];
  const socket = new WebSocket(`${restUrl.replace('http', 'ws')}/v5/public/linear`);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (data) => {
    const now = Date.now();
    const message = JSON.parse(String(data)) as { topic?: string; data?: { T: number }[] };
    if (message.topic?.startsWith('publicTrade.')) for (const trade of message.data!) latencies.push(now - trade.T);
  });
  socket.send(JSON.stringify({ op: 'subscribe', req_id: 1, args: ['publicTrade.BTCUSDT'] }));
  await sleep(5_000);
  socket.close();
  return latencies;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
