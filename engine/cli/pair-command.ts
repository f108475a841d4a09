import { dirname } from 'node:path';
import type { Command } from 'commander';
import { PairingCodes } from '../api/auth/pairing-codes';
import { isRole, ROLES } from '../api/auth/roles';
import { DEFAULT_PAIRING_TTL_SECONDS, MAX_PAIRING_TTL_SECONDS } from '../api/handlers/auth';
import { ValidationError } from '../core/errors';
import { storedFingerprint } from '../hosts/serve-certificate';
import { openDatabase } from '../store/database';
import { defaultDatabasePath } from './default-paths';

type PairOptions = { db: string; role: string; ttl: string; deviceTtl?: string };

/**
 * `stratus pair`: issues a one-time pairing code into the profile database. The code lives in SQLite,
 * so a `stratus serve` already running on that database accepts it at POST /pair.
 */
export function registerPairCommand(program: Command): void {
  program
    .command('pair')
    .description('print a one-time code that pairs a device with `stratus serve`')
    .requiredOption('--role <role>', `the device's role: ${ROLES.join(', ')}`)
    .option('--ttl <seconds>', 'how long the code stays valid', String(DEFAULT_PAIRING_TTL_SECONDS))
    .option('--device-ttl <days>', "the paired device's token expires after this many days (default: until revoked)")
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .action((options: PairOptions) => {
      if (!isRole(options.role)) throw new ValidationError(`--role must be one of ${ROLES.join(', ')}, not "${options.role}"`);
      const ttl = Number(options.ttl);
      if (!Number.isInteger(ttl) || ttl < 30 || ttl > MAX_PAIRING_TTL_SECONDS) {
        throw new ValidationError(`--ttl must be whole seconds from 30 to ${MAX_PAIRING_TTL_SECONDS}, not "${options.ttl}"`);
      }
      const deviceDays = options.deviceTtl === undefined ? null : Number(options.deviceTtl);
      if (deviceDays !== null && (!Number.isInteger(deviceDays) || deviceDays < 1 || deviceDays > 3_650)) {
        throw new ValidationError(`--device-ttl must be whole days from 1 to 3650, not "${options.deviceTtl}"`);
      }
      const db = openDatabase({ path: options.db });
      try {
        const issued = new PairingCodes(db).issue(options.role, ttl, Date.now(), deviceDays === null ? null : deviceDays * 86_400);
        console.log(`Pairing code for one ${issued.role} device: ${issued.code}`);
        console.log(`Valid until ${new Date(issued.expiresAt).toISOString()}; enter it in the app's "pair with a code" form.`);
        const fingerprint = storedFingerprint(dirname(options.db));
        if (fingerprint) console.log(`The engine's TLS certificate SHA-256 ${fingerprint}`);
      } finally {
        db.close();
      }
    });
}
