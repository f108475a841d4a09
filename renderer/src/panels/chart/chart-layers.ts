import type { ComponentType } from 'react';
import type { SeriesKey } from '../../engine-client/api-types';
import type { CandleChart } from './candle-chart';
import { SignalMarkersLayer } from '../signals/signal-markers-layer';
import { RegimeBandLayer } from '../regime/regime-band-layer';
import { IndicatorOverlays } from './indicators/indicator-overlays';
import { BacktestTradesLayer } from '../backtest/backtest-trades-layer';

/** What a chart layer gets: the chart of the selected series (its own series, panes and markers go on `chart.api`). */
export type ChartLayerProps = {
  readonly chart: CandleChart;
  readonly series: SeriesKey;
};

export type ChartLayerDefinition = {
  readonly id: string;
  readonly component: ComponentType<ChartLayerProps>;
};

/**
 * Everything drawn over or under the candles besides the candles themselves (indicator overlays,
 * signal markers, the regime band), in drawing order. A layer cleans up what it added when it unmounts.
 */
export const CHART_LAYERS: readonly ChartLayerDefinition[] = [
  { id: 'regime-band', component: RegimeBandLayer },
  { id: 'indicator-overlays', component: IndicatorOverlays },
  { id: 'signal-markers', component: SignalMarkersLayer },
  { id: 'backtest-trades', component: BacktestTradesLayer },
];
