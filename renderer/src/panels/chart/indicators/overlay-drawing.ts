import { HistogramSeries, LineSeries, LineStyle, type IChartApi, type IPaneApi, type ISeriesApi, type Time } from 'lightweight-charts';
import type { IndicatorDescription, IndicatorResult } from '../../../engine-client/api-types';
import { HISTOGRAM_COLORS, LEVEL_COLOR, SECONDARY } from './overlay-colors';
import { toHistogramData, toLineData } from './overlay-series';

/** Height of an indicator pane relative to the price pane (whose factor is 1). */
const PANE_STRETCH = 0.32;

type Drawn =
  | { readonly key: string; readonly kind: 'line'; readonly series: ISeriesApi<'Line'> }
  | { readonly key: string; readonly kind: 'histogram'; readonly series: ISeriesApi<'Histogram'> };

/**
 * One overlay's series on the chart: lines on the price pane for `price` indicators, or a pane of its
 * own below the candles for `separate` ones (with dashed reference levels). Removing its last series
 * lets lightweight-charts drop the pane.
 */
export class OverlayDrawing {
  private readonly drawn: Drawn[] = [];

  constructor(
    private readonly chart: IChartApi,
    readonly description: IndicatorDescription,
    readonly color: string,
  ) {
    const separate = description.pane === 'separate';
    // A new pane goes under every existing one; its later series join it by index.
    let paneIndex = separate ? chart.panes().length : 0;
    const plotted = description.outputs.filter((o) => o.style !== 'hidden');
    plotted.forEach((output, i) => {
      const color = this.colorOf(i);
      const common = { priceLineVisible: false, lastValueVisible: true, crosshairMarkerVisible: false, title: '' };
      const priceFormat = { type: 'price' as const, precision: 2, minMove: 0.01 };
      const entry: Drawn =
        output.style === 'histogram'
          ? { key: output.key, kind: 'histogram', series: chart.addSeries(HistogramSeries, { ...common, lastValueVisible: false, priceFormat }, paneIndex) }
          : {
              key: output.key,
              kind: 'line',
              series: chart.addSeries(
                LineSeries,
                {
                  ...common,
                  // Band edges would crowd the price scale with two more labels; the middle keeps its own.
                  lastValueVisible: !(description.id === 'bollinger' && output.key !== 'middle'),
                  color,
                  lineWidth: i === 0 || description.id === 'bollinger' ? 2 : 1,
                  lineStyle: description.id === 'bollinger' && output.key === 'middle' ? LineStyle.Dashed : LineStyle.Solid,
                  ...(separate ? { priceFormat } : {}),
                },
                paneIndex,
              ),
            };
      const series = entry.series;
      if (separate && i === 0) {
        const pane = series.getPane();
        paneIndex = pane.paneIndex();
        pane.setStretchFactor(PANE_STRETCH);
        for (const level of description.levels) {
          series.createPriceLine({ price: level, color: LEVEL_COLOR, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
        }
      }
      this.drawn.push(entry);
    });
  }

  /** Draws a computed result; columns it does not know are ignored. */
  setResult(result: IndicatorResult): void {
    for (const entry of this.drawn) {
      const values = result.values[entry.key] ?? [];
      if (entry.kind === 'histogram') entry.series.setData(toHistogramData(result.openTime, values, HISTOGRAM_COLORS));
      else entry.series.setData(toLineData(result.openTime, values));
    }
  }

  /** The pane this overlay draws in (the price pane for price indicators). */
  pane(): IPaneApi<Time> | null {
    return this.drawn[0]?.series.getPane() ?? null;
  }

  /** Colour of each plotted output, for legends: the overlay's own, then distinct secondaries. */
  colorOf(index: number): string {
    if (index === 0 || this.description.id === 'bollinger') return this.color;
    return SECONDARY[(index - 1) % SECONDARY.length] ?? this.color;
  }

  dispose(): void {
    for (const { series } of this.drawn.splice(0)) this.chart.removeSeries(series);
  }
}
