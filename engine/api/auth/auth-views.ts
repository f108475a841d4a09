import type { CallContext } from '../define-handler';
import type { Role } from './roles';

/** A paired device as the API shows it; its token is never shown again after pairing. */
export type DeviceView = {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
};

export type WhoAmIView = {
  /** The paired device behind the connection; null for the desktop window, the CLI and the shared serve token. */
  readonly deviceId: string | null;
  readonly name: string;
  readonly role: Role;
  readonly transport: CallContext['transport'];
  /** The API methods this connection's role may call, from the engine's method-role table; a window disables controls for the others. */
  readonly allowed: readonly string[];
};

export type PairingCodeView = {
  /** Eight characters in two groups, `ABCD-EFGH`; usable once, until `expiresAt`. */
  readonly code: string;
  readonly role: Role;
  readonly expiresAt: number;
  /** SHA-256 of the serve certificate as upper-case hex pairs (`AB:CD:…`); null when serving plain HTTP on loopback. */
  readonly fingerprint: string | null;
  /** The serve address with the code (and fingerprint) in its fragment: `https://host:port/#pair=ABCD-EFGH&fingerprint=AB:CD:…`. */
  readonly pairingUrl: string;
};

export type AuditOutcome = 'ok' | 'denied' | 'error';

/** One privileged call or refusal; `detail` never holds a secret, a token or a pairing code. */
export type AuthAuditEntryView = {
  readonly id: number;
  readonly at: number;
  readonly actor: string;
  readonly role: Role;
  readonly method: string;
  readonly outcome: AuditOutcome;
  readonly detail: string;
};

/** What POST /pair answers on success. */
export type PairingResult = {
  readonly token: string;
  readonly deviceId: string;
  readonly role: Role;
  readonly fingerprint: string | null;
};
