import { useEffect } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { ChartLayerProps } from '../chart/chart-layers';
import { useSeriesMarkers } from '../chart/use-series-markers';
import { signalMarkers } from './signal-state';
import { useSignals } from './use-signals';

/** Strategy signals as arrows on the candles of the chart's series, loaded and then live. */
export function SignalMarkersLayer({ chart, series }: ChartLayerProps) {
  const client = useEngineClient();
  const { signals } = useSignals(client, series);
  const plugin = useSeriesMarkers(chart);

  useEffect(() => {
    plugin.current?.setMarkers(signalMarkers(signals));
  }, [signals, chart]);

  // What end-to-end tests read: how many markers are drawn, and how many of them are held back.
  return (
    <span
      hidden
      data-testid="signal-markers"
      data-count={signals.length}
      data-suppressed={signals.filter((s) => s.suppressed).length}
    />
  );
}
