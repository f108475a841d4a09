import type Database from 'better-sqlite3';
import { StoreError } from '../core/errors';
import type { SeriesKey } from '../model/candle';
import type { RegimeLabel, RegimeState } from '../model/regime';
import { fromJson, toJson, type GaussianHmmJson } from './hmm/gaussian-hmm';
import type { RegimeModel } from './regime-model';

/** A stored filtered state: the belief after one bar, as published. */
export type StoredRegimeState = {
  readonly time: number;
  readonly receivedAt: number;
  readonly regime: RegimeLabel;
  readonly confidence: number;
  readonly probabilities: readonly number[];
};

type ModelRow = { model: string };
type StateRow = { time: number; received_at: number; regime: RegimeLabel; confidence: number; probabilities: string };

/** Regime models and the states they produced, in the regime tables. */
export class RegimeRepository {
  private readonly insertModelStatement: Database.Statement;
  private readonly latestModelStatement: Database.Statement<[string, string, string], ModelRow>;
  private readonly modelStatement: Database.Statement<[string], ModelRow>;
  private readonly nextVersionStatement: Database.Statement<[string, string, string], { next: number }>;
  private readonly insertStateStatement: Database.Statement;
  private readonly statesStatement: Database.Statement<[string, number, number, number], StateRow>;

  constructor(private readonly db: Database.Database) {
    this.insertModelStatement = db.prepare(
      `INSERT INTO regime_models (id, venue, symbol, timeframe, version, created_at, fitted_from, fitted_to, bars, states,
         log_likelihood, iterations, bic, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.latestModelStatement = db.prepare(
      'SELECT model FROM regime_models WHERE venue = ? AND symbol = ? AND timeframe = ? ORDER BY version DESC LIMIT 1',
    );
    this.modelStatement = db.prepare('SELECT model FROM regime_models WHERE id = ?');
    this.nextVersionStatement = db.prepare(
      'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM regime_models WHERE venue = ? AND symbol = ? AND timeframe = ?',
    );
    this.insertStateStatement = db.prepare(
      `INSERT INTO regime_states (model_id, time, received_at, regime, confidence, probabilities) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_id, time) DO NOTHING`,
    );
    // The newest `limit` states in the range, returned oldest first.
    this.statesStatement = db.prepare(
      `SELECT * FROM (SELECT time, received_at, regime, confidence, probabilities FROM regime_states
         WHERE model_id = ? AND time BETWEEN ? AND ? ORDER BY time DESC LIMIT ?) ORDER BY time`,
    );
  }

  nextVersion(key: SeriesKey): number {
    return this.nextVersionStatement.get(key.venue, key.symbol, key.timeframe)!.next;
  }

  insertModel(model: RegimeModel): void {
    const { hmm, ...rest } = model;
    this.insertModelStatement.run(
      model.id,
      model.venue,
      model.symbol,
      model.timeframe,
      model.version,
      model.createdAt,
      model.from,
      model.to,
      model.bars,
      hmm.states,
      model.logLikelihood,
      model.iterations,
      model.bic,
      JSON.stringify({ ...rest, hmm: toJson(hmm) }),
    );
  }

  latestModel(key: SeriesKey): RegimeModel | undefined {
    const row = this.latestModelStatement.get(key.venue, key.symbol, key.timeframe);
    return row ? parseModel(row.model) : undefined;
  }

  model(id: string): RegimeModel | undefined {
    const row = this.modelStatement.get(id);
    return row ? parseModel(row.model) : undefined;
  }

  /** Stores states in one transaction; a state already stored for that model and bar is kept as it was. */
  insertStates(states: readonly RegimeState[]): void {
    const write = this.db.transaction(() => {
      for (const s of states) {
        this.insertStateStatement.run(s.modelId, s.time, s.receivedAt, s.regime, s.confidence, JSON.stringify(s.probabilities));
      }
    });
    write();
  }

  states(modelId: string, from: number, to: number, limit: number): StoredRegimeState[] {
    return this.statesStatement.all(modelId, from, to, limit).map((row) => ({
      time: row.time,
      receivedAt: row.received_at,
      regime: row.regime,
      confidence: row.confidence,
      probabilities: JSON.parse(row.probabilities) as number[],
    }));
  }
}

function parseModel(text: string): RegimeModel {
  try {
    const { hmm, ...rest } = JSON.parse(text) as Omit<RegimeModel, 'hmm'> & { hmm: GaussianHmmJson };
    return { ...rest, hmm: fromJson(hmm) };
  } catch (error) {
    throw new StoreError('a stored regime model cannot be read', { cause: error });
  }
}
