import './regime-panel.css';
import { AreaSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { RegimeLabel } from '../../engine-client/api-types';
import type { ChartLayerProps } from '../chart/chart-layers';
import { toChartTime } from '../chart/candle-bars';
import { CHART_THEME } from '../chart/chart-theme';
import { drawnLabels, type BandData } from './regime-band-data';
import { startRegimeBandFeed, type BandSink } from './regime-band-feed';
import { REGIME_COLORS, REGIME_NAMES } from './regime-colors';

const BAND_HEIGHT = 84;

/**
 * The regime band: the filtered probability of each regime over time, stacked, in a pane under the
 * candles that shares their time scale. Live states extend it bar by bar.
 */
export function RegimeBandLayer({ chart, series }: ChartLayerProps) {
  const client = useEngineClient();
  const [shown, setShown] = useState<{ labels: RegimeLabel[]; points: number; modelId: string | null }>({ labels: [], points: 0, modelId: null });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // No 2D canvas (a DOM-only test environment, where the chart is a stub): follow the data, draw nothing.
    const canDraw = document.createElement('canvas').getContext('2d') !== null;
    const band = new StackedBand(canDraw ? chart.api : null, (b) => setShown({ labels: b ? drawnLabels(b.labels) : [], points: b?.time.length ?? 0, modelId: b?.modelId ?? null }));
    const stop = startRegimeBandFeed(client, band, series, setError);
    return () => {
      stop();
      band.dispose();
    };
  }, [chart, client, series]);

  if (shown.points === 0 && !error) return <div hidden data-testid="regime-band" data-points={0} />;
  return (
    <div className="regime-band-legend" data-testid="regime-band" data-points={shown.points} data-model={shown.modelId ?? ''} style={{ bottom: BAND_HEIGHT + 10 }}>
      <span className="regime-band-title">Regime</span>
      {error ? (
        <span role="alert" className="regime-error-text">
          {error}
        </span>
      ) : (
        [...shown.labels].reverse().map((label) => (
          <span key={label} className="regime-band-key">
            <i style={{ background: REGIME_COLORS[label].solid }} />
            {REGIME_NAMES[label]}
          </span>
        ))
      )}
    </div>
  );
}

/**
 * One area series per regime in its own pane, each filled from 0 up to its slice's upper edge; the
 * higher slices are added first so the lower ones are drawn over them. Opaque fills, so slices never blend.
 */
class StackedBand implements BandSink {
  private series = new Map<RegimeLabel, ISeriesApi<'Area'>>();

  constructor(
    private readonly chart: IChartApi | null,
    private readonly onChange: (band: BandData | null) => void,
  ) {}

  setBand(band: BandData | null): void {
    this.clear();
    if (band && this.chart) {
      // Indicator panes come and go beside the band, so its pane is found anew: the first free one.
      const pane = this.chart.panes().length;
      for (const label of drawnLabels(band.labels)) {
        const area = this.chart.addSeries(
          AreaSeries,
          {
            lineVisible: false,
            lineWidth: 1,
            lineColor: 'transparent',
            topColor: REGIME_COLORS[label].band,
            bottomColor: REGIME_COLORS[label].band,
            priceLineVisible: false,
            lastValueVisible: false,
            crosshairMarkerVisible: false,
            title: '',
            priceFormat: { type: 'custom', formatter: (p: number) => `${Math.round(p * 100)}%`, minMove: 0.01 },
            autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }),
          },
          pane,
        );
        area.setData(band.time.map((t, i) => ({ time: toChartTime(t), value: band.tops[label][i] ?? 0 })));
        this.series.set(label, area);
      }
      this.chart.panes()[pane]?.setHeight(BAND_HEIGHT);
      this.chart.priceScale('right', pane).applyOptions({ borderColor: CHART_THEME.border, scaleMargins: { top: 0.04, bottom: 0 } });
    }
    this.onChange(band);
  }

  updateLast(band: BandData): void {
    const time = band.time.at(-1);
    if (time === undefined) return;
    for (const [label, area] of this.series) area.update({ time: toChartTime(time) as UTCTimestamp, value: band.tops[label].at(-1) ?? 0 });
    this.onChange(band);
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    for (const area of this.series.values()) this.chart?.removeSeries(area);
    this.series.clear();
  }
}
