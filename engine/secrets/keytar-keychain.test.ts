import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir';
import { loadKeytar } from './keytar-secret-store';

const keytarLoads = await loadKeytar().then(
  () => true,
  () => false,
);
const secretService = existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon');
const why = !keytarLoads ? 'keytar is not built here (an optional dependency)' : 'no dbus-run-session / gnome-keyring-daemon to run a Secret Service';

/**
 * The real OS keychain: keytar against a gnome-keyring Secret Service started for this test in its own
 * D-Bus session (a child process, so the test's own environment is untouched).
 */
describe.skipIf(!keytarLoads || !secretService)(`OS keychain through keytar${keytarLoads && secretService ? '' : ` (skipped: ${why})`}`, () => {
  it('stores, reads, reports and removes Bybit keys in a running Secret Service', () => {
    const dir = tempDir('stratus-keytar-');
    const root = resolve(import.meta.dirname, '..', '..');
    const entry = join(dir.path, 'entry.ts');
    writeFileSync(
      entry,
      `import { KeytarSecretStore, loadKeytar } from ${JSON.stringify(join(root, 'engine/secrets/keytar-secret-store.ts'))};
       import { keyStatus, readCredentials, writeCredentials } from ${JSON.stringify(join(root, 'engine/secrets/secret-store.ts'))};
       void (async () => {
         const store = new KeytarSecretStore(await loadKeytar(() => Promise.resolve(require('keytar'))));
         await writeCredentials(store, 'bybit', { apiKey: 'KeychainKey1234567', secret: 'keychain-secret-0099' });
         const back = await readCredentials(store, 'bybit');
         const status = await keyStatus(store, 'bybit');
         const removed = await store.remove('bybit');
         const after = (await readCredentials(store, 'bybit')) ?? null;
         process.stdout.write('RESULT' + JSON.stringify({ back, status, removed, after }));
       })().catch((error) => { process.stdout.write('FAILED ' + error.message); process.exit(1); });`,
    );
    const bundle = join(dir.path, 'keychain-check.cjs');
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', external: ['keytar'], outfile: bundle, logLevel: 'silent' });
    const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', `echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; node ${JSON.stringify(bundle)}`], {
      encoding: 'utf8',
      timeout: 30_000,
      // A fresh home: gnome-keyring creates a new login keyring there, unlocked by the password given.
      env: { ...process.env, HOME: dir.path, XDG_DATA_HOME: join(dir.path, 'data'), XDG_RUNTIME_DIR: dir.path, NODE_PATH: join(root, 'node_modules') },
    });
    dir.remove();
    const output = run.stdout.slice(run.stdout.indexOf('RESULT') + 'RESULT'.length);
    expect(run.stdout, run.stderr).toContain('RESULT');
    expect(JSON.parse(output)).toEqual({
      back: { apiKey: 'KeychainKey1234567', secret: 'keychain-secret-0099' },
      status: { venue: 'bybit', configured: true, keyId: 'Keyc…67', store: 'keychain', location: 'the OS keychain (service "stratus")', writable: true, problem: null },
      removed: true,
      after: null,
    });
  });
});
