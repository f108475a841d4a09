import { useId } from 'react';
import { draftFromLink, type PairingDraft } from './pairing-draft';

type PairingFieldsProps = {
  readonly draft: PairingDraft;
  readonly onChange: (draft: PairingDraft) => void;
  readonly disabled: boolean;
};

/**
 * The "pair with a code" fields: a pasted pairing link fills in the code and the certificate
 * fingerprint; the trader only names the device. Typing the address and code by hand works too.
 */
export function PairingFields({ draft, onChange, disabled }: PairingFieldsProps) {
  const ids = { link: useId(), code: useId(), fingerprint: useId(), name: useId() };
  return (
    <div className="connection-fields" data-testid="pairing-fields">
      <label htmlFor={ids.link}>Pairing link or engine address</label>
      <input
        id={ids.link}
        className="input mono"
        data-testid="pair-link"
        type="text"
        inputMode="url"
        spellCheck={false}
        placeholder="https://server:7420/#pair=ABCD-EFGH&fp=…"
        disabled={disabled}
        value={draft.link}
        onChange={(event) => onChange(draftFromLink(event.target.value, draft))}
      />
      <div className="pairing-row">
        <div className="pairing-cell">
          <label htmlFor={ids.code}>Pairing code</label>
          <input
            id={ids.code}
            className="input mono pairing-code-input"
            data-testid="pair-code"
            type="text"
            autoComplete="one-time-code"
            spellCheck={false}
            placeholder="ABCD-EFGH"
            disabled={disabled}
            value={draft.code}
            onChange={(event) => onChange({ ...draft, code: event.target.value })}
          />
        </div>
        <div className="pairing-cell pairing-cell-wide">
          <label htmlFor={ids.name}>Name this device</label>
          <input
            id={ids.name}
            className="input"
            data-testid="device-name"
            type="text"
            maxLength={64}
            disabled={disabled}
            value={draft.deviceName}
            onChange={(event) => onChange({ ...draft, deviceName: event.target.value })}
          />
        </div>
      </div>
      <label htmlFor={ids.fingerprint}>Certificate fingerprint (SHA-256)</label>
      <input
        id={ids.fingerprint}
        className="input mono pairing-fingerprint"
        data-testid="pair-fingerprint"
        type="text"
        spellCheck={false}
        placeholder="from the link; leave empty for an engine on this computer"
        disabled={disabled}
        value={draft.fingerprint}
        onChange={(event) => onChange({ ...draft, fingerprint: event.target.value })}
      />
      <p className="pairing-note">
        The code is used once and gives this device its own token. The engine’s certificate is checked against the fingerprint and pinned, so a changed certificate is refused later.
      </p>
    </div>
  );
}
