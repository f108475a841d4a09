import './connection-screen.css';
import { useId, useState, type FormEvent } from 'react';
import { parseEngineAddress, sameOriginApiUrl } from '../engine-client/engine-url';
import { describeTarget, type EngineTarget } from '../engine-client/engine-target';
import { defaultDeviceName, draftFromLink, preparePairing, type PairingDraft } from '../pairing/pairing-draft';
import { PairingFields } from '../pairing/pairing-fields';
import { connectionProblem, connectionProgress } from './connection-problem';
import { useConnection, useStores } from './stores-context';
import { Wordmark } from './wordmark';

/** Where `stratus serve` listens unless told otherwise; the default outside a served page. */
const DEFAULT_ENGINE_URL = 'ws://127.0.0.1:7420/api';

type Mode = EngineTarget['kind'];
/** How to reach a remote engine: its shared token, or a pairing code for this device's own token. */
type Method = 'token' | 'pair';

/** Chooses an engine and connects to it: this computer's (desktop app only) or a remote one. */
export function ConnectionScreen() {
  const { connection: store } = useStores();
  const localAvailable = useConnection((state) => state.localAvailable);
  const saved = useConnection((state) => state.saved);
  const target = useConnection((state) => state.target);
  const connection = useConnection((state) => state.connection);
  const offeredPairing = useConnection((state) => state.offeredPairing);

  const savedRemote = target?.kind === 'remote' ? target : null;
  const [mode, setMode] = useState<Mode>(localAvailable && target?.kind !== 'remote' ? 'local' : 'remote');
  const [url, setUrl] = useState(savedRemote?.url ?? sameOriginApiUrl(window.location) ?? DEFAULT_ENGINE_URL);
  const [token, setToken] = useState(saved?.target.kind === 'remote' ? (saved.token ?? '') : '');
  const [remember, setRemember] = useState(saved?.token != null);
  const [formError, setFormError] = useState<string | null>(null);
  const [method, setMethod] = useState<Method>(offeredPairing !== null ? 'pair' : 'token');
  const [draft, setDraft] = useState<PairingDraft>(() =>
    draftFromLink(offeredPairing ?? '', { link: '', code: '', fingerprint: '', deviceName: defaultDeviceName(localAvailable, navigator.platform) }),
  );
  const [pairing, setPairing] = useState<{ readonly busy: boolean; readonly failure: string | null; readonly role: string | null }>({ busy: false, failure: null, role: null });
  const ids = { url: useId(), token: useId(), remember: useId() };

  const attempting = connection?.status === 'connecting' || connection?.status === 'reconnecting';
  const where = target ? describeTarget(target) : '';
  const problem = formError ?? (method === 'pair' && mode === 'remote' ? pairing.failure : null) ?? connectionProblem(connection);
  const progress = connectionProgress(connection, where);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFormError(null);
    if (mode === 'local') {
      store.getState().connect({ kind: 'local' });
      return;
    }
    if (method === 'pair') {
      pair();
      return;
    }
    // A pairing link pasted where the address goes: take the pairing route with it.
    if (/#(.*&)?pair=/.test(url)) {
      setMethod('pair');
      setDraft((current) => draftFromLink(url, current));
      return;
    }
    const address = parseEngineAddress(url);
    if (!address) {
      setFormError('Enter the engine’s address, for example ws://127.0.0.1:7420/api.');
      return;
    }
    // A pasted `stratus serve` link carries its token in the fragment.
    const chosenToken = token.trim() !== '' ? token.trim() : (address.token ?? '');
    if (chosenToken === '') {
      setFormError('Enter the token printed by `stratus serve`.');
      return;
    }
    setUrl(address.url);
    setToken(chosenToken);
    store.getState().connect({ kind: 'remote', url: address.url }, { token: chosenToken, remember });
  };

  const pair = (): void => {
    const prepared = preparePairing(draft);
    if ('error' in prepared) {
      setFormError(prepared.error);
      return;
    }
    setPairing({ busy: true, failure: null, role: null });
    void store
      .getState()
      .pair(prepared.request, prepared.apiUrl)
      .then((reply) => setPairing({ busy: false, failure: reply.ok ? null : reply.message, role: reply.ok ? reply.role : null }));
  };

  return (
    <main className="connection-screen" data-testid="connection-screen">
      <form className="connection-card" onSubmit={submit} aria-labelledby="connection-title" noValidate>
        <Wordmark large />
        <h1 id="connection-title" className="connection-title">
          Connect to an engine
        </h1>

        {localAvailable && (
          <div className="engine-choice" role="radiogroup" aria-label="Engine">
            <ChoiceCard mode="local" current={mode} onChoose={setMode} title="This computer" detail="The engine the desktop app runs for you." />
            <ChoiceCard mode="remote" current={mode} onChoose={setMode} title="Remote engine" detail="An engine started with `stratus serve`." />
          </div>
        )}

        {mode === 'remote' && (
          <div className="method-switch" role="group" aria-label="How to connect">
            {(['token', 'pair'] as const).map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={method === m}
                data-testid={`method-${m}`}
                onClick={() => {
                  setMethod(m);
                  setFormError(null);
                }}
              >
                {m === 'token' ? 'Token' : 'Pair with a code'}
              </button>
            ))}
          </div>
        )}

        {mode === 'remote' && method === 'pair' && <PairingFields draft={draft} onChange={setDraft} disabled={pairing.busy} />}
        {mode === 'remote' && method === 'pair' && pairing.role !== null && !problem && (
          <p className="pairing-result" data-testid="pair-result" data-role={pairing.role}>
            Paired as <strong>{pairing.role}</strong>. Connecting with this device’s own token…
          </p>
        )}

        {mode === 'remote' && method === 'token' && (
          <div className="connection-fields">
            <label htmlFor={ids.url}>Engine URL</label>
            <input
              id={ids.url}
              className="input mono"
              data-testid="engine-url"
              type="text"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              value={url}
              onChange={(event) => setUrl(event.target.value)}
            />
            <label htmlFor={ids.token}>Token</label>
            <input
              id={ids.token}
              className="input mono"
              data-testid="engine-token"
              type="password"
              autoComplete="current-password"
              spellCheck={false}
              placeholder="printed by stratus serve"
              value={token}
              onChange={(event) => setToken(event.target.value)}
            />
            <div className="checkbox-row">
              <input id={ids.remember} type="checkbox" data-testid="remember-token" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
              <label htmlFor={ids.remember}>Remember on this computer</label>
            </div>
          </div>
        )}

        {problem && (
          <div className="alert" role="alert" data-testid="connection-error">
            {problem}
          </div>
        )}
        {!problem && progress && (
          <p className="connection-progress" aria-live="polite" data-testid="connection-progress">
            {progress}
          </p>
        )}

        <div className="connection-actions">
          {attempting && (
            <button type="button" className="button button-quiet" data-testid="cancel-connect" onClick={() => store.getState().disconnect()}>
              Cancel
            </button>
          )}
          <button type="submit" className="button button-primary" data-testid="connect" disabled={pairing.busy}>
            {pairing.busy ? 'Pairing…' : attempting ? 'Connecting…' : mode === 'remote' && method === 'pair' ? 'Pair and connect' : 'Connect'}
          </button>
        </div>
      </form>
    </main>
  );
}

type ChoiceCardProps = {
  readonly mode: Mode;
  readonly current: Mode;
  readonly onChoose: (mode: Mode) => void;
  readonly title: string;
  readonly detail: string;
};

function ChoiceCard({ mode, current, onChoose, title, detail }: ChoiceCardProps) {
  return (
    <label className="choice-card" data-checked={mode === current}>
      <input type="radio" name="engine" value={mode} data-testid={`engine-choice-${mode}`} checked={mode === current} onChange={() => onChoose(mode)} />
      <span className="choice-title">{title}</span>
      <span className="choice-detail">{detail}</span>
    </label>
  );
}
