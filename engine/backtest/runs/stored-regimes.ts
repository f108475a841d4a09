import type Database from 'better-sqlite3';
import type { CandleColumns, SeriesKey } from '../../model/candle';
import type { RegimeLabel, RegimeState } from '../../model/regime';
import { nextOpenTime } from '../../model/timeframe';
import { RegimeRepository } from '../../regime/regime-repository';
import { matrixRows } from '../../regime/regime-model';
import { expectedDuration } from '../../regime/regime-labels';

type Row = { model_id: string; time: number; received_at: number; regime: RegimeLabel; confidence: number; probabilities: string };

/**
 * The regime states the engine stored while it ran, as it knew them: for each bar, the state of that bar received
 * by the bar's close (the newest such if several models produced one), else none. A state computed later — after a
 * refit on history that includes the bar — was not known then and is left out.
 */
export function storedRegimesAt(db: Database.Database, series: SeriesKey, candles: CandleColumns): (RegimeState | undefined)[] {
  const n = candles.openTime.length;
  const out = new Array<RegimeState | undefined>(n).fill(undefined);
  if (n === 0) return out;
  const rows = db
    .prepare(
      `SELECT s.model_id, s.time, s.received_at, s.regime, s.confidence, s.probabilities
         FROM regime_states s JOIN regime_models m ON m.id = s.model_id
        WHERE m.venue = ? AND m.symbol = ? AND m.timeframe = ? AND s.time BETWEEN ? AND ?
        ORDER BY s.time, s.received_at`,
    )
    .all(series.venue, series.symbol, series.timeframe, candles.openTime[0]!, candles.openTime[n - 1]!) as Row[];
  if (rows.length === 0) return out;
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) index.set(candles.openTime[i]!, i);
  const repository = new RegimeRepository(db);
  const models = new Map<string, { labels: readonly RegimeLabel[]; transitions: number[][] } | undefined>();
  for (const row of rows) {
    const i = index.get(row.time);
    if (i === undefined || row.received_at > nextOpenTime(series.timeframe, row.time)) continue;
    if (!models.has(row.model_id)) {
      const model = repository.model(row.model_id);
      models.set(row.model_id, model ? { labels: model.labels, transitions: matrixRows(model.hmm) } : undefined);
    }
    const model = models.get(row.model_id);
    if (!model) continue;
    const probabilities = JSON.parse(row.probabilities) as number[];
    const top = probabilities.indexOf(Math.max(...probabilities));
    const stay = model.transitions[top]?.[top] ?? 0;
    out[i] = {
      ...series,
      time: row.time,
      receivedAt: row.received_at,
      modelId: row.model_id,
      labels: model.labels,
      probabilities,
      regime: row.regime,
      confidence: row.confidence,
      expectedDuration: expectedDuration(stay),
      transitions: model.transitions,
    };
  }
  return out;
}
