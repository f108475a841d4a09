import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from '../../../core/errors';
import type { SeriesKey } from '../../../model/candle';
import { isTimeframe } from '../../../model/timeframe';
import { ML_DIRECTION_KIND, parametersSchema, type DirectionModel, type NewDirectionModel } from './direction-model';

type Row = {
  id: number;
  venue: string;
  symbol: string;
  timeframe: string;
  version: number;
  created_at: number;
  train_from: number;
  train_to: number;
  feature_names: string;
  parameters: string;
  metrics: string;
};

/** What the ml-direction strategy needs from storage: the newest model of its series. */
export type DirectionModelSource = { latest(series: SeriesKey): DirectionModel | undefined };

/** Trained direction models in the `ml_models` table, versioned per series. */
export class MlModelStore implements DirectionModelSource {
  constructor(private readonly db: Database.Database) {}

  /** Stores a new version (previous version + 1 for the series) and returns it with its id and version. */
  save(model: NewDirectionModel): DirectionModel {
    const { series } = model;
    const { standardiser, model: weights } = model;
    if (standardiser.means.length !== model.featureNames.length || weights.weights.length !== model.featureNames.length) {
      throw new StoreError(`model has ${model.featureNames.length} feature names but ${weights.weights.length} weights`);
    }
    const insert = this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM ml_models WHERE kind = ? AND venue = ? AND symbol = ? AND timeframe = ?')
        .get(ML_DIRECTION_KIND, series.venue, series.symbol, series.timeframe) as { v: number };
      const version = row.v + 1;
      const parameters = {
        horizon: model.horizon,
        deadZone: model.deadZone,
        l2: model.l2,
        trainRows: model.trainRows,
        standardiser,
        model: weights,
        scheme: model.scheme,
      };
      const result = this.db
        .prepare(
          `INSERT INTO ml_models (kind, venue, symbol, timeframe, version, created_at, train_from, train_to, feature_names, parameters, metrics)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          ML_DIRECTION_KIND,
          series.venue,
          series.symbol,
          series.timeframe,
          version,
          model.createdAt,
          model.trainFrom,
          model.trainTo,
          JSON.stringify(model.featureNames),
          JSON.stringify(parameters),
          JSON.stringify(model.validation),
        );
      return { ...model, id: Number(result.lastInsertRowid), version };
    });
    return insert();
  }

  latest(series: SeriesKey): DirectionModel | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM ml_models WHERE kind = ? AND venue = ? AND symbol = ? AND timeframe = ? ORDER BY version DESC LIMIT 1`,
      )
      .get(ML_DIRECTION_KIND, series.venue, series.symbol, series.timeframe) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Every stored version, newest first; optionally of one series. */
  list(series?: SeriesKey): DirectionModel[] {
    const rows = (
      series
        ? this.db
            .prepare('SELECT * FROM ml_models WHERE kind = ? AND venue = ? AND symbol = ? AND timeframe = ? ORDER BY version DESC')
            .all(ML_DIRECTION_KIND, series.venue, series.symbol, series.timeframe)
        : this.db.prepare('SELECT * FROM ml_models WHERE kind = ? ORDER BY created_at DESC, id DESC').all(ML_DIRECTION_KIND)
    ) as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): DirectionModel {
  try {
    if (!isTimeframe(row.timeframe)) throw new Error(`unknown timeframe ${row.timeframe}`);
    const p = parametersSchema.parse(JSON.parse(row.parameters));
    const featureNames = z.array(z.string()).parse(JSON.parse(row.feature_names));
    return {
      id: row.id,
      kind: ML_DIRECTION_KIND,
      series: { venue: row.venue, symbol: row.symbol, timeframe: row.timeframe },
      version: row.version,
      createdAt: row.created_at,
      horizon: p.horizon,
      deadZone: p.deadZone,
      l2: p.l2,
      featureNames,
      standardiser: p.standardiser,
      model: p.model,
      trainFrom: row.train_from,
      trainTo: row.train_to,
      trainRows: p.trainRows,
      scheme: p.scheme,
      validation: JSON.parse(row.metrics) as DirectionModel['validation'],
    };
  } catch (error) {
    throw new StoreError(`stored ml-direction model ${row.id} (${row.venue} ${row.symbol} ${row.timeframe} v${row.version}) is damaged`, { cause: error });
  }
}
