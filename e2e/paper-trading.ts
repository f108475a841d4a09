/** `stratus serve` trading on paper against the Bybit emulator, for the end-to-end tests of the trading UI. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candle } from '../engine/api/types';
import { BybitEmulator } from '../engine/testing/bybit-emulator/bybit-emulator';
import { generateCandles } from '../engine/testing/candles';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, TOKEN, startServeProcess } from './serve-process';

/** A Bybit linear instrument the engine knows from the venue (the emulator), so the sim venue can trade it on paper. */
export const PAPER_SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;
const MINUTE = 60_000;

export type PaperTrading = {
  readonly emulator: BybitEmulator;
  readonly serve: Awaited<ReturnType<typeof startServeProcess>>;
  /** A client of the engine's API, for set-up and for checking what the engine holds. */
  readonly api: WsTestClient;
  /** The folder of the passphrase-encrypted secrets file (`secrets.enc`) the engine stores keys in. */
  readonly secrets: string;
  /** New closed bars, a few at a time, until the approval queue holds a proposal. */
  barsUntilProposal(): Promise<void>;
  /** One more closed bar: the paper venue fills against its price. */
  oneBar(): Promise<void>;
  stop(): Promise<void>;
};

export type PaperTradingOptions = {
  /** Seeds of the 400 bars of history and of the first new bar (each later bar the next seed): every run sees the same market. */
  readonly historySeed: number;
  readonly barSeed: number;
  readonly apiKeys?: Readonly<Record<string, string>>;
  readonly serveArgs?: readonly string[];
};

/**
 * The Bybit emulator, then `stratus serve` pointed at it with a fresh secrets file, its instruments loaded
 * and 400 minutes of history up to now (so proposals' bar times are recent and strategies warm up on it).
 */
export async function startPaperTrading(options: PaperTradingOptions): Promise<PaperTrading> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const emulator = await BybitEmulator.start({ historyMinutes: 60, balances: { USDT: 10_000 }, ...(options.apiKeys ? { apiKeys: { ...options.apiKeys } } : {}) });
  // Secrets typed in the window go to a passphrase-encrypted file (the server's store), never to the database.
  const secrets = mkdtempSync(join(tmpdir(), 'stratus-e2e-secrets-'));
  process.env.STRATUS_SECRETS_FILE = join(secrets, 'secrets.enc');
  process.env.STRATUS_SECRETS_PASSPHRASE = 'e2e passphrase for the secrets file';
  const serve = await startServeProcess(0, { serveArgs: ['--venue-endpoint', `bybit=${emulator.restUrl}`, ...(options.serveArgs ?? [])] }).finally(() => {
    delete process.env.STRATUS_SECRETS_FILE;
    delete process.env.STRATUS_SECRETS_PASSPHRASE;
  });
  const api = await WsTestClient.connect(serve.apiUrl, TOKEN);
  await api.call('data.loadInstruments', { venue: 'bybit' });
  const history = generateCandles(400, { start: Math.floor(Date.now() / MINUTE) * MINUTE - 500 * MINUTE, seed: options.historySeed });
  await api.call('data.appendCandles', { ...PAPER_SERIES, candles: history });
  let last: Candle = history.at(-1)!;
  let seed = options.barSeed;

  const bars = async (count: number): Promise<void> => {
    const next = generateCandles(count, { start: last.openTime + MINUTE, price: last.close, seed: seed++ });
    await api.call('data.appendCandles', { ...PAPER_SERIES, candles: next });
    last = next.at(-1)!;
  };
  return {
    emulator,
    serve,
    api,
    secrets,
    barsUntilProposal: async () => {
      for (let round = 0; round < 40; round++) {
        await bars(3);
        if ((await api.call('approvals.list', {})).some((p) => p.status === 'pending')) return;
      }
      throw new Error('no proposal after 120 bars');
    },
    oneBar: () => bars(1),
    stop: async () => {
      await api.close();
      await serve.stop();
      await emulator.stop();
      rmSync(secrets, { recursive: true, force: true });
    },
  };
}
