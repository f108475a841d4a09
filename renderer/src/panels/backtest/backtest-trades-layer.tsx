import { LineSeries, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useState } from 'react';
import type { ChartLayerProps } from '../chart/chart-layers';
import { toChartTime } from '../chart/candle-bars';
import { CHART_THEME } from '../chart/chart-theme';
import { useSeriesMarkers } from '../chart/use-series-markers';
import { useBacktestLab } from './backtest-store';
import { focusRange, tradeMarkers } from './trade-markers';

/**
 * The backtest lab's shown run on the main chart: its trades as markers when the chart shows the run's
 * series, and the trade picked in the lab framed, labelled and joined entry to exit by a dashed line.
 */
export function BacktestTradesLayer({ chart, series }: ChartLayerProps) {
  const result = useBacktestLab((state) => state.result);
  const show = useBacktestLab((state) => state.showOnChart);
  const focus = useBacktestLab((state) => state.focus);
  const plugin = useSeriesMarkers(chart);
  const [drawn, setDrawn] = useState(0);

  const matches = result !== null && show && result.venue === series.venue && result.symbol === series.symbol && result.timeframe === series.timeframe;
  const focused = matches && focus && focus.runId === result.id ? focus.tradeIndex : null;

  useEffect(() => {
    const markers = matches ? tradeMarkers(result.trades, focused) : [];
    plugin.current?.setMarkers(markers);
    setDrawn(markers.length);
  }, [chart, matches, result, focused]);

  // Frame the focused trade once its bars are on the chart (a series switch reloads them first).
  useEffect(() => {
    if (!matches || focused === null || !focus) return;
    const trade = result.trades[focused];
    if (!trade) return;
    let line: ISeriesApi<'Line'> | null = null;
    let cancelled = false;
    const frame = (): void => {
      if (cancelled) return;
      if (chart.api.timeScale().getVisibleRange() === null || (chart.candleSeries.data().length ?? 0) === 0) {
        window.setTimeout(frame, 100);
        return;
      }
      const range = focusRange(trade, result.timeframe, result.to);
      chart.api.timeScale().setVisibleRange({ from: toChartTime(range.from), to: toChartTime(range.to) });
      if (trade.exitTime !== undefined && trade.exitPrice !== undefined && trade.exitTime > trade.entryTime) {
        line = chart.api.addSeries(LineSeries, {
          color: trade.pnl >= 0 ? CHART_THEME.up : CHART_THEME.down,
          lineWidth: 2,
          lineStyle: 2,
          priceLineVisible: false,
          lastValueVisible: false,
          crosshairMarkerVisible: false,
        });
        line.setData([
          { time: toChartTime(trade.entryTime), value: trade.entryPrice },
          { time: toChartTime(trade.exitTime), value: trade.exitPrice },
        ]);
      }
    };
    frame();
    return () => {
      cancelled = true;
      // The chart panel disposes its chart before its layers clean up; the line went with it then.
      if (line && chart.api.panes().length > 0) chart.api.removeSeries(line);
    };
    // The nonce is in `focus`: clicking the same trade again frames it again.
  }, [chart, matches, result, focused, focus]);

  // What end-to-end tests read: how many trade markers are drawn, and which trade is framed.
  return <span hidden data-testid="backtest-trade-markers" data-count={drawn} data-run={matches ? result.id : ''} data-focused={focused ?? ''} />;
}
