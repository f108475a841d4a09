import './chart-panel.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SeriesKey } from '../../engine-client/api-types';
import { useEngineClient, useMarket } from '../../app/stores-context';
import { CandleChart } from './candle-chart';
import { startCandleFeed, type FeedStatus } from './candle-feed';
import { ChartLegend } from './chart-legend';
import { CHART_LAYERS } from './chart-layers';

/** The selected series as candlesticks with volume, loaded once and then updated live. */
export function ChartPanel() {
  const client = useEngineClient();
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const seriesLoaded = useMarket((state) => state.seriesLoaded);
  const key = useMemo<SeriesKey | null>(() => (instrument ? { ...instrument, timeframe } : null), [instrument, timeframe]);

  const surface = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<CandleChart | null>(null);
  const [status, setStatus] = useState<FeedStatus>({ kind: 'loading' });

  useEffect(() => {
    const element = surface.current;
    if (!element) return;
    const created = new CandleChart(element);
    setChart(created);
    return () => {
      setChart(null);
      created.dispose();
    };
  }, []);

  useEffect(() => {
    if (!chart || !key) return;
    return startCandleFeed(client, chart, key, setStatus);
  }, [chart, client, key]);

  const title = key ? `${key.symbol} · ${key.timeframe} · ${key.venue}` : 'No series';
  return (
    <div className="chart-panel">
      <div className="chart-surface" ref={surface} data-testid="chart" />
      <ChartLegend chart={chart} title={title} />
      {chart && key ? CHART_LAYERS.map(({ id, component: Layer }) => <Layer key={id} chart={chart} series={key} />) : null}
      <ChartOverlay status={status} hasSelection={key !== null} seriesLoaded={seriesLoaded} title={title} />
    </div>
  );
}

type ChartOverlayProps = {
  readonly status: FeedStatus;
  readonly hasSelection: boolean;
  readonly seriesLoaded: boolean;
  readonly title: string;
};

function ChartOverlay({ status, hasSelection, seriesLoaded, title }: ChartOverlayProps) {
  if (!hasSelection) {
    if (!seriesLoaded) return null;
    return (
      <div className="chart-overlay" data-testid="chart-empty">
        <strong>No candles stored yet</strong>
        <span>Series appear here as soon as the engine stores candles.</span>
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className="chart-overlay chart-overlay-error" role="alert" data-testid="chart-error">
        <strong>Could not load {title}</strong>
        <span>{status.message}</span>
      </div>
    );
  }
  if (status.kind === 'ready' && status.empty) {
    return (
      <div className="chart-overlay" data-testid="chart-empty">
        <strong>No candles for {title}</strong>
        <span>Pick another timeframe, or wait for the engine to store some.</span>
      </div>
    );
  }
  if (status.kind === 'loading') {
    return (
      <div className="chart-overlay chart-overlay-quiet" data-testid="chart-loading">
        Loading {title}…
      </div>
    );
  }
  return null;
}
