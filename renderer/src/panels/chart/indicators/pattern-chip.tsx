import { createSeriesMarkers } from 'lightweight-charts';
import { useEffect, useState } from 'react';
import { useEngineClient } from '../../../app/stores-context';
import type { ChartLayerProps } from '../chart-layers';
import { patternMarkers, patternSummary, startPatternFeed, type PatternStatus } from './pattern-markers';

type PatternChipProps = ChartLayerProps & { readonly onRemove: () => void };

/**
 * Candlestick patterns of the chart's series drawn as markers on the candles, in a markers primitive of
 * their own so the strategy-signal markers beside them are untouched; the chip shows how many there are
 * (tooltip: which) and × turns them off.
 */
export function PatternChip({ chart, series, onRemove }: PatternChipProps) {
  const client = useEngineClient();
  const [status, setStatus] = useState<PatternStatus>({ kind: 'loading' });

  useEffect(() => {
    const markers = createSeriesMarkers(chart.candleSeries, []);
    const stop = startPatternFeed(client, series, (next) => {
      setStatus(next);
      if (next.kind === 'ready') markers.setMarkers(patternMarkers(next.result.matches));
    });
    return () => {
      stop();
      markers.detach();
    };
  }, [client, chart, series]);

  const matches = status.kind === 'ready' ? status.result.matches : [];
  return (
    <div className="indicator-chip" data-testid="indicator-chip" data-indicator="patterns" data-status={status.kind} data-points={matches.length}>
      <span className="indicator-chip-swatch indicator-chip-swatch-patterns" aria-hidden="true" />
      <span className="indicator-chip-label indicator-chip-label-static" title={status.kind === 'ready' ? patternSummary(matches) : undefined}>
        Patterns
      </span>
      {status.kind === 'ready' && <span className="indicator-chip-value">{matches.length}</span>}
      {status.kind === 'error' && (
        <span className="indicator-chip-error" role="alert" title={status.message}>
          {status.message}
        </span>
      )}
      <button type="button" className="indicator-chip-remove" aria-label="Remove Patterns" onClick={onRemove}>
        ×
      </button>
      {/* What end-to-end tests read: how many pattern markers are drawn. */}
      <span hidden data-testid="pattern-markers" data-count={matches.length} />
    </div>
  );
}
