import type Database from 'better-sqlite3';
import { StoreError } from '../../core/errors';
import type { RiskLimits, RiskState } from '../../risk/risk-config';
import type { PersistedRisk, RiskStateChange, RiskStateStore, RiskTrip } from '../../risk/risk-engine';

type StateRow = {
  state: RiskState;
  reason: string | null;
  trip: RiskTrip | null;
  peak_equity: number | null;
  day: number | null;
  day_start_equity: number | null;
  cooldown_until: number;
  stop_outs: number;
  limits: string;
  updated_at: number;
};

type EventRow = { at: number; previous: RiskState; state: RiskState; trip: RiskTrip | null; reason: string };

/** The RiskEngine's store in SQLite: one row of state, and the history of kill-switch transitions. */
export class RiskStateRepository implements RiskStateStore {
  constructor(private readonly db: Database.Database) {}

  load(): PersistedRisk | undefined {
    const row = this.db.prepare('SELECT * FROM risk_state WHERE id = 1').get() as StateRow | undefined;
    if (!row) return undefined;
    let limits: RiskLimits;
    try {
      limits = JSON.parse(row.limits, (_key, value: unknown) => (value === null ? Number.POSITIVE_INFINITY : value)) as RiskLimits;
    } catch (error) {
      throw new StoreError('the stored risk limits are not valid JSON', { cause: error });
    }
    return {
      state: row.state,
      ...(row.reason !== null ? { reason: row.reason } : {}),
      ...(row.trip !== null ? { trip: row.trip } : {}),
      // NULL is how a not-yet-known equity (NaN) is stored.
      peakEquity: row.peak_equity ?? Number.NaN,
      day: row.day ?? Number.NaN,
      dayStartEquity: row.day_start_equity ?? Number.NaN,
      cooldownUntil: row.cooldown_until,
      stopOuts: row.stop_outs,
      limits,
      updatedAt: row.updated_at,
    };
  }

  save(state: PersistedRisk): void {
    const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
    this.db
      .prepare(
        `INSERT INTO risk_state (id, state, reason, trip, peak_equity, day, day_start_equity, cooldown_until, stop_outs, limits, updated_at)
         VALUES (1, @state, @reason, @trip, @peak, @day, @dayStart, @cooldown, @stopOuts, @limits, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason, trip = excluded.trip,
           peak_equity = excluded.peak_equity, day = excluded.day, day_start_equity = excluded.day_start_equity,
           cooldown_until = excluded.cooldown_until, stop_outs = excluded.stop_outs, limits = excluded.limits, updated_at = excluded.updated_at`,
      )
      .run({
        state: state.state,
        reason: state.reason ?? null,
        trip: state.trip ?? null,
        peak: finite(state.peakEquity),
        day: finite(state.day),
        dayStart: finite(state.dayStartEquity),
        cooldown: state.cooldownUntil,
        stopOuts: state.stopOuts,
        // JSON has no Infinity: an unlimited limit is stored as null and read back as Infinity.
        limits: JSON.stringify(state.limits, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? null : value)),
        updatedAt: state.updatedAt,
      });
  }

  recordChange(change: RiskStateChange): void {
    this.db.prepare('INSERT INTO risk_events (at, previous, state, trip, reason) VALUES (?, ?, ?, ?, ?)').run(change.at, change.previous, change.state, change.trip ?? null, change.reason);
  }

  /** The latest transitions, newest first. */
  recentChanges(limit = 50): RiskStateChange[] {
    const rows = this.db.prepare('SELECT at, previous, state, trip, reason FROM risk_events ORDER BY at DESC, id DESC LIMIT ?').all(limit) as EventRow[];
    return rows.map((r) => ({ at: r.at, previous: r.previous, state: r.state, reason: r.reason, ...(r.trip !== null ? { trip: r.trip } : {}) }));
  }
}
