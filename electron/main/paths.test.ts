import { describe, expect, it } from 'vitest';
import { resolveDesktopPaths } from './paths';

describe('resolveDesktopPaths', () => {
  const common = { mainDir: '/repo/out/main', userDataDir: '/home/t/.config/Stratus', resourcesPath: '/opt/Stratus/resources' };

  it('finds the bundles beside out/main and the profile database under userData', () => {
    const paths = resolveDesktopPaths({ ...common, appPath: '/repo', isPackaged: false });
    expect(paths).toEqual({
      enginePath: '/repo/out/main/engine-host.js',
      preloadPath: '/repo/out/preload/index.cjs',
      rendererDir: '/repo/out/renderer',
      indexHtmlPath: '/repo/out/renderer/index.html',
      databasePath: '/home/t/.config/Stratus/profiles/default/stratus.db',
      sqliteBindingPath: '/repo/.electron-native/better-sqlite3/build/Release/better_sqlite3.node',
    });
  });

  it('loads the Electron SQLite build from the unpacked folder of a packaged app', () => {
    const paths = resolveDesktopPaths({ ...common, appPath: '/opt/Stratus/resources/app.asar', isPackaged: true });
    expect(paths.sqliteBindingPath).toBe('/opt/Stratus/resources/app.asar.unpacked/.electron-native/better-sqlite3/build/Release/better_sqlite3.node');
  });
});
