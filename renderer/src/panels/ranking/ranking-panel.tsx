import './ranking-panel.css';
import { Fragment, useState } from 'react';
import { useEngineClient, useMarket, useStores } from '../../app/stores-context';
import type { DimensionScores, RankedSeries } from '../../engine-client/api-types';
import { ANOMALY_BADGES, SCORE_COLUMNS, barTone, barWidth, directionArrow, latestModels, modelLine, rowKey } from './ranking-view';
import { useRanking } from './use-ranking';

const TOP_CHOICES = [5, 10, 20, 50] as const;

/** Stored series of the selected timeframe ranked by confidence; a row opens its series in the chart. */
export function RankingPanel() {
  const client = useEngineClient();
  const { market } = useStores();
  const timeframe = useMarket((s) => s.timeframe);
  const instrument = useMarket((s) => s.instrument);
  const [top, setTop] = useState<number>(10);
  const [expanded, setExpanded] = useState<string | null>(null);
  const view = useRanking(client, timeframe, top);
  const items = view.report?.items ?? [];
  const models = latestModels(view.models);
  const multiVenue = new Set(items.map((i) => i.series.venue)).size > 1;
  return (
    <div className="ranking-panel" data-testid="ranking-panel" data-loaded={view.report !== null} data-count={items.length}>
      <div className="ranking-toolbar">
        <span className="ranking-scope">
          {timeframe}
          {view.report?.reference ? ` · vs ${view.report.reference}` : ''}
        </span>
        <label className="ranking-top">
          Top
          <select aria-label="Top N" value={top} onChange={(e) => setTop(Number(e.target.value))}>
            {TOP_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="ranking-refresh" onClick={view.refresh} disabled={view.loading} title="Rank again now">
          ↻
        </button>
      </div>
      {view.error && (
        <p role="alert" className="ranking-note">
          Could not rank: {view.error}
        </p>
      )}
      {view.report && items.length === 0 && !view.error && (
        <p className="ranking-note" data-testid="ranking-empty">
          No {timeframe} series with enough history to rank. Import or download some in the Data panel.
        </p>
      )}
      {items.length > 0 && (
        <table className="ranking-table" data-testid="ranking-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Symbol</th>
              <th className="num" title="Combined confidence">Score</th>
              {SCORE_COLUMNS.map((c) => (
                <th key={c.key} title={c.title} className="score-head">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const key = rowKey(item);
              const selected = instrument?.venue === item.series.venue && instrument.symbol === item.series.symbol;
              const open = expanded === key;
              return (
                <Fragment key={key}>
                  <tr
                    className={`ranking-row${selected ? ' selected' : ''}`}
                    data-testid="ranking-row"
                    data-symbol={item.series.symbol}
                    data-anomalies={item.metrics.anomalies.map((a) => a.kind).join(' ')}
                    title={item.rationale}
                    aria-selected={selected}
                    onClick={() => market.getState().selectSeries(item.series)}
                  >
                    <td className="num mono rank">{item.rank}</td>
                    <td className="symbol-cell" title={`${item.series.symbol} · ${item.series.venue} ${item.series.timeframe}`}>
                      <span className="symbol-line">
                      <button
                        type="button"
                        className="expand"
                        aria-expanded={open}
                        aria-label={`Why ${item.series.symbol}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          setExpanded(open ? null : key);
                        }}
                      >
                        {open ? '▾' : '▸'}
                      </button>
                      <span className={`direction direction-${item.direction}`}>{directionArrow(item.direction)}</span>
                      <span className="symbol">{item.series.symbol}</span>
                      {multiVenue && <span className="venue">{item.series.venue}</span>}
                      <Badges item={item} />
                      </span>
                    </td>
                    <td className="num mono score">{item.score.toFixed(2)}</td>
                    {SCORE_COLUMNS.map((c) => (
                      <ScoreBar key={c.key} dimension={c.key} value={item.scores[c.key]} />
                    ))}
                  </tr>
                  {open && (
                    <tr className="ranking-detail" data-testid="ranking-rationale">
                      <td colSpan={3 + SCORE_COLUMNS.length}>{item.rationale}</td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {models.length > 0 && (
        <ul className="ranking-models" aria-label="ml-direction models" data-testid="ml-models">
          {models.map((m) => (
            <li key={m.id} title={`trained ${new Date(m.createdAt).toISOString()} on ${m.trainRows} bars; walk-forward ${m.scheme.folds} folds, purge ${m.scheme.purge}`}>
              <span className="model-kind">ml-direction</span> {modelLine(m)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ScoreBar({ dimension, value }: { readonly dimension: keyof DimensionScores; readonly value: number | null }) {
  return (
    <td className="score-cell" data-dimension={dimension} title={value === null ? 'no data' : value.toFixed(2)}>
      <span className={`score-bar tone-${barTone(dimension, value)}`}>
        <span className="score-fill" style={{ width: `${barWidth(value)}%` }} />
      </span>
    </td>
  );
}

function Badges({ item }: { readonly item: RankedSeries }) {
  if (item.metrics.anomalies.length === 0) return null;
  return (
    <span className="badges">
      {item.metrics.anomalies.map((a) => (
        <span key={a.kind} className={`anomaly-badge anomaly-${a.kind}`} data-testid="anomaly-badge" data-kind={a.kind} title={`${ANOMALY_BADGES[a.kind].name}: ${a.message}`}>
          {ANOMALY_BADGES[a.kind].short}
        </span>
      ))}
    </span>
  );
}
