import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type OhlcData,
  type Time,
} from 'lightweight-charts';
import type { Candle, CandleColumns } from '../../engine-client/api-types';
import { pricePrecision } from '../../format/format';
import { candleToBars, columnsToBars, toChartTime } from './candle-bars';
import { CHART_THEME } from './chart-theme';

/** What the OHLC legend shows: the hovered bar, or the last one when nothing is hovered. */
export type LegendBar = Candle & {
  readonly precision: number;
  readonly hovered: boolean;
};

/** What the candle feed draws on; the chart below, or a stub in tests. */
export type CandleSink = {
  setColumns(columns: CandleColumns): void;
  /** Draws a candle at or after the last bar; an earlier one is not drawn and reported as 'older'. */
  applyCandle(candle: Candle): 'drawn' | 'older';
  setReady(ready: boolean): void;
};

const VOLUME_COLORS = { up: CHART_THEME.upVolume, down: CHART_THEME.downVolume };

/**
 * A candlestick chart with volume beneath, on lightweight-charts. After every change it writes
 * data-candle-count, data-last-close and data-ready on its element: what end-to-end tests wait on.
 */
export class CandleChart implements CandleSink {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volumes: ISeriesApi<'Histogram'>;
  private count = 0;
  private lastTime: number | null = null;
  private last: Candle | null = null;
  private precision = 2;
  private hovered: LegendBar | null = null;
  private readonly legendListeners = new Set<(bar: LegendBar | null) => void>();

  constructor(private readonly element: HTMLElement) {
    this.chart = createChart(element, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: CHART_THEME.background },
        textColor: CHART_THEME.text,
        fontFamily: CHART_THEME.fontFamily,
        fontSize: 11,
      },
      grid: { vertLines: { color: CHART_THEME.grid }, horzLines: { color: CHART_THEME.grid } },
      crosshair: {
        mode: CrosshairMode.Normal,
        vertLine: { labelBackgroundColor: CHART_THEME.crosshair },
        horzLine: { labelBackgroundColor: CHART_THEME.crosshair },
      },
      rightPriceScale: { borderColor: CHART_THEME.border, scaleMargins: { top: 0.08, bottom: 0.24 } },
      timeScale: { borderColor: CHART_THEME.border, timeVisible: true, secondsVisible: false, rightOffset: 6 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: CHART_THEME.up,
      downColor: CHART_THEME.down,
      wickUpColor: CHART_THEME.up,
      wickDownColor: CHART_THEME.down,
      borderVisible: false,
    });
    // An overlay scale with no id keeps volume in the bottom fifth, under the candles.
    this.volumes = this.chart.addSeries(HistogramSeries, {
      priceScaleId: '',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    this.chart.priceScale('').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.chart.subscribeCrosshairMove(this.onCrosshairMove);
    this.setReady(false);
    this.writeAttributes();
  }

  setColumns(columns: CandleColumns): void {
    const bars = columnsToBars(columns, VOLUME_COLORS);
    this.precision = pricePrecision(columns.close);
    this.candles.applyOptions({ priceFormat: { type: 'price', precision: this.precision, minMove: 10 ** -this.precision } });
    this.candles.setData(bars.candles);
    this.volumes.setData(bars.volumes);
    const n = columns.openTime.length;
    this.count = n;
    const index = n - 1;
    const openTime = columns.openTime[index];
    this.lastTime = openTime === undefined ? null : toChartTime(openTime);
    this.last =
      openTime === undefined
        ? null
        : {
            openTime,
            open: columns.open[index] ?? 0,
            high: columns.high[index] ?? 0,
            low: columns.low[index] ?? 0,
            close: columns.close[index] ?? 0,
            volume: columns.volume[index] ?? 0,
          };
    this.chart.timeScale().scrollToRealTime();
    this.writeAttributes();
    this.emitLegend();
  }

  applyCandle(candle: Candle): 'drawn' | 'older' {
    const time = toChartTime(candle.openTime);
    if (this.lastTime !== null && time < this.lastTime) return 'older';
    const bars = candleToBars(candle, VOLUME_COLORS);
    this.candles.update(bars.candle);
    this.volumes.update(bars.volume);
    if (this.lastTime === null || time > this.lastTime) this.count += 1;
    this.lastTime = time;
    this.last = candle;
    this.writeAttributes();
    if (!this.hovered) this.emitLegend();
    return 'drawn';
  }

  setReady(ready: boolean): void {
    this.element.dataset.ready = String(ready);
  }

  /** The chart itself, for layers that add their own series, panes or markers (see chart-layers.ts). */
  get api(): IChartApi {
    return this.chart;
  }

  /** The candlestick series: what markers and price lines attach to. */
  get candleSeries(): ISeriesApi<'Candlestick'> {
    return this.candles;
  }

  /** Listens to the legend's bar; called at once with the current one. */
  onLegend(listener: (bar: LegendBar | null) => void): () => void {
    this.legendListeners.add(listener);
    listener(this.legendBar());
    return () => this.legendListeners.delete(listener);
  }

  dispose(): void {
    this.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.legendListeners.clear();
    this.chart.remove();
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    const bar = param.time === undefined ? undefined : param.seriesData.get(this.candles);
    const volume = param.time === undefined ? undefined : param.seriesData.get(this.volumes);
    if (isOhlc(bar) && typeof param.time === 'number') {
      this.hovered = {
        openTime: param.time * 1000,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: volume && 'value' in volume && typeof volume.value === 'number' ? volume.value : 0,
        precision: this.precision,
        hovered: true,
      };
    } else {
      this.hovered = null;
    }
    this.emitLegend();
  };

  private legendBar(): LegendBar | null {
    if (this.hovered) return this.hovered;
    if (!this.last) return null;
    return { ...this.last, precision: this.precision, hovered: false };
  }

  private emitLegend(): void {
    const bar = this.legendBar();
    for (const listener of this.legendListeners) listener(bar);
  }

  private writeAttributes(): void {
    this.element.dataset.candleCount = String(this.count);
    this.element.dataset.lastClose = this.last ? String(this.last.close) : '';
  }
}

function isOhlc(data: object | undefined): data is OhlcData<Time> {
  if (!data || !('open' in data) || !('high' in data) || !('low' in data) || !('close' in data)) return false;
  return typeof data.open === 'number' && typeof data.high === 'number' && typeof data.low === 'number' && typeof data.close === 'number';
}
