import { join } from 'node:path';

/**
 * Where the Electron build of better-sqlite3 lies, relative to the app folder. Written by
 * scripts/rebuild-native-for-electron.mjs (keep the two in step); Node's own build under
 * node_modules cannot load in Electron's utility process (different ABI).
 */
export const ELECTRON_SQLITE_BINDING = join('.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

export type DesktopPaths = {
  /** Bundled engine entry (out/main/engine-host.js), run in the utility process. */
  readonly enginePath: string;
  /** Sandboxed preload, CommonJS (out/preload/index.cjs). */
  readonly preloadPath: string;
  /** Built renderer folder and page (out/renderer/index.html). */
  readonly rendererDir: string;
  readonly indexHtmlPath: string;
  readonly databasePath: string;
  readonly sqliteBindingPath: string;
};

export function resolveDesktopPaths(options: {
  /** Folder of the bundled main entry (out/main). */
  readonly mainDir: string;
  readonly userDataDir: string;
  /** app.getAppPath(): the project root unpackaged, …/resources/app.asar packaged. */
  readonly appPath: string;
  readonly resourcesPath: string;
  readonly isPackaged: boolean;
}): DesktopPaths {
  const rendererDir = join(options.mainDir, '..', 'renderer');
  // A native addon cannot be loaded from inside the asar archive; electron-builder unpacks it (asarUnpack).
  const nativeRoot = options.isPackaged ? join(options.resourcesPath, 'app.asar.unpacked') : options.appPath;
  return {
    enginePath: join(options.mainDir, 'engine-host.js'),
    preloadPath: join(options.mainDir, '..', 'preload', 'index.cjs'),
    rendererDir,
    indexHtmlPath: join(rendererDir, 'index.html'),
    databasePath: join(options.userDataDir, 'profiles', 'default', 'stratus.db'),
    sqliteBindingPath: join(nativeRoot, ELECTRON_SQLITE_BINDING),
  };
}
