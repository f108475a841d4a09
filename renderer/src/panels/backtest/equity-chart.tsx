import { AreaSeries, ColorType, CrosshairMode, LineSeries, createChart, type IChartApi, type LineData, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { CHART_THEME } from '../chart/chart-theme';
import type { Curve } from './curve-data';

/** Charts already removed: their series went with them. */
const removed = new WeakSet<IChartApi>();

type EquityChartProps = {
  readonly curves: readonly Curve[];
  /** Drawn in a pane of its own under the curves, in percent below zero. */
  readonly drawdown?: readonly LineData<UTCTimestamp>[];
  /** How the curves' axis reads: money (equity) or percent (returns of runs compared). */
  readonly unit: 'money' | 'percent';
  readonly label: string;
  readonly testId: string;
};

/**
 * Equity curves (one per run) with the drawdown pane beneath, on lightweight-charts with the chart
 * panel's theme. Recreated when the curves change: a result is drawn once, never streamed.
 */
export function EquityChart({ curves, drawdown, unit, label, testId }: EquityChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<IChartApi | null>(null);

  useEffect(() => {
    const element = host.current;
    // No 2D canvas (a DOM-only test environment): the figures are still in the data attributes.
    if (!element || document.createElement('canvas').getContext('2d') === null) return;
    const created = createChart(element, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: CHART_THEME.background },
        textColor: CHART_THEME.text,
        fontFamily: CHART_THEME.fontFamily,
        fontSize: 10,
        panes: { separatorColor: CHART_THEME.border },
      },
      grid: { vertLines: { color: CHART_THEME.grid }, horzLines: { color: CHART_THEME.grid } },
      crosshair: { mode: CrosshairMode.Magnet },
      rightPriceScale: { borderColor: CHART_THEME.border },
      // A run has thousands of bars: let them be thinner than a pixel so the whole run fits.
      timeScale: { borderColor: CHART_THEME.border, timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
    });
    setChart(created);
    // The chart sizes itself after layout, and the dock changes height: fit the whole run again each time.
    const observer = new ResizeObserver(() => created.timeScale().fitContent());
    observer.observe(element);
    return () => {
      observer.disconnect();
      removed.add(created);
      setChart(null);
      created.remove();
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    const added = curves.map((curve) => {
      const line = chart.addSeries(LineSeries, {
        color: curve.color,
        lineWidth: 2,
        title: curves.length > 1 ? curve.label : '',
        priceLineVisible: false,
        priceFormat: unit === 'percent' ? { type: 'custom', formatter: (v: number) => `${v.toFixed(1)}%`, minMove: 0.01 } : { type: 'price', precision: 2, minMove: 0.01 },
      });
      line.setData([...curve.points]);
      return line;
    });
    const under = drawdown && drawdown.length > 0
      ? chart.addSeries(
          AreaSeries,
          {
            lineColor: CHART_THEME.down,
            topColor: 'rgba(239, 83, 80, 0.05)',
            bottomColor: 'rgba(239, 83, 80, 0.4)',
            lineWidth: 1,
            priceLineVisible: false,
            invertFilledArea: true,
            priceFormat: { type: 'custom', formatter: (v: number) => `${v.toFixed(1)}%`, minMove: 0.01 },
          },
          1,
        )
      : null;
    under?.setData([...(drawdown ?? [])]);
    // The drawdown pane is a strip under the curves, not half the chart.
    const panes = chart.panes();
    if (under && panes.length > 1) panes[1]?.setHeight(Math.max(50, Math.round((host.current?.clientHeight ?? 240) * 0.28)));
    chart.timeScale().fitContent();
    const frame = requestAnimationFrame(() => chart.timeScale().fitContent());
    return () => {
      cancelAnimationFrame(frame);
      // On unmount the chart may already be gone with its series.
      if (removed.has(chart)) return;
      for (const line of added) chart.removeSeries(line);
      if (under) chart.removeSeries(under);
    };
  }, [chart, curves, drawdown, unit]);

  const points = curves.reduce((sum, curve) => sum + curve.points.length, 0);
  return (
    <div className="bt-equity-chart" ref={host} role="img" aria-label={label} data-testid={testId} data-curves={curves.length} data-points={points} data-drawdown-points={drawdown?.length ?? 0}>
      {curves.length > 1 && (
        <div className="bt-curve-legend">
          {curves.map((curve) => (
            <span key={curve.id}>
              <i style={{ background: curve.color }} />
              {curve.label}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
