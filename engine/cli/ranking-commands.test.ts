import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MlModelStore } from '../strategy/strategies/ml-direction/ml-model-store';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { generateCandles } from '../testing/candles';
import { tempDir } from '../testing/temp-dir';
import { runCli } from './stratus';

describe('stratus report and stratus train', () => {
  const dir = tempDir('stratus-ranking-cli-');
  const db = join(dir.path, 'stratus.db');

  beforeAll(() => {
    const handle = openDatabase({ path: db });
    const repo = new CandleRepository(handle);
    for (const [i, symbol] of ['BTC/USDT', 'ETH/USDT'].entries()) {
      repo.upsertMany({ venue: 'binance', symbol, timeframe: '1h' }, generateCandles(1_100, { stepMs: 3_600_000, seed: i + 3 }), 0);
    }
    handle.close();
    // The commands print their results; keep the test output readable.
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    dir.remove();
  });

  it('writes a Markdown and a JSON report to a file', async () => {
    const md = join(dir.path, 'report.md');
    expect(await runCli(['node', 'stratus', 'report', '--db', db, '--top', '1', '--out', md])).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('# Stratus ranking — 1h');
    expect(text.match(/^## 1\. /gm)).toHaveLength(1);
    const json = join(dir.path, 'report.json');
    expect(await runCli(['node', 'stratus', 'report', '--db', db, '--venue', 'binance', '--format', 'json', '--out', json])).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { items: { series: { symbol: string } }[]; venue: string };
    expect(report.venue).toBe('binance');
    expect(report.items.map((i) => i.series.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('trains ml-direction and stores the model', async () => {
    expect(await runCli(['node', 'stratus', 'train', 'ml-direction', '--db', db, '--venue', 'binance', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--horizon', '6', '--folds', '3'])).toBe(0);
    const handle = openDatabase({ path: db });
    try {
      const model = new MlModelStore(handle).latest({ venue: 'binance', symbol: 'ETH/USDT', timeframe: '1h' });
      expect(model).toMatchObject({ version: 1, horizon: 6 });
      expect(model!.validation.folds).toHaveLength(3);
    } finally {
      handle.close();
    }
  });

  it('fails clearly on bad options and writes nothing', async () => {
    const out = join(dir.path, 'never.md');
    expect(await runCli(['node', 'stratus', 'report', '--db', db, '--format', 'html', '--out', out])).toBe(1);
    expect(await runCli(['node', 'stratus', 'report', '--db', db, '--top', '0'])).toBe(1);
    expect(await runCli(['node', 'stratus', 'report', '--db', db, '--timeframe', '7h'])).toBe(1);
    expect(() => readFileSync(out)).toThrow();
    expect(await runCli(['node', 'stratus', 'train', 'ml-direction', '--db', db, '--venue', 'binance', '--symbol', 'NOPE/USDT', '--timeframe', '1h'])).toBe(1);
    expect(await runCli(['node', 'stratus', 'train', 'ml-direction', '--db', db, '--venue', 'binance', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--dead-zone', '-1'])).toBe(1);
    expect(await runCli(['node', 'stratus', 'train', 'ml-direction', '--db', db, '--venue', 'binance', '--symbol', 'ETH/USDT', '--timeframe', '1h', '--from', 'yesterday'])).toBe(1);
  });
});
