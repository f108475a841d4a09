import type { Candle, CandleColumns } from '../engine-client/api-types';
import type { CandleSink, LegendBar } from '../panels/chart/candle-chart';

/** CandleChart without a canvas, for DOM tests: counts bars and writes the same data-* attributes. */
export class StubCandleChart implements CandleSink {
  private lastOpenTime: number | null = null;
  private count = 0;
  /** Chart layers attach primitives (markers) to the candle series; the stub accepts and forgets them. */
  readonly candleSeries = { attachPrimitive: (): void => undefined, detachPrimitive: (): void => undefined };

  constructor(private readonly element: HTMLElement) {
    this.setReady(false);
  }

  setColumns(columns: CandleColumns): void {
    this.count = columns.openTime.length;
    this.lastOpenTime = columns.openTime.at(-1) ?? null;
    this.write(columns.close.at(-1));
  }

  applyCandle(candle: Candle): 'drawn' | 'older' {
    if (this.lastOpenTime !== null && candle.openTime < this.lastOpenTime) return 'older';
    if (this.lastOpenTime === null || candle.openTime > this.lastOpenTime) this.count++;
    this.lastOpenTime = candle.openTime;
    this.write(candle.close);
    return 'drawn';
  }

  setReady(ready: boolean): void {
    this.element.dataset.ready = String(ready);
  }

  onLegend(listener: (bar: LegendBar | null) => void): () => void {
    listener(null);
    return () => {};
  }

  dispose(): void {}

  private write(close: number | undefined): void {
    this.element.dataset.candleCount = String(this.count);
    this.element.dataset.lastClose = close === undefined ? '' : String(close);
  }
}
