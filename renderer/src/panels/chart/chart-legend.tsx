import { useEffect, useState } from 'react';
import { formatPrice, formatUtcMinute, formatVolume } from '../../format/format';
import type { CandleChart, LegendBar } from './candle-chart';

type ChartLegendProps = {
  readonly chart: CandleChart | null;
  readonly title: string;
};

/** OHLC of the hovered bar, or of the last bar while the pointer is elsewhere. */
export function ChartLegend({ chart, title }: ChartLegendProps) {
  const [bar, setBar] = useState<LegendBar | null>(null);
  useEffect(() => {
    if (!chart) return;
    return chart.onLegend(setBar);
  }, [chart]);

  const change = bar ? bar.close - bar.open : 0;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const percent = bar && bar.open !== 0 ? (change / bar.open) * 100 : 0;
  return (
    <div className="chart-legend" data-testid="chart-legend" data-direction={direction}>
      <span className="chart-legend-title">{title}</span>
      {bar && (
        <>
          <LegendValue label="O" value={formatPrice(bar.open, bar.precision)} />
          <LegendValue label="H" value={formatPrice(bar.high, bar.precision)} />
          <LegendValue label="L" value={formatPrice(bar.low, bar.precision)} />
          <LegendValue label="C" value={formatPrice(bar.close, bar.precision)} />
          <span className="chart-legend-change">
            {change >= 0 ? '+' : ''}
            {formatPrice(change, bar.precision)} ({percent >= 0 ? '+' : ''}
            {percent.toFixed(2)}%)
          </span>
          <LegendValue label="V" value={formatVolume(bar.volume)} />
          <span className="chart-legend-time">{formatUtcMinute(bar.openTime)} UTC</span>
        </>
      )}
    </div>
  );
}

function LegendValue({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <span className="chart-legend-value">
      <span className="chart-legend-label">{label}</span>
      {value}
    </span>
  );
}
