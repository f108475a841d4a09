import type { PairRequest } from '../../../electron/shared/pairing';
import { normalizeFingerprint } from '../../../electron/shared/pairing';
import { normalizeCode, parsePairingLink } from './pairing-link';

/** What the pairing form holds while the trader fills it in. */
export type PairingDraft = {
  /** The pasted pairing link, or just the engine's address. */
  readonly link: string;
  readonly code: string;
  readonly fingerprint: string;
  readonly deviceName: string;
};

export type PreparedPairing = { readonly request: PairRequest; readonly apiUrl: string } | { readonly error: string };

/** A draft from a pasted link: the code and fingerprint it carries fill their fields. */
export function draftFromLink(link: string, current: PairingDraft): PairingDraft {
  const parsed = parsePairingLink(link);
  return {
    ...current,
    link,
    code: parsed?.code ?? current.code,
    fingerprint: parsed?.fingerprint ?? current.fingerprint,
  };
}

/** The request to send, or what the trader must fix first. */
export function preparePairing(draft: PairingDraft): PreparedPairing {
  const target = parsePairingLink(draft.link);
  if (!target) return { error: 'Paste the pairing link printed by `stratus serve`, or enter the engine’s address (https://host:7420).' };
  if (target.badFingerprint) return { error: 'The fingerprint in this link is damaged: copy the whole link again.' };
  const typed = draft.fingerprint.trim();
  const fingerprint = typed === '' ? null : normalizeFingerprint(typed);
  if (typed !== '' && fingerprint === null) return { error: 'The certificate fingerprint should be 32 pairs of hex digits (AB:CD:…), as `stratus serve` prints it.' };
  if (target.origin.startsWith('http:') && fingerprint !== null) {
    return { error: 'This address is plain http://, which has no certificate to check: use the https:// link the engine printed.' };
  }
  const code = normalizeCode(draft.code);
  if (code === '') return { error: 'Enter the pairing code printed by `stratus serve` (like ABCD-EFGH).' };
  return { request: { origin: target.origin, code, deviceName: draft.deviceName.trim(), fingerprint }, apiUrl: target.apiUrl };
}

/** A name that tells this device apart in the engine's list until the trader types a better one. */
export function defaultDeviceName(desktop: boolean, platform: string): string {
  const system = /mac/i.test(platform) ? 'macOS' : /win/i.test(platform) ? 'Windows' : /linux/i.test(platform) ? 'Linux' : 'this computer';
  return `${desktop ? 'Stratus desktop' : 'Browser'} on ${system}`;
}
