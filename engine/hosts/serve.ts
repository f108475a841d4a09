import type { Server } from 'node:http';
import { join } from 'node:path';
import { findPackagePath } from '../core/package-root';
import { createStaticServer, listen } from '../api/http-server';
import { attachWebSocketTransport, type WebSocketTransport } from '../api/transport/websocket';
import { createEngine, type Engine, type EngineConfig } from '../kernel/create-engine';
import type { VenueEndpoints } from '../kernel/venue-clients';
import type { OnchainSettings } from '../signals/onchain/onchain-config';
import { resolveServeToken } from './serve-token';

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
};

export type RunningServe = {
  readonly engine: Engine;
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  /** The token in clear when it was generated or given at this start, for printing once. */
  readonly printableToken: string | null;
  close(): Promise<void>;
};

export const DEFAULT_SERVE_PORT = 7420;

/** `stratus serve`: the engine with its API over WebSocket and the web UI over HTTP. */
export async function startServe(config: ServeConfig): Promise<RunningServe> {
  const host = config.host ?? '127.0.0.1';
  const engine = createEngine({
    databasePath: config.databasePath,
    host: 'serve',
    venueEndpoints: config.venueEndpoints,
    onchain: config.onchain,
    sentiment: config.sentiment,
    strategiesDir: config.strategiesDir,
  });
  let server: Server | null = null;
  let transport: WebSocketTransport | null = null;
  try {
    const token = resolveServeToken(engine.settings, { given: config.token, rotate: config.rotateToken });
    await engine.kernel.start();
    server = createStaticServer({
      staticDir: config.staticDir === undefined ? findPackagePath(join('dist', 'web')) : config.staticDir,
    });
    const auth = engine.auth;
    transport = attachWebSocketTransport(server, {
      api: engine.api,
      authenticate: (presented, address) => auth.authenticate(presented, address),
      rateLimit: config.rateLimit,
    });
    const address = await listen(server, host, config.port ?? DEFAULT_SERVE_PORT);
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${shownHost}:${address.port}/`;
    auth.serveAt({ baseUrl: url, fingerprint: null }, token.verify);
    const runningServer = server;
    const runningTransport = transport;
    return {
      engine,
      url,
      apiUrl: `ws://${shownHost}:${address.port}/api`,
      port: address.port,
      printableToken: token.printable,
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
    throw error;
  }
}
