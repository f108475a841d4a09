import type Database from 'better-sqlite3';
import type { AuditRecord } from '../api-server';
import type { AuthAuditEntryView } from './auth-views';

/** The audit log of privileged calls and refusals, newest first when read. */
export class AuditLog {
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO auth_audit (at, actor, role, method, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)');
  }

  record(entry: AuditRecord, at: number): void {
    this.insert.run(at, entry.actor, entry.role, entry.method, entry.outcome, entry.detail);
  }

  list(query: { readonly limit: number; readonly before?: number }): AuthAuditEntryView[] {
    const rows =
      query.before === undefined
        ? this.db.prepare('SELECT * FROM auth_audit ORDER BY id DESC LIMIT ?').all(query.limit)
        : this.db.prepare('SELECT * FROM auth_audit WHERE id < ? ORDER BY id DESC LIMIT ?').all(query.before, query.limit);
    return rows as AuthAuditEntryView[];
  }
}
