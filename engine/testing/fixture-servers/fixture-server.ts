import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from '../loopback-server';

export type FixtureRequest = { readonly method: string; readonly path: string; readonly query: URLSearchParams; readonly headers: IncomingMessage['headers']; readonly body: string };
export type FixtureReply = { readonly status?: number; readonly headers?: Record<string, string>; readonly body: string };
export type FixtureRoute = (request: FixtureRequest) => FixtureReply | Promise<FixtureReply>;

/**
 * A real local HTTP server for source tests: routes by path, records every request, and can inject faults
 * (a queue of replies served before the route's own: 429 with Retry-After, 5xx, malformed bodies).
 */
export class FixtureServer {
  readonly requests: FixtureRequest[] = [];
  private readonly faults: FixtureReply[] = [];
  private running: LoopbackServer | null = null;

  constructor(private readonly routes: Record<string, FixtureRoute>) {}

  async start(): Promise<string> {
    this.running = await startLoopbackServer((req, res) => void this.handle(req, res));
    return this.url;
  }

  get url(): string {
    if (!this.running) throw new Error('fixture server is not listening');
    return this.running.url;
  }

  /** The next requests get these replies, in order, whatever their path. */
  fail(...replies: FixtureReply[]): void {
    this.faults.push(...replies);
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fixture');
    const request: FixtureRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(request);
    const route = this.routes[url.pathname];
    const reply = this.faults.shift() ?? (route ? await route(request) : { status: 404, body: 'not found' });
    res.writeHead(reply.status ?? 200, reply.headers ?? {}).end(reply.body);
  }
}
