import { useCallback, useEffect, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { AuthAuditEntryView, DeviceView } from '../../engine-client/api-types';
import { formatWhen } from './device-format';
import { errorText } from '../../format/format';

/** How many of the latest entries are shown. */
export const AUDIT_ROWS = 100;

/** The latest privileged actions and refusals (admin only): when, who, with which role, what, and how it ended. */
export function AuditSection() {
  const client = useEngineClient();
  const [entries, setEntries] = useState<readonly AuthAuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());

  // Entries name devices by id; show the names the trader gave them.
  useEffect(() => {
    client.call('auth.devices', {}).then(
      (devices: readonly DeviceView[]) => setNames(new Map(devices.map((d) => [d.id, d.name]))),
      () => undefined,
    );
  }, [client]);

  const load = useCallback((): void => {
    client.call('auth.audit', { limit: AUDIT_ROWS }).then(
      (list) => {
        setEntries(list);
        setError(null);
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  }, [client]);

  useEffect(load, [load]);

  return (
    <div className="audit-section" data-testid="audit-section">
      <div className="settings-actions audit-actions">
        <span className="settings-note">The latest {AUDIT_ROWS} privileged calls and refusals, newest first.</span>
        <button type="button" className="button button-quiet" data-testid="audit-refresh" onClick={load}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">Nothing audited yet.</p>
      ) : (
        <div className="audit-scroll">
          <table className="devices-table audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Role</th>
                <th>Method</th>
                <th>Outcome</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-outcome={e.outcome} data-method={e.method}>
                  <td className="mono">{formatWhen(e.at)}</td>
                  <td className="audit-actor" title={e.actor}>
                    {names.get(e.actor) ?? e.actor}
                  </td>
                  <td>
                    <span className={`trading-tag role-tag-${e.role}`}>{e.role}</span>
                  </td>
                  <td className="mono">{e.method}</td>
                  <td className={`audit-outcome audit-outcome-${e.outcome}`}>{e.outcome}</td>
                  <td className="audit-detail" title={e.detail}>
                    {e.detail}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
