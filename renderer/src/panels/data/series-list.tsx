import type { SeriesSummary } from '../../engine-client/api-types';
import { useMarket, useStores } from '../../app/stores-context';
import { formatCount, formatUtcMinute } from '../../format/format';

type SeriesListProps = {
  readonly series: readonly SeriesSummary[];
  readonly loaded: boolean;
};

/** Stored series with their extent; choosing one shows it on the chart. */
export function SeriesList({ series, loaded }: SeriesListProps) {
  const { market } = useStores();
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);

  if (!loaded) return <p className="muted">Loading…</p>;
  if (series.length === 0) return <p className="muted" data-testid="series-empty">No candles stored yet.</p>;
  return (
    <ul className="series-list" data-testid="series-list">
      {series.map((s) => {
        const selected = instrument?.venue === s.venue && instrument.symbol === s.symbol && timeframe === s.timeframe;
        return (
          <li key={`${s.venue}:${s.symbol}:${s.timeframe}`}>
            <button
              type="button"
              className="series-row"
              data-testid="series-row"
              data-venue={s.venue}
              data-symbol={s.symbol}
              data-timeframe={s.timeframe}
              aria-pressed={selected}
              onClick={() => market.getState().selectSeries(s)}
            >
              <span className="series-name">
                {s.symbol}
                <span className="series-venue">{s.venue}</span>
              </span>
              <span className="series-timeframe">{s.timeframe}</span>
              <span className="series-count num">{formatCount(s.count)}</span>
              <span className="series-range num">
                {formatUtcMinute(s.firstOpenTime)} → {formatUtcMinute(s.lastOpenTime)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
