import { useEffect, useState } from 'react';
import { useCan } from '../../app/access';
import { errorText } from '../../format/format';

/** What the engine says about stored exchange keys: never the secret, at most a masked key id. */
export type KeyStatus = {
  readonly configured: boolean;
  readonly keyId: string | null;
  /** Where keys are kept (the OS keychain, a passphrase file, environment variables…). */
  readonly location?: string;
  readonly writable?: boolean;
  /** Why the store could not be read; the keys may still be there. */
  readonly problem?: string | null;
};

/** Venues whose keys the engine stores. */
export type KeyVenue = 'bybit';

/** The engine's key storage, as the settings need it. */
export type KeysPort = {
  status(venue: KeyVenue): Promise<KeyStatus>;
  set(venue: KeyVenue, apiKey: string, secret: string): Promise<KeyStatus>;
  remove(venue: KeyVenue): Promise<KeyStatus>;
};

/**
 * Exchange keys. The secret field is write-only: it is a password input, never filled from the engine
 * (which never returns it), and cleared as soon as it has been sent, so it lives in the page only while
 * the trader types it.
 */
export function KeysSection({ port, venue = 'bybit' }: { readonly port: KeysPort | null; readonly venue?: KeyVenue }) {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Only an admin may read the key status; for others the section stays empty and the dialog says why.
  const { allowed: readable } = useCan('keys.status');

  useEffect(() => {
    if (!port || !readable) return;
    let live = true;
    port.status(venue).then(
      (s) => live && setStatus(s),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [port, venue, readable]);

  if (!port) return <p className="settings-note" data-testid="keys-unavailable">This engine cannot store exchange keys yet.</p>;

  const run = (request: () => Promise<KeyStatus>): void => {
    setBusy(true);
    setError(null);
    request().then(
      (s) => {
        setStatus(s);
        setBusy(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };
  const save = (): void => {
    const key = apiKey.trim();
    const value = secret;
    if (key === '' || value.trim() === '') {
      setError('Enter both the API key and its secret.');
      return;
    }
    // The secret leaves the page's state before the answer comes back, whatever it is.
    setSecret('');
    setApiKey('');
    run(() => port.set(venue, key, value));
  };

  return (
    <form
      className="keys-form"
      data-testid="keys-form"
      autoComplete="off"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <p className="settings-current" data-testid="keys-status">
        {status === null ? 'Reading key status…' : status.configured ? (
          <>
            Key <span className="mono">{status.keyId ?? '••••'}</span> is stored{status.location ? ` in ${status.location}` : ''}.
          </>
        ) : (
          'No key stored.'
        )}
      </p>
      {status?.problem && (
        <p className="alert" role="alert">
          {status.problem}
        </p>
      )}
      {status?.writable === false && <p className="settings-note">This engine's key store is read-only; set keys where the engine runs (`stratus keys set bybit`).</p>}
      <div className="limits-grid">
        <label className="limits-field">
          <span>API key</span>
          <input className="input mono" data-testid="key-id" value={apiKey} autoComplete="off" spellCheck={false} onChange={(e) => setApiKey(e.target.value)} />
        </label>
        <label className="limits-field">
          <span>Secret (write-only)</span>
          <input className="input mono" type="password" data-testid="key-secret" value={secret} autoComplete="new-password" spellCheck={false} onChange={(e) => setSecret(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="settings-actions">
        {status?.configured && (
          <button type="button" className="button button-quiet" data-testid="remove-key" disabled={busy} onClick={() => run(() => port.remove(venue))}>
            Remove key
          </button>
        )}
        <button type="submit" className="button button-primary" data-testid="save-key" disabled={busy || status?.writable === false}>
          {status?.configured ? 'Replace key' : 'Store key'}
        </button>
      </div>
    </form>
  );
}
