import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { SentimentRepository } from '../store/repositories/sentiment-repository';
import { generateRegimeCandles } from '../testing/regime-candles';
import { tempDir } from '../testing/temp-dir';
import { runCli } from './stratus';

describe('stratus backtest, optimize, walkforward on a temporary SQLite file', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbPath: string;
  const key = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;
  const candles = generateRegimeCandles(2_000, { seed: 3 }).candles;
  const out: string[] = [];
  const errors: string[] = [];
  beforeEach(() => {
    dir = tempDir();
    dbPath = join(dir.path, 'stratus.db');
    const db = openDatabase({ path: dbPath });
    new CandleRepository(db).upsertMany(key, candles, 0);
    db.close();
    out.length = 0;
    errors.length = 0;
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.map((p) => (p instanceof Error ? String(p.stack) : String(p))).join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    dir.remove();
  });

  const series = (): string[] => ['--venue', key.venue, '--symbol', key.symbol, '--timeframe', key.timeframe, '--db', dbPath];
  const run = (command: string, ...args: string[]): Promise<number> => runCli(['node', 'stratus', command, ...series(), ...args]);

  it('backtest: a summary table, --json with the stored result, and a Markdown report', async () => {
    expect(await run('backtest', '--strategy', 'sma-cross', '--param', 'fast=8', '--param', 'slow=30', '--from', String(candles[300]!.openTime), '--slippage', 'volatility:0.1', '--sizing', 'equity-fraction:0.5')).toBe(0);
    expect(out[0]).toMatch(/^backtest \w+: sma-cross fast=8 slow=30 .* on binance BTC\/USDT 1h/);
    expect(out[0]).toMatch(/total return +-?[\d.]+ %/);
    expect(out[0]).toMatch(/Sharpe \/ Sortino \/ Calmar/);
    out.length = 0;
    const report = join(dir.path, 'report.md');
    expect(await run('backtest', '--strategy', 'sma-cross', '--param', 'fast=8', '--param', 'slow=30', '--json', '--report', report)).toBe(0);
    const result = JSON.parse(out[0]!) as { metrics: { trades: number }; trades: unknown[]; config: { params: { fast: number } } };
    expect(result.metrics.trades).toBeGreaterThan(3);
    expect(result.config.params.fast).toBe(8);
    expect(readFileSync(report, 'utf8')).toMatch(/^# Backtest \w+\n[\s\S]*## Metrics[\s\S]*\| total return \|[\s\S]*## Trades/);
    // The journaled order path gives the same result.
    out.length = 0;
    expect(await run('backtest', '--strategy', 'sma-cross', '--param', 'fast=8', '--param', 'slow=30', '--json', '--order-path', 'execution-engine')).toBe(0);
    const journaled = JSON.parse(out[0]!) as typeof result;
    expect(journaled.metrics).toEqual(result.metrics);
    expect(journaled.trades).toEqual(result.trades);
  });

  it('backtest: sentiment the engine stored reaches the strategy, as known at each bar', async () => {
    const args = ['--strategy', 'rsi-reversion', '--json'];
    expect(await run('backtest', ...args)).toBe(0);
    const without = JSON.parse(out[0]!) as { trades: { side: string }[] };
    expect(without.trades.some((t) => t.side === 'long')).toBe(true);
    // Strongly bearish BTC sentiment known from the first bar on: rsi-reversion vetoes its long entries.
    const db = openDatabase({ path: dbPath });
    new SentimentRepository(db).saveAggregates([{ symbol: 'BTC', window: '1h', at: candles[0]!.openTime, score: -1, confidence: 1, count: 40, spike: false }]);
    db.close();
    out.length = 0;
    expect(await run('backtest', ...args)).toBe(0);
    const bearish = JSON.parse(out[0]!) as typeof without;
    expect(bearish.trades.filter((t) => t.side === 'long')).toHaveLength(0);
  });

  it('optimize: a grid, best first, and JSON rows', async () => {
    expect(await run('optimize', '--strategy', 'sma-cross', '--method', 'grid', '--range', 'fast=5:15:5', '--range', 'slow=30,50', '--monte-carlo', '10', '--json')).toBe(0);
    const result = JSON.parse(out[0]!) as { evaluations: number; rows: { rank: number; params: Record<string, number> }[] };
    expect(result.evaluations).toBe(6);
    expect(result.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    out.length = 0;
    expect(await run('optimize', '--strategy', 'sma-cross', '--method', 'genetic', '--range', 'fast=3:20:1', '--range', 'slow=21:60:1', '--population', '6', '--generations', '2', '--monte-carlo', '0')).toBe(0);
    expect(out[0]).toMatch(/^optimisation \w+: genetic search of sma-cross .* parameter sets/);
    expect(out[0]).toMatch(/rank +parameters +objective +fitness/);
  });

  it('walkforward: windows and the stitched out-of-sample figures, and a report', async () => {
    const report = join(dir.path, 'wf.md');
    expect(await run('walkforward', '--strategy', 'sma-cross', '--method', 'grid', '--range', 'fast=5,10', '--range', 'slow=30,50', '--monte-carlo', '0', '--windows', '3', '--mode', 'anchored', '--report', report)).toBe(0);
    expect(out[0]).toMatch(/^walk-forward \w+: anchored, 3 windows of sma-cross/);
    expect(out[0]).toMatch(/stitched out-of-sample/);
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toMatch(/## Stitched out-of-sample/);
  });

  it('refuses bad options with one clear line each', async () => {
    const cases: [string[], RegExp][] = [
      [['backtest', '--strategy', 'sma-cross', '--slippage', 'lots'], /--slippage "lots": use none, fixed:BPS or volatility/],
      [['backtest', '--strategy', 'sma-cross', '--sizing', 'everything'], /--sizing "everything": use equity-fraction/],
      [['backtest', '--strategy', 'sma-cross', '--param', 'fast'], /--param "fast" is not name=value/],
      [['backtest', '--strategy', 'sma-cross', '--from', 'soon'], /--from "soon" is not a date/],
      [['backtest', '--strategy', 'sma-cross', '--taker-bps', '-3'], /fees.takerBps: /],
      [['backtest', '--strategy', 'nope'], /no strategy named "nope"/],
      [['backtest', '--strategy', 'sma-cross', '--order-path', 'carrier-pigeon'], /orderPath: /],
      [['backtest', '--strategy', 'sma-cross', '--symbol', 'ETH/USDT'], /no stored candles for binance ETH\/USDT 1h/],
      [['optimize', '--strategy', 'sma-cross'], /give at least one --range/],
      [['optimize', '--strategy', 'sma-cross', '--range', 'speed=1:3:1'], /sma-cross has no parameter "speed"/],
    ];
    for (const [args, message] of cases) {
      errors.length = 0;
      const [command, ...rest] = args;
      expect(await runCli(['node', 'stratus', command!, ...series(), ...rest]), args.join(' ')).toBe(1);
      expect(errors.at(-1), args.join(' ')).toMatch(message);
    }
  });
});
