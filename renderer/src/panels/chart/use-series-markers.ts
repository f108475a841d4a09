import { createSeriesMarkers, type ISeriesMarkersPluginApi, type Time } from 'lightweight-charts';
import { useEffect, useRef, type RefObject } from 'react';
import type { CandleChart } from './candle-chart';

/**
 * A markers primitive of a layer's own on the chart's candles, for as long as that chart lives; the layer
 * sets its markers through the ref (null between charts), leaving other layers' markers untouched.
 */
export function useSeriesMarkers(chart: CandleChart): RefObject<ISeriesMarkersPluginApi<Time> | null> {
  const plugin = useRef<ISeriesMarkersPluginApi<Time> | null>(null);
  useEffect(() => {
    const markers = createSeriesMarkers(chart.candleSeries, []);
    plugin.current = markers;
    return () => {
      plugin.current = null;
      markers.detach();
    };
  }, [chart]);
  return plugin;
}
