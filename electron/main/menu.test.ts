import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => ({
  Menu: {
    installed: null as unknown,
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu(menu: unknown) {
      this.installed = menu;
    },
  },
}));

vi.mock('electron', () => ({ Menu: fakes.Menu }));

import { buildMenuTemplate, installApplicationMenu } from './menu';

function submenuOf(template: MenuItemConstructorOptions[], match: (item: MenuItemConstructorOptions) => boolean): MenuItemConstructorOptions[] {
  const item = template.find(match);
  if (!item || !Array.isArray(item.submenu)) throw new Error('menu not found');
  return item.submenu;
}

const roles = (items: MenuItemConstructorOptions[]): unknown[] => items.map((item) => item.role ?? item.type ?? item.label);

describe('application menu', () => {
  it('has File → Quit on Linux and Windows', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'linux', openDocs: () => {} });
    expect(roles(submenuOf(template, (item) => item.label === 'File'))).toEqual(['quit']);
    expect(template.some((item) => item.role === 'appMenu')).toBe(false);
  });

  it('keeps Quit in the app menu on macOS', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'darwin', openDocs: () => {} });
    expect(template[0]?.role).toBe('appMenu');
    expect(roles(submenuOf(template, (item) => item.label === 'File'))).toEqual(['close']);
  });

  it('offers reload and developer tools only in development', () => {
    const view = (isDev: boolean) => roles(submenuOf(buildMenuTemplate({ isDev, platform: 'linux', openDocs: () => {} }), (item) => item.label === 'View'));
    expect(view(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    expect(view(false)).not.toContain('reload');
    expect(view(false)).not.toContain('forceReload');
    expect(view(false)).not.toContain('toggleDevTools');
  });

  it('opens the documentation from Help', () => {
    const openDocs = vi.fn();
    const help = submenuOf(buildMenuTemplate({ isDev: false, platform: 'linux', openDocs }), (item) => item.role === 'help');
    const docs = help.find((item) => item.label === 'Stratus documentation');
    expect(docs?.click).toBeTypeOf('function');
    docs?.click?.({} as never, undefined, {} as never);
    expect(openDocs).toHaveBeenCalledTimes(1);
  });

  it('installs the built menu', () => {
    installApplicationMenu({ isDev: true, platform: 'linux', openDocs: () => {} });
    expect(fakes.Menu.installed).toMatchObject({ template: expect.arrayContaining([expect.objectContaining({ label: 'File' })]) });
  });
});
