import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors';
import { DEFAULT_PAIRING_TTL_SECONDS } from '../api/handlers/auth';
import { isRole, ROLES, type Role } from '../api/auth/roles';
import { DEFAULT_SERVE_PORT, startServe } from '../hosts/serve';
import { readOnchainSettingsFile } from '../signals/onchain/onchain-config';
import { defaultDatabasePath } from './default-paths';
import { collect, venueEndpointsFrom } from './venue-options';

type ServeOptions = {
  db: string;
  host: string;
  port: string;
  token?: string;
  newToken?: boolean;
  venueEndpoint: string[];
  onchain?: string;
  sentimentConfig?: string;
  strategiesDir?: string;
  tls?: boolean;
  pairRole: string;
};

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the engine headless with its web UI and API')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULT_SERVE_PORT))
    .option('--token <token>', 'API token to require (default: $STRATUS_TOKEN, else generated on first start)')
    .option('--new-token', 'generate a new token, invalidating the old one')
    .option('--venue-endpoint <venue=url>', 'reach a venue at another address, e.g. bybit=http://127.0.0.1:9000 (repeatable)', collect, [])
    .option('--onchain <file>', 'on-chain settings (chains, RPC URLs, tokens) as JSON (default: $STRATUS_ONCHAIN_CONFIG)')
    .option('--sentiment-config <file>', 'apply and save sentiment settings from a JSON file (feeds, sources, weights, model)')
    .option('--strategies-dir <dir>', 'folder of your own strategies (*.mjs, *.js; default: strategies/ beside the database)')
    .option('--tls', 'serve https/wss on loopback too (always on for any other host)')
    .option('--pair-role <role>', `role of the pairing code printed at start (${ROLES.join(', ')}, or none)`, 'trader')
    .action(async (options: ServeOptions) => {
      const began = performance.now();
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ValidationError(`--port must be 0–65535, not "${options.port}"`);
      const pairRole = parsePairRole(options.pairRole);
      const onchainFile = options.onchain ?? process.env.STRATUS_ONCHAIN_CONFIG;
      const sentimentSettings = options.sentimentConfig ? readJsonFile(options.sentimentConfig) : undefined;
      const serve = await startServe({
        onchain: onchainFile ? readOnchainSettingsFile(onchainFile) : undefined,
        databasePath: options.db,
        host: options.host,
        port,
        token: options.token ?? process.env.STRATUS_TOKEN,
        rotateToken: options.newToken,
        venueEndpoints: venueEndpointsFrom(options.venueEndpoint),
        strategiesDir: options.strategiesDir,
        ...(options.tls ? { tls: true } : {}),
      });
      if (sentimentSettings !== undefined) {
        try {
          await serve.engine.sentiment.configure(sentimentSettings as Parameters<typeof serve.engine.sentiment.configure>[0]);
        } catch (error) {
          await serve.close();
          throw error;
        }
      }
      console.log(`Stratus engine ${serve.engine.info.version} serving ${options.db}`);
      if (serve.printableToken && !options.token && !process.env.STRATUS_TOKEN) {
        console.log(`API token (shown once; keep it): ${serve.printableToken}`);
        console.log(`Open ${serve.url}#token=${serve.printableToken}`);
      } else {
        console.log(`Open ${serve.url}`);
      }
      console.log(`API ${serve.apiUrl} (ready in ${Math.round(performance.now() - began)} ms)`);
      if (serve.fingerprint) {
        console.log(`TLS certificate SHA-256 ${serve.fingerprint}${serve.certificateGenerated ? ' (generated now: devices paired with an earlier one must pair again)' : ''}`);
      }
      if (pairRole !== null) {
        const pairing = serve.engine.auth.createPairingCode(pairRole, DEFAULT_PAIRING_TTL_SECONDS);
        console.log(`Pairing code for one ${pairRole} device: ${pairing.code} (valid ${DEFAULT_PAIRING_TTL_SECONDS / 60} min; \`stratus pair\` makes more)`);
        console.log(`Pairing link: ${pairing.pairingUrl}`);
      }
      const stop = (): void => {
        console.log('stopping…');
        void serve.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function parsePairRole(value: string): Role | null {
  if (value === 'none') return null;
  if (!isRole(value)) throw new ValidationError(`--pair-role must be one of ${ROLES.join(', ')} or none, not "${value}"`);
  return value;
}

function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ValidationError(`--sentiment-config ${path}: ${(error as Error).message}`);
  }
}
