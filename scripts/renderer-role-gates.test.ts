import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_ROLES, requiredRole } from '../engine/api/auth/method-roles';
import { CONTROL_METHOD_ROLES } from '../renderer/src/app/role-fixtures';

/**
 * A renderer control that calls a method beyond a viewer's must be disabled for a role the engine would
 * refuse. The usual way is `useCan('<method>')`; these few are gated by the older role flags of
 * useAccess (canTrade / canAdmin) where the whole panel or form is switched at once.
 */
const GATED_BY_ROLE_FLAGS: Readonly<Record<string, string>> = {
  'approvals.approve': 'approvals-panel: viewOnly on every card and key',
  'approvals.reject': 'approvals-panel: viewOnly on every card and key',
  'approvals.modify': 'approvals-panel: viewOnly on every card and key',
  'approvals.snooze': 'approvals-panel: viewOnly on every card and key',
  'approvals.setPolicy': 'policies-view: fieldset disabled unless canAdmin',
  'trading.setAutomation': 'policies-view and settings-dialog: disabled unless canAdmin',
  'orders.cancel': 'orders-panel: Cancel disabled unless canTrade',
  'risk.kill': 'kill-switch: disabled unless canTrade',
  'risk.resume': 'kill-switch: disabled unless canTrade',
  'risk.setLimits': 'settings-dialog: fieldset disabled unless canAdmin',
  'trading.setMode': 'settings-dialog: fieldset disabled unless canAdmin',
  'trading.setSizing': 'settings-dialog: fieldset disabled unless canAdmin',
  'trading.resetPaper': 'paper-reset-section: the reset button disabled unless canAdmin',
  'alerts.setRules': 'settings-dialog: fieldset disabled unless canAdmin',
  'alerts.setTelegram': 'settings-dialog: fieldset disabled unless canAdmin',
  'alerts.test': 'settings-dialog: fieldset disabled unless canAdmin',
  'keys.set': 'settings-dialog: fieldset disabled unless canAdmin',
  'keys.remove': 'settings-dialog: fieldset disabled unless canAdmin',
  'auth.devices': 'settings-dialog: the devices section is shown to an admin only',
  'auth.revoke': 'settings-dialog: the devices section is shown to an admin only',
  'auth.createPairingCode': 'settings-dialog: the devices section is shown to an admin only',
  'auth.audit': 'settings-dialog: the audit section is shown to an admin only',
};

const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|fixtures\.ts$|test-harness\.tsx$/.test(entry.name) ? [path] : [];
  });
}

const files = sources(join(root, 'renderer/src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
const called = new Map<string, string[]>();
for (const { path, text } of files) {
  for (const match of text.matchAll(/\.call\(\s*'([a-z]+\.[A-Za-z]+)'/g)) called.set(match[1]!, [...(called.get(match[1]!) ?? []), path]);
}
// useCan('a.b'), useCan(x ? 'a.b' : 'a.c'), and the lab's <RunBar method="a.b"> (which asks useCan itself).
const gatedByHook = new Set(
  files.flatMap(({ text }) => [...text.matchAll(/useCan\(([^)]*)\)|<RunBar method=("[a-z]+\.[A-Za-z]+")/g)].flatMap((m) => [...(m[1] ?? m[2]!).matchAll(/['"]([a-z]+\.[A-Za-z]+)['"]/g)].map((n) => n[1]!))),
);

describe('renderer controls and the engine roles', () => {
  it('finds the calls it checks', () => {
    expect(called.get('strategy.detach')).toEqual(['renderer/src/panels/signals/signals-panel.tsx']);
    expect(called.size).toBeGreaterThan(40);
  });

  it('calls only methods the engine classifies', () => {
    expect([...called.keys()].filter((method) => requiredRole(method) === null)).toEqual([]);
  });

  it('gates every call beyond a viewer, by useCan or a role flag, so that a new control cannot forget', () => {
    const ungated = [...called]
      .filter(([method]) => requiredRole(method) !== 'viewer' && !gatedByHook.has(method) && GATED_BY_ROLE_FLAGS[method] === undefined)
      .map(([method, paths]) => `${method} (${paths.join(', ')}) needs the ${requiredRole(method)} role: disable its control with useCan('${method}')`);
    expect(ungated).toEqual([]);
  });

  it('covers each of them in the role tests, with the engine’s role', () => {
    const beyondViewer = [...called.keys()].filter((method) => requiredRole(method) !== 'viewer').sort();
    expect(beyondViewer.filter((method) => !Object.hasOwn(CONTROL_METHOD_ROLES, method))).toEqual([]);
    for (const [method, role] of Object.entries(CONTROL_METHOD_ROLES)) expect(role, method).toBe((METHOD_ROLES as Record<string, string>)[method]);
  });
});
