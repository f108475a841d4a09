import { useState } from 'react';
import type { PairingCodeView } from '../../engine-client/api-types';
import { formatCountdown } from '../trading/trading-format';

type PairingCodeCardProps = {
  readonly code: PairingCodeView;
  readonly now: number;
  readonly onDone: () => void;
};

/**
 * A new pairing code as the other device needs it: the code to type, how long it lives, the
 * certificate fingerprint to compare, and the link that carries all three, to copy.
 */
export function PairingCodeCard({ code, now, onDone }: PairingCodeCardProps) {
  const [copied, setCopied] = useState<'link' | 'failed' | null>(null);
  const expired = code.expiresAt <= now;
  const copy = (): void => {
    navigator.clipboard.writeText(code.pairingUrl).then(
      () => setCopied('link'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="pairing-card" data-testid="pairing-card" data-expired={expired ? 'true' : 'false'}>
      <div className="pairing-card-head">
        <span className="pairing-card-code mono" data-testid="pairing-code">
          {code.code}
        </span>
        <span className={`trading-tag role-tag-${code.role}`} data-testid="pairing-role">
          {code.role}
        </span>
        <span className={`countdown ${expired ? 'countdown-expired' : ''}`} data-testid="pairing-expiry" title={`Expires at ${new Date(code.expiresAt).toLocaleTimeString('en-GB')}`}>
          {expired ? 'expired' : `expires in ${formatCountdown(code.expiresAt, now)}`}
        </span>
      </div>
      <dl className="pairing-card-facts">
        <dt>Certificate</dt>
        <dd className="mono" data-testid="pairing-fingerprint">
          {code.fingerprint ?? 'none: plain HTTP on this computer'}
        </dd>
        <dt>Link</dt>
        <dd className="mono pairing-card-link" data-testid="pairing-link">
          {code.pairingUrl}
        </dd>
      </dl>
      <div className="settings-actions">
        {copied && (
          <span className={`settings-status ${copied === 'link' ? 'settings-status-ok' : 'settings-status-error'}`}>
            {copied === 'link' ? 'Link copied.' : 'Could not copy: select the link and copy it.'}
          </span>
        )}
        <button type="button" className="button" data-testid="copy-pairing-link" disabled={expired} onClick={copy}>
          Copy link
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          {expired ? 'Close' : 'Done'}
        </button>
      </div>
      <p className="settings-note">
        Used once. On the other device, paste the link in “Pair with a code”, or type the address and the code; the fingerprint must match the one shown there.
      </p>
    </div>
  );
}
