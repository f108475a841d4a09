#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/better-sqlite3, leaving Node's build in
// node_modules untouched: `npm test` and `stratus serve` need that one, the desktop app's engine (in
// Electron's utility process) needs this one and loads it through STRATUS_SQLITE_BINDING.
//
// It needs Electron's headers from the internet the first time, so it runs before `npm start` and
// before packaging — never in postinstall, where it would break an offline `npm ci`.
//
// Usage: node scripts/rebuild-native-for-electron.mjs [--force]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'node_modules', 'better-sqlite3');
const targetDir = join(root, '.electron-native', 'better-sqlite3');
// Keep in step with ELECTRON_SQLITE_BINDING in electron/main/paths.ts.
const addonPath = join(targetDir, 'build', 'Release', 'better_sqlite3.node');
const stampPath = join(targetDir, 'electron-build.json');
const copiedEntries = ['package.json', 'binding.gyp', 'src', 'deps', 'lib'];

function fail(message) {
  console.error(`\nrebuild-native-for-electron: ${message}`);
  process.exit(1);
}

function readVersion(packageJsonPath, name) {
  try {
    return JSON.parse(readFileSync(packageJsonPath, 'utf8')).version;
  } catch {
    return fail(`${name} is not installed (${packageJsonPath} is missing); run npm ci first.`);
  }
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return null;
  }
}

// npm's bundled node-gyp: the one npm itself would use, so no extra package is needed.
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  // Run directly with node (no npm environment): npm sits next to node's own install.
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

// npm passes its config to scripts as npm_config_* variables and node-gyp lets those override its
// command line; a user's `nodedir` (or target/runtime) would silently build against Node's headers.
function buildEnvironment() {
  const overriding = /^npm_config_(nodedir|target|target_arch|arch|runtime|dist_?url|build_from_source)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !overriding.test(key)));
}

const electronVersion = readVersion(join(root, 'node_modules', 'electron', 'package.json'), 'electron');
const sqliteVersion = readVersion(join(sourceDir, 'package.json'), 'better-sqlite3');
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };
const force = process.argv.includes('--force');

const stamp = readStamp();
const upToDate = stamp !== null && Object.entries(wanted).every(([key, value]) => stamp[key] === value) && existsSync(addonPath);
if (upToDate && !force) {
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is already built (${addonPath}).`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) fail("cannot find node-gyp: run this through npm (it bundles node-gyp) or set npm_config_node_gyp to node-gyp's bin/node-gyp.js.");

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch}) …`);
rmSync(targetDir, { recursive: true, force: true });
mkdirSync(targetDir, { recursive: true });
for (const entry of copiedEntries) {
  const from = join(sourceDir, entry);
  if (!existsSync(from)) fail(`node_modules/better-sqlite3/${entry} is missing; reinstall with npm ci.`);
  cpSync(from, join(targetDir, entry), { recursive: true });
}

const started = performance.now();
const result = spawnSync(
  process.execPath,
  [
    nodeGyp,
    'rebuild',
    '--release',
    '--jobs=max',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ],
  { cwd: targetDir, stdio: 'inherit', env: buildEnvironment() },
);

if (result.error) fail(`could not run node-gyp: ${result.error.message}`);
if (result.status !== 0 || !existsSync(addonPath)) {
  fail(
    `the Electron build of better-sqlite3 failed (node-gyp exit code ${result.status ?? result.signal}).\n` +
      'It needs Electron headers from https://electronjs.org/headers (or a node-gyp cache holding them) and a C++ toolchain\n' +
      '(python3, make, g++). The desktop app cannot open its database without it; `npm test` and `stratus serve` do not need it.',
  );
}

writeFileSync(stampPath, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
console.log(`Built ${addonPath} in ${Math.round((performance.now() - started) / 1000)} s.`);
