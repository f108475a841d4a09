import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export type StaticServerConfig = {
  /** Folder of the built renderer; without one the server answers with a hint to build it. */
  readonly staticDir: string | null;
  /** Served over https with this certificate and key (PEM) instead of plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Other routes by exact path (POST /pair), tried before the static files. */
  readonly routes?: Readonly<Record<string, (request: IncomingMessage, response: ServerResponse) => void>>;
};

export type HttpServer = Server | TlsServer;

/** The HTTP side of `stratus serve`: the built renderer as static files, plus the few routes it is given. */
export function createStaticServer(config: StaticServerConfig): HttpServer {
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const route = config.routes?.[routePath(request.url)];
    if (route) {
      route(request, response);
      return;
    }
    void serveStatic(config.staticDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end();
    });
  };
  return config.tls ? createTlsServer({ cert: config.tls.cert, key: config.tls.key }, handle) : createServer(handle);
}

function routePath(url: string | undefined): string {
  const end = (url ?? '/').search(/[?#]/);
  return end < 0 ? (url ?? '/') : (url ?? '/').slice(0, end);
}

export function listen(server: HttpServer, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

async function serveStatic(root: string | null, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
    return;
  }
  if (root === null) {
    response.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The Stratus web UI is not built. Run `npm run build` and restart `stratus serve`.\n');
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    response.writeHead(400, SECURITY_HEADERS).end();
    return;
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, relative);
  // normalize() resolves `..`; anything that still leaves the root is refused.
  if (!file.startsWith(root + sep) || relative.includes('\0')) {
    response.writeHead(403, SECURITY_HEADERS).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Built assets carry a content hash in their names; index.html must always be fresh.
    'Cache-Control': relative.startsWith(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
