import type { CallContext } from '../define-handler';
import type { Role } from './roles';

/** Who is behind a connection, settled when it authenticates. */
export type Principal = {
  readonly role: Role;
  /** A paired device's id, or 'local', 'cli', 'serve-token'. */
  readonly actor: string;
  readonly deviceId: string | null;
  readonly name: string;
  /** When a paired device's token expires (ms); its sessions end then. Null: never. */
  readonly expiresAt: number | null;
};

/** Why a session of a device whose token expired is closed (as a revoked device's is, with its own reason). */
export const TOKEN_EXPIRED_MESSAGE = "this device's token expired; pair it again";

/** The desktop window: the MessagePort is the credential, and only Electron's main process hands one out. */
export const LOCAL_PRINCIPAL: Principal = { role: 'admin', actor: 'local', deviceId: null, name: 'this computer', expiresAt: null };

/** In-process callers: the CLI and tests running the engine themselves. */
export const CLI_PRINCIPAL: Principal = { role: 'admin', actor: 'cli', deviceId: null, name: 'command line', expiresAt: null };

/** The shared `stratus serve` token: the operator's own credential, admin. */
export const SERVE_TOKEN_PRINCIPAL: Principal = { role: 'admin', actor: 'serve-token', deviceId: null, name: 'serve token', expiresAt: null };

/** The principal a connection has when its transport did not name one. */
export function defaultPrincipal(transport: CallContext['transport']): Principal {
  switch (transport) {
    case 'message-port':
      return LOCAL_PRINCIPAL;
    case 'in-process':
      return CLI_PRINCIPAL;
    case 'websocket':
      // A WebSocket always authenticates; one that somehow did not gets the least.
      return { role: 'viewer', actor: 'unknown', deviceId: null, name: 'unknown', expiresAt: null };
  }
}
