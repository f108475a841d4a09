import './alerts-settings.css';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useEngineClient } from '../../app/stores-context';
import type { AlertChannel, AlertTestResult, TelegramStatusView } from '../../engine-client/api-types';
import { useAlertsStore } from '../alerts/use-alerts';
import { botTokenProblem, parseChatIds } from './telegram-form';
import { errorText } from '../../format/format';

type Status = { readonly tone: 'ok' | 'error'; readonly text: string };

const STATE_WORDS: Readonly<Record<TelegramStatusView['state'], string>> = { off: 'Off', connecting: 'Connecting…', running: 'Running', error: 'Error' };
const TESTS: readonly { readonly channel: AlertChannel; readonly label: string }[] = [
  { channel: 'in-app', label: 'In-app' },
  { channel: 'desktop', label: 'Desktop' },
  { channel: 'telegram', label: 'Telegram' },
];

/**
 * The Telegram bot: its state as the engine reports it (live from `alerts.status`), the switch, the chats
 * allowed to receive alerts and approve, and the bot token. The token is write-only: a password field
 * never filled from the engine (which never returns it), emptied as soon as it is sent; the page only
 * learns whether one is stored. The test buttons send a test alert through each channel.
 */
export function TelegramSection() {
  const client = useEngineClient();
  const store = useAlertsStore();
  const telegram = useStore(store, (s) => s.telegram);
  const [token, setToken] = useState('');
  const [chats, setChats] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const [tests, setTests] = useState<Partial<Record<AlertChannel, AlertTestResult | 'sending'>>>({});

  useEffect(() => {
    let live = true;
    client.call('alerts.telegram', {}).then(
      (view) => live && store.getState().setTelegram(view),
      (failure: unknown) => live && setStatus({ tone: 'error', text: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, [client, store]);
  // The chat list is the trader's draft once touched; until then it shows what the engine has.
  const chatsText = chats ?? telegram?.allowedChatIds.join('\n') ?? '';

  const update = (settings: { enabled?: boolean; allowedChatIds?: string[]; botToken?: string }, done: string): void => {
    setBusy(true);
    setStatus(null);
    client.call('alerts.setTelegram', settings).then(
      (view) => {
        store.getState().setTelegram(view);
        setBusy(false);
        setStatus({ tone: 'ok', text: done });
        if (settings.allowedChatIds) setChats(null);
      },
      (failure: unknown) => {
        setBusy(false);
        setStatus({ tone: 'error', text: errorText(failure) });
      },
    );
  };
  const saveToken = (): void => {
    const problem = botTokenProblem(token);
    if (problem) {
      setStatus({ tone: 'error', text: problem });
      return;
    }
    // The token leaves the page's state as it is sent, whatever the answer.
    const value = token.trim();
    setToken('');
    update({ botToken: value }, 'Bot token stored.');
  };
  const saveChats = (): void => {
    const parsed = parseChatIds(chatsText);
    if (!parsed.ok) {
      setStatus({ tone: 'error', text: parsed.problem });
      return;
    }
    update({ allowedChatIds: parsed.ids }, parsed.ids.length === 0 ? 'No chat is allowed now.' : `${parsed.ids.length} chat${parsed.ids.length > 1 ? 's' : ''} allowed.`);
  };
  const test = (channel: AlertChannel): void => {
    setTests((current) => ({ ...current, [channel]: 'sending' }));
    client.call('alerts.test', { channel }).then(
      (result) => setTests((current) => ({ ...current, [channel]: result })),
      (failure: unknown) => setTests((current) => ({ ...current, [channel]: { delivered: false, message: errorText(failure) } })),
    );
  };

  return (
    <div className="telegram-section" data-testid="telegram-section">
      <div className="telegram-status" data-testid="telegram-status" data-state={telegram?.state ?? 'unknown'}>
        <span className={`telegram-state telegram-state-${telegram?.state ?? 'unknown'}`}>{telegram ? STATE_WORDS[telegram.state] : 'Reading…'}</span>
        {telegram?.botUsername && <span className="mono">@{telegram.botUsername}</span>}
        {telegram?.message && <span className="telegram-message">{telegram.message}</span>}
      </div>
      <label className="switch telegram-switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="telegram-enabled"
          disabled={busy || telegram === null}
          checked={telegram?.enabled ?? false}
          onChange={(e) => update({ enabled: e.target.checked }, e.target.checked ? 'Telegram alerts on.' : 'Telegram alerts off.')}
        />
        <span className="switch-track" />
        <span className="switch-label">Send alerts and proposals to Telegram</span>
      </label>
      <form
        className="telegram-token"
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          saveToken();
        }}
      >
        <label className="limits-field">
          <span>
            Bot token (write-only) ·{' '}
            <span data-testid="telegram-token-state" data-stored={telegram?.configured ? 'true' : 'false'}>
              {telegram?.configured ? '✓ a token is stored' : 'no token stored'}
            </span>
          </span>
          <input
            className="input mono"
            type="password"
            data-testid="telegram-token"
            value={token}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={telegram?.configured ? 'Paste a new token to replace it' : '123456789:AA…'}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <button type="submit" className="button" data-testid="save-telegram-token" disabled={busy || token.trim() === ''}>
          {telegram?.configured ? 'Replace token' : 'Store token'}
        </button>
      </form>
      <form
        className="telegram-chats"
        onSubmit={(event) => {
          event.preventDefault();
          saveChats();
        }}
      >
        <label className="limits-field">
          <span>Allowed chat ids (one per line): only these chats get alerts and may approve</span>
          <textarea className="input mono telegram-chat-ids" data-testid="telegram-chats" rows={3} spellCheck={false} value={chatsText} onChange={(e) => setChats(e.target.value)} />
        </label>
        <button type="submit" className="button" data-testid="save-telegram-chats" disabled={busy || chats === null}>
          Save chats
        </button>
      </form>
      {status && (
        <p className={status.tone === 'error' ? 'alert' : 'settings-status settings-status-ok'} role={status.tone === 'error' ? 'alert' : 'status'} data-testid="telegram-feedback">
          {status.text}
        </p>
      )}
      <div className="telegram-tests">
        <span className="settings-note">Send a test alert through one channel:</span>
        {TESTS.map(({ channel, label }) => {
          const result = tests[channel];
          return (
            <span key={channel} className="telegram-test" data-testid={`test-${channel}`}>
              <button type="button" className="button" data-testid={`send-test-${channel}`} disabled={result === 'sending'} onClick={() => test(channel)}>
                {label}
              </button>
              <span className="telegram-test-result">
                {result === 'sending' && <span className="settings-note">Sending…</span>}
                {result && result !== 'sending' && (
                  <span className={result.delivered ? 'test-ok' : 'test-failed'} data-testid={`test-result-${channel}`} data-delivered={result.delivered ? 'true' : 'false'}>
                    {result.delivered ? '✓ ' : '✕ '}
                    {result.message}
                  </span>
                )}
              </span>
            </span>
          );
        })}
      </div>
    </div>
  );
}
