import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { findPackagePath } from '../core/package-root';
import { handlePairRequest, PAIR_PATH } from '../api/auth/pair-endpoint';
import type { LockoutPolicy } from '../api/auth/lockout';
import { createStaticServer, listen, type HttpServer } from '../api/http-server';
import { attachWebSocketTransport, type WebSocketTransport } from '../api/transport/websocket';
import { createEngine, type Engine, type EngineConfig } from '../kernel/create-engine';
import { ValidationError } from '../core/errors';
import type { VenueEndpoints } from '../kernel/venue-clients';
import type { OnchainSettings } from '../signals/onchain/onchain-config';
import { loadOrCreateCertificate } from './serve-certificate';
import { resolveServeToken } from './serve-token';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Plain HTTP is allowed only where nothing leaves the machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export type ServeConfig = {
  readonly databasePath: string;
  readonly host?: string;
  readonly port?: number;
  readonly token?: string;
  readonly rotateToken?: boolean;
  /** Messages per second a connection may send, and the burst it may start with. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
  /** The built renderer; defaults to dist/web of the package. */
  readonly staticDir?: string | null;
  readonly venueEndpoints?: VenueEndpoints;
  /** On-chain settings from `--onchain <file>`; they replace the stored ones. */
  readonly onchain?: OnchainSettings;
  readonly sentiment?: EngineConfig['sentiment'];
  /** The trader's strategies folder (`--strategies-dir`). */
  readonly strategiesDir?: string;
  /** Where the Telegram bot reaches the Bot API (a local server in tests). */
  readonly telegram?: EngineConfig['telegram'];
  /** https + wss; default on unless the host is loopback. Off on a non-loopback host is refused. */
  readonly tls?: boolean;
  /** Where the certificate and its key are kept; default the database's folder. */
  readonly certificateDir?: string;
  /** Failed pairing/hello attempts per address before a lockout (tests shorten it). */
  readonly lockout?: LockoutPolicy;
  /** How ml-direction models train (tests give the worker bundled from source). */
  readonly mlTraining?: EngineConfig['mlTraining'];
  /** The engine's time; tests move it ahead to end a snooze without waiting. */
  readonly clock?: EngineConfig['clock'];
};

export type RunningServe = {
  readonly engine: Engine;
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  /** The token in clear when it was generated or given at this start, for printing once. */
  readonly printableToken: string | null;
  /** SHA-256 fingerprint of the TLS certificate (`AB:CD:…`), null on plain HTTP. */
  readonly fingerprint: string | null;
  /** True when this start generated the certificate (devices paired before must pair again). */
  readonly certificateGenerated: boolean;
  close(): Promise<void>;
};

export const DEFAULT_SERVE_PORT = 7420;

/** `stratus serve`: the engine with its API over WebSocket and the web UI over HTTP. */
export async function startServe(config: ServeConfig): Promise<RunningServe> {
  const host = config.host ?? '127.0.0.1';
  const tls = config.tls ?? !isLoopbackHost(host);
  if (!tls && !isLoopbackHost(host)) {
    throw new ValidationError(`serving ${host} without TLS would send tokens in clear; plain HTTP is only for loopback`);
  }
  const engine = createEngine({
    databasePath: config.databasePath,
    host: 'serve',
    venueEndpoints: config.venueEndpoints,
    onchain: config.onchain,
    sentiment: config.sentiment,
    strategiesDir: config.strategiesDir,
    telegram: config.telegram,
    ...(config.lockout ? { authLockout: config.lockout } : {}),
    ...(config.mlTraining ? { mlTraining: config.mlTraining } : {}),
    ...(config.clock ? { clock: config.clock } : {}),
  });
  let server: HttpServer | null = null;
  let transport: WebSocketTransport | null = null;
  try {
    const token = resolveServeToken(engine.settings, { given: config.token, rotate: config.rotateToken });
    const certificate = tls ? await loadOrCreateCertificate(config.certificateDir ?? dirname(config.databasePath), host) : null;
    await engine.kernel.start();
    const auth = engine.auth;
    server = createStaticServer({
      staticDir: config.staticDir === undefined ? findPackagePath(join('dist', 'web')) : config.staticDir,
      ...(certificate ? { tls: certificate } : {}),
      routes: { [PAIR_PATH]: (request, response) => handlePairRequest(auth, request, response) },
    });
    transport = attachWebSocketTransport(server, {
      api: engine.api,
      authenticate: (presented, address) => auth.authenticate(presented, address),
      rateLimit: config.rateLimit,
    });
    const address = await listen(server, host, config.port ?? DEFAULT_SERVE_PORT);
    const reachable = reachableAddress(address.address);
    const shownHost = reachable.includes(':') ? `[${reachable}]` : reachable;
    const url = `${tls ? 'https' : 'http'}://${shownHost}:${address.port}/`;
    const fingerprint = certificate?.fingerprint ?? null;
    auth.serveAt({ baseUrl: url, fingerprint }, token.verify);
    const runningServer = server;
    const runningTransport = transport;
    return {
      engine,
      url,
      apiUrl: `${tls ? 'wss' : 'ws'}://${shownHost}:${address.port}/api`,
      port: address.port,
      printableToken: token.printable,
      fingerprint,
      certificateGenerated: certificate?.generated ?? false,
      close: async () => {
        await runningTransport.close();
        await new Promise<void>((resolve) => {
          runningServer.close(() => resolve());
          // Browsers keep idle HTTP connections open; they must not hold the engine up.
          runningServer.closeAllConnections();
        });
        await engine.kernel.stop();
      },
    };
  } catch (error) {
    await transport?.close();
    server?.close();
    await engine.kernel.stop().catch(() => undefined);
    if (engine.db.open) engine.db.close();
    engine.profileLock.release();
    throw error;
  }
}

/**
 * The address to print and put in pairing links: the bound one, or for a wildcard bind (0.0.0.0, ::)
 * the machine's first external IPv4 address, which another device can actually reach.
 */
function reachableAddress(bound: string): string {
  if (bound !== '0.0.0.0' && bound !== '::') return bound;
  for (const list of Object.values(networkInterfaces())) {
    const external = list?.find((entry) => entry.family === 'IPv4' && !entry.internal);
    if (external) return external.address;
  }
  return bound === '::' ? '::1' : '127.0.0.1';
}
