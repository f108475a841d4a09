import type { MethodRoles, Role, WhoAmIView } from '../engine-client/api-types';

/**
 * For tests: the least role of every method a control of the window calls beyond reading. The
 * compiler holds it to the engine's METHOD_ROLES: a method the engine does not know, or a role that
 * differs from the engine's, does not type-check.
 */
export const CONTROL_METHOD_ROLES = {
  'alerts.markRead': 'trader',
  'alerts.setRules': 'admin',
  'alerts.setTelegram': 'admin',
  'alerts.test': 'admin',
  'approvals.approve': 'trader',
  'approvals.modify': 'trader',
  'approvals.reject': 'trader',
  'approvals.setPolicy': 'admin',
  'approvals.snooze': 'trader',
  'auth.audit': 'admin',
  'auth.createPairingCode': 'admin',
  'auth.devices': 'admin',
  'auth.revoke': 'admin',
  'auth.whoami': 'viewer',
  'backtest.cancel': 'trader',
  'backtest.delete': 'trader',
  'backtest.lookahead': 'trader',
  'backtest.monteCarlo': 'trader',
  'backtest.optimize': 'trader',
  'backtest.run': 'trader',
  'backtest.walkforward': 'trader',
  'data.cancelDownload': 'trader',
  'data.download': 'trader',
  'data.fillGaps': 'trader',
  'data.loadInstruments': 'trader',
  'data.unwatch': 'trader',
  'data.watch': 'trader',
  'keys.remove': 'admin',
  'keys.set': 'admin',
  'keys.status': 'admin',
  'onchain.addLabel': 'admin',
  'orders.cancel': 'trader',
  'regime.fit': 'trader',
  'risk.kill': 'trader',
  'risk.resume': 'trader',
  'risk.setLimits': 'admin',
  'sentiment.configure': 'admin',
  'strategy.attach': 'trader',
  'strategy.detach': 'trader',
  'trading.resetPaper': 'admin',
  'trading.setAutomation': 'admin',
  'trading.setMode': 'admin',
  'trading.setSizing': 'admin',
} as const satisfies { readonly [M in keyof MethodRoles]?: MethodRoles[M] };

export type ControlMethod = keyof typeof CONTROL_METHOD_ROLES;

const RANK: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

export function roleMayCall(role: Role, method: ControlMethod): boolean {
  return RANK[role] >= RANK[CONTROL_METHOD_ROLES[method]];
}

/** What `auth.whoami` answers a connection with this role (its `allowed` limited to the methods above). */
export function whoAs(role: Role, deviceId: string | null = 'dev-phone'): WhoAmIView {
  const allowed = Object.entries(CONTROL_METHOD_ROLES)
    .filter(([, required]) => RANK[role] >= RANK[required])
    .map(([method]) => method);
  return { deviceId, name: 'Phone', role, transport: 'websocket', allowed };
}
