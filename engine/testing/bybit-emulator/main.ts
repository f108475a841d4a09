import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCandleCsv } from '../../data/csv-candles';
import { BybitEmulator } from './bybit-emulator';

/**
 * Runs the local Bybit v5 emulator as a process: `npm run emulator -- --port 9000 --speed 1`.
 * Point the engine at it with `stratus serve --venue-endpoint bybit=http://127.0.0.1:9000`.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    speed: { type: 'string', default: '1' },
    'trades-per-second': { type: 'string', default: '10' },
    'history-days': { type: 'string', default: '7' },
    replay: { type: 'string' },
    'replay-symbol': { type: 'string', default: 'BTCUSDT' },
    instruments: { type: 'string' },
    'step-ms': { type: 'string', default: '10' },
    'snapshot-ms': { type: 'string', default: '100' },
    // The one account of the private side: its API key, secret and USDT wallet.
    'api-key': { type: 'string' },
    'api-secret': { type: 'string' },
    'usdt-balance': { type: 'string', default: '10000' },
  },
});

const speed = Number(values.speed);
const replays = values.replay ? [{ category: 'linear' as const, symbol: values['replay-symbol']!, candles: readReplay(values.replay) }] : [];
const emulator = await BybitEmulator.start({
  port: Number(values.port),
  historyMinutes: Number(values['history-days']) * 1440,
  tradesPerMinute: Number(values['trades-per-second']) * 60 / Math.max(speed, 1e-9),
  instrumentsFile: values.instruments,
  snapshotIntervalMs: Number(values['snapshot-ms']),
  now: replays[0] ? replays[0].candles[0]!.openTime : undefined,
  replays,
  apiKeys: values['api-key'] && values['api-secret'] ? { [values['api-key']]: values['api-secret'] } : {},
  balances: { USDT: Number(values['usdt-balance']) },
});
emulator.startClock({ speed, stepMs: Number(values['step-ms']) });
console.log(`Bybit v5 emulator on ${emulator.restUrl} (WebSocket ${emulator.wsUrl}/v5/public/{spot,linear} and /v5/private), market at ${speed}× speed`);

const stop = (): void => {
  void emulator.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

function readReplay(path: string) {
  const parsed = parseCandleCsv(readFileSync(path, 'utf8'));
  if (parsed.problems.length > 0) throw new Error(`${path}: ${parsed.problems.length} bad rows, first on line ${parsed.problems[0]!.line}`);
  return parsed.candles;
}
