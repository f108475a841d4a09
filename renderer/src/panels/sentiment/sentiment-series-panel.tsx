import './sentiment-panel.css';
import { ColorType, LineSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useEngineClient, useMarket } from '../../app/stores-context';
import type { SentimentWindow } from '../../engine-client/api-types';
import { CHART_THEME } from '../chart/chart-theme';
import { baseAsset } from './sentiment-state';
import { toPoints } from './sentiment-series';

const WINDOWS: readonly SentimentWindow[] = ['5m', '1h', '24h'];

/** The aggregated sentiment of one symbol over time, under the price chart. */
export function SentimentSeriesPanel() {
  const client = useEngineClient();
  const instrument = useMarket((state) => state.instrument);
  const [symbols, setSymbols] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [window, setWindow] = useState<SentimentWindow>('1h');
  const [count, setCount] = useState(0);
  const surface = useRef<HTMLDivElement>(null);
  const line = useRef<ISeriesApi<'Line'> | null>(null);

  const preferred = instrument ? baseAsset(instrument.symbol) : null;
  const symbol = chosen ?? (preferred && symbols.includes(preferred) ? preferred : (symbols[0] ?? preferred ?? 'MARKET'));

  useEffect(() => {
    const element = surface.current;
    // No 2D canvas (a DOM-only test environment): the panel still lists symbols and counts points.
    if (!element || !document.createElement('canvas').getContext('2d')) return;
    const chart: IChartApi = createChart(element, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: CHART_THEME.background }, textColor: CHART_THEME.text, fontSize: 10, fontFamily: CHART_THEME.fontFamily },
      grid: { vertLines: { color: CHART_THEME.grid }, horzLines: { color: CHART_THEME.grid } },
      rightPriceScale: { borderColor: CHART_THEME.border },
      timeScale: { borderColor: CHART_THEME.border, timeVisible: true },
    });
    line.current = chart.addSeries(LineSeries, { color: CHART_THEME.crosshair, lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } });
    return () => {
      line.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const refresh = (): void => {
      void client.call('sentiment.latest', {}).then(
        (latest) => setSymbols([...new Set(latest.map((a) => a.symbol))].sort()),
        () => undefined,
      );
    };
    refresh();
    return client.on('sentiment.aggregate', (a) => setSymbols((current) => (current.includes(a.symbol) ? current : [...current, a.symbol].sort())));
  }, [client]);

  useEffect(() => {
    let live = true;
    let data: { time: number; value: number }[] = [];
    const draw = (): void => {
      line.current?.setData(data.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })));
      setCount(data.length);
    };
    void client.call('sentiment.series', { symbol, window }).then(
      (series) => {
        if (!live) return;
        data = toPoints(series);
        draw();
      },
      () => undefined,
    );
    const off = client.on('sentiment.aggregate', (a) => {
      if (a.symbol !== symbol || a.window !== window) return;
      const [point] = toPoints([a]);
      const last = data[data.length - 1];
      if (!point || (last && point.time < last.time)) return;
      data = last && last.time === point.time ? [...data.slice(0, -1), point] : [...data, point];
      draw();
    });
    return () => {
      live = false;
      off();
    };
  }, [client, symbol, window]);

  return (
    <div className="sentiment-series-panel" data-testid="sentiment-series" data-points={count}>
      <div className="sentiment-series-bar">
        <select className="picker" aria-label="Sentiment asset" value={symbol} onChange={(e) => setChosen(e.target.value)}>
          {[...new Set([symbol, ...symbols])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {WINDOWS.map((w) => (
          <button key={w} type="button" className={`window-button${w === window ? ' window-button-active' : ''}`} onClick={() => setWindow(w)}>
            {w}
          </button>
        ))}
        {count === 0 && <span className="sentiment-muted">No sentiment for {symbol} yet</span>}
      </div>
      <div className="sentiment-series-surface" ref={surface} />
    </div>
  );
}
