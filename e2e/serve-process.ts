/** Starts the real `stratus serve` for end-to-end tests and benchmarks. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candlesToCsv, generateCandles } from '../engine/testing/candles';
import { WsTestClient } from '../engine/testing/ws-test-client';
import type { Candle } from '../engine/api/types';

export const TOKEN = 'e2e-token-0123456789abcdef';
export const SERIES = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
export const ARTIFACTS = 'e2e/artifacts';

export type ServeFixture = {
  readonly url: string;
  readonly apiUrl: string;
  readonly stored: Candle[];
  /** Everything the serve printed so far (its pairing link, fingerprint…). */
  printed(): string;
  /** Appends candles through the engine's API, as a data feed would. */
  append(candles: Candle[]): Promise<void>;
};

/** Imports a generated CSV with the real CLI, then starts the real `stratus serve` on a temporary database. */
export async function startServeProcess(candleCount: number, options: { serveArgs?: readonly string[] } = {}): Promise<ServeFixture & { stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-e2e-'));
  const db = join(dir, 'stratus.db');
  const stored = generateCandles(candleCount, { start: Date.UTC(2025, 0, 1) });
  if (candleCount > 0) {
    const csv = join(dir, 'candles.csv');
    writeFileSync(csv, candlesToCsv(stored));
    const imported = spawnSync(process.execPath, ['bin/stratus.js', 'data', 'import', csv, '--db', db, '--venue', SERIES.venue, '--symbol', SERIES.symbol, '--timeframe', SERIES.timeframe], { encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, ['bin/stratus.js', 'serve', '--db', db, '--port', '0', '--token', TOKEN, ...(options.serveArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const { url, apiUrl } = await new Promise<{ url: string; apiUrl: string }>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const open = /Open (https?:\/\/\S+)/.exec(out);
      const api = /API (wss?:\/\/\S+)/.exec(out);
      if (open?.[1] && api?.[1]) resolve({ url: open[1], apiUrl: api[1] });
    });
    child.once('exit', (code) => reject(new Error(`stratus serve exited with ${code}: ${out}`)));
  });
  // With --tls the test's own feed accepts the serve's self-signed certificate.
  const feed = await WsTestClient.connect(apiUrl, TOKEN, apiUrl.startsWith('wss:') ? { rejectUnauthorized: false } : undefined);
  return {
    url,
    apiUrl,
    stored,
    printed: () => out,
    append: async (candles) => {
      await feed.call('data.appendCandles', { ...SERIES, candles });
    },
    stop: async () => {
      await feed.close();
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

