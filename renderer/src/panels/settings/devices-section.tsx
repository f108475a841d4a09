import { useCallback, useEffect, useState } from 'react';
import { useConnection, useEngineClient } from '../../app/stores-context';
import type { DeviceView, PairingCodeView, Role } from '../../engine-client/api-types';
import { useNow } from '../trading/use-now';
import { deviceState, formatWhen, sortDevices } from './device-format';
import { PairingCodeCard } from './pairing-code-card';
import { errorText } from '../../format/format';

const ROLES: readonly Role[] = ['viewer', 'trader', 'admin'];
/** How long a newly paired device may connect; null keeps it until revoked. */
const LIFETIMES: readonly { readonly days: number | null; readonly label: string }[] = [
  { days: null, label: 'until revoked' },
  { days: 1, label: 'for 1 day' },
  { days: 7, label: 'for 7 days' },
  { days: 30, label: 'for 30 days' },
  { days: 90, label: 'for 90 days' },
];

/**
 * Paired devices (admin only): who can connect, with which role, when each was last seen; revoke one
 * (its connections close at once), or pair a new one with a single-use code.
 */
export function DevicesSection() {
  const client = useEngineClient();
  const self = useConnection((state) => state.identity?.deviceId ?? null);
  const [devices, setDevices] = useState<readonly DeviceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [role, setRole] = useState<Role>('viewer');
  const [lifetime, setLifetime] = useState<number | null>(null);
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const now = useNow(1_000);

  const load = useCallback((): Promise<void> => {
    return client.call('auth.devices', {}).then(
      (list) => {
        setDevices(list);
        setError(null);
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  }, [client]);

  // Read on opening and on request, not polled: every admin read is an audited call.
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = (device: DeviceView): void => {
    setBusy(true);
    client.call('auth.revoke', { deviceId: device.id }).then(
      (updated) => {
        setDevices((list) => (list ?? []).map((d) => (d.id === updated.id ? updated : d)));
        setConfirming(null);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(errorText(failure));
        setBusy(false);
      },
    );
  };

  const createCode = (): void => {
    setBusy(true);
    setError(null);
    client.call('auth.createPairingCode', lifetime === null ? { role } : { role, deviceTtlDays: lifetime }).then(
      (created) => {
        setCode(created);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(errorText(failure));
        setBusy(false);
      },
    );
  };

  return (
    <div className="devices-section" data-testid="devices-section">
      {error && (
        <p className="alert" role="alert" data-testid="devices-error">
          {error}
        </p>
      )}
      {code ? (
        <PairingCodeCard
          code={code}
          now={now}
          onDone={() => {
            setCode(null);
            void load();
          }}
        />
      ) : (
        <div className="pair-new" role="group" aria-label="Pair a new device">
          <span className="pair-new-label">Pair a new device as</span>
          <select className="input" data-testid="pair-role" value={role} onChange={(event) => setRole(event.target.value as Role)} aria-label="Role of the new device">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <select
            className="input"
            data-testid="pair-lifetime"
            value={lifetime === null ? '' : String(lifetime)}
            onChange={(event) => setLifetime(event.target.value === '' ? null : Number(event.target.value))}
            aria-label="How long the new device may connect"
          >
            {LIFETIMES.map((l) => (
              <option key={l.label} value={l.days === null ? '' : String(l.days)}>
                {l.label}
              </option>
            ))}
          </select>
          <button type="button" className="button button-primary" data-testid="create-pairing-code" disabled={busy} onClick={createCode}>
            Create pairing code
          </button>
          <button type="button" className="button button-quiet pair-new-refresh" data-testid="devices-refresh" onClick={() => void load()}>
            Refresh
          </button>
        </div>
      )}
      {devices === null ? (
        <p className="muted">Loading devices…</p>
      ) : devices.length === 0 ? (
        <p className="muted" data-testid="no-devices">
          No device is paired yet.
        </p>
      ) : (
        <table className="devices-table">
          <thead>
            <tr>
              <th>Device</th>
              <th>Role</th>
              <th>Paired</th>
              <th>Last seen</th>
              <th>Expires</th>
              <th>State</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sortDevices(devices, now).map((d) => {
              const state = deviceState(d, now);
              return (
                <tr key={d.id} data-testid="device-row" data-device-id={d.id} data-state={state}>
                  <td className="device-name">
                    {d.name}
                    {d.id === self && <span className="trading-tag">this device</span>}
                  </td>
                  <td>
                    <span className={`trading-tag role-tag-${d.role}`}>{d.role}</span>
                  </td>
                  <td className="mono">{formatWhen(d.createdAt)}</td>
                  <td className="mono">{formatWhen(d.lastSeenAt)}</td>
                  <td className="mono">{d.expiresAt === null ? 'never' : formatWhen(d.expiresAt)}</td>
                  <td className={`device-state device-state-${state}`}>{state === 'revoked' ? `revoked ${formatWhen(d.revokedAt)}` : state}</td>
                  <td className="device-actions">
                    {state === 'active' &&
                      (confirming === d.id ? (
                        <span className="revoke-confirm" role="group" aria-label={`Confirm revoking ${d.name}`} title="Its connections close at once; it must pair again to come back">
                          <button type="button" className="button decision-reject" data-testid="revoke-confirm" disabled={busy} onClick={() => revoke(d)}>
                            Revoke
                          </button>
                          <button type="button" className="button button-quiet" onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="button button-quiet" data-testid="revoke-device" onClick={() => setConfirming(d.id)}>
                          Revoke…
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
