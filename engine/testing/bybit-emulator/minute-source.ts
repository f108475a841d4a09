import type { Candle } from '../../model/candle';
import { seededRandom } from '../random';

const MINUTE = 60_000;

/**
 * The emulated venue's truth for one instrument: one-minute candles in columns, from `firstMinute` on.
 * Either a seeded random walk, extended lazily as market time moves, or a replayed candle file.
 * Every kline, trade and ticker the emulator serves is derived from these bars, so a test can compare
 * what the engine stored with exactly what the venue had.
 */
export class MinuteSource {
  private openTime: Float64Array;
  private ohlcv: Float64Array;
  private length = 0;
  private readonly random: () => number;
  private lastClose: number;

  private constructor(
    readonly firstMinute: number,
    private readonly generate: boolean,
    seed: number,
    startPrice: number,
    capacity: number,
  ) {
    this.openTime = new Float64Array(capacity);
    this.ohlcv = new Float64Array(capacity * 5);
    this.random = seededRandom(seed);
    this.lastClose = startPrice;
  }

  static randomWalk(options: { from: number; seed: number; price: number }): MinuteSource {
    return new MinuteSource(options.from - (options.from % MINUTE), true, options.seed, options.price, 1024);
  }

  /** Replays given one-minute candles; the market has no bars before the first or after the last. */
  static replay(candles: readonly Candle[]): MinuteSource {
    if (candles.length === 0) throw new Error('a replay needs at least one candle');
    const source = new MinuteSource(candles[0]!.openTime, false, 0, candles[0]!.open, candles.length);
    let expected = candles[0]!.openTime;
    for (const candle of candles) {
      if (candle.openTime !== expected) throw new Error(`replay candles must be contiguous minutes; ${candle.openTime} breaks it`);
      source.push(candle.openTime, candle.open, candle.high, candle.low, candle.close, candle.volume);
      expected += MINUTE;
    }
    return source;
  }

  /** Index of the bar that opens at `minute`, generating the walk up to it; -1 outside the source. */
  indexAt(minute: number): number {
    if (minute < this.firstMinute) return -1;
    const index = Math.floor((minute - this.firstMinute) / MINUTE);
    if (this.generate) while (this.length <= index) this.extend();
    return index < this.length ? index : -1;
  }

  get lastMinute(): number {
    return this.length === 0 ? this.firstMinute - MINUTE : this.openTime[this.length - 1]!;
  }

  candle(index: number): Candle {
    const o = index * 5;
    const v = this.ohlcv;
    return { openTime: this.openTime[index]!, open: v[o]!, high: v[o + 1]!, low: v[o + 2]!, close: v[o + 3]!, volume: v[o + 4]! };
  }

  /** One kline row as Bybit's JSON text (all strings): the download hot path skips building objects. */
  klineJson(index: number): string {
    const o = index * 5;
    const v = this.ohlcv;
    const volume = v[o + 4]!;
    const close = v[o + 3]!;
    return `["${this.openTime[index]!}","${v[o]!}","${v[o + 1]!}","${v[o + 2]!}","${close}","${volume}","${volume * close}"]`;
  }

  private extend(): void {
    const open = this.lastClose;
    // A few steps inside the minute give the bar a realistic high and low around its open and close.
    let price = open;
    let high = open;
    let low = open;
    for (let step = 0; step < 4; step++) {
      price = Math.max(0.01, price * (1 + (this.random() - 0.5) * 0.002));
      high = Math.max(high, price);
      low = Math.min(low, price);
    }
    const close = round2(price);
    this.push(this.firstMinute + this.length * MINUTE, open, round2(Math.max(high, open, close)), round2(Math.min(low, open, close)), close, round3(this.random() * 40 + 0.5));
  }

  private push(openTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.length === this.openTime.length) {
      const times = new Float64Array(this.openTime.length * 2);
      times.set(this.openTime);
      this.openTime = times;
      const values = new Float64Array(this.ohlcv.length * 2);
      values.set(this.ohlcv);
      this.ohlcv = values;
    }
    this.openTime[this.length] = openTime;
    this.ohlcv.set([open, high, low, close, volume], this.length * 5);
    this.length += 1;
    this.lastClose = close;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
