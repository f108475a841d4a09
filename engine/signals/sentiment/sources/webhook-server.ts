import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Clock } from '../../../core/clock';
import type { RawSentimentItem } from '../../../model/sentiment';
import type { SourceStatus } from './source';

export type WebhookConfig = {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  /** Largest request body accepted. */
  readonly maxBytes?: number;
};

const pushSchema = z.object({
  id: z.string().min(1).max(200).optional(),
  text: z.string().min(1).max(20_000),
  url: z.string().url().max(2_000).optional(),
  author: z.string().max(200).optional(),
  publishedAt: z.number().int().nonnegative().optional(),
});
const bodySchema = z.union([pushSchema, z.object({ items: z.array(pushSchema).min(1).max(500) })]);

/**
 * A local HTTP endpoint (`POST /sentiment`) for text pushed by other tools, with a bearer token. Each pushed
 * text is stamped with its arrival time and handed to the sentiment pipeline like any other source's items.
 */
export class WebhookServer {
  private server: Server | null = null;
  private items = 0;
  private failures = 0;
  private lastOkAt: number | null = null;
  private message: string | null = null;
  private counter = 0;
  private readonly digest: Buffer | null;

  constructor(
    private readonly config: WebhookConfig,
    private readonly clock: Clock,
    private readonly onItems: (items: RawSentimentItem[]) => void,
  ) {
    this.digest = config.token ? createHash('sha256').update(config.token).digest() : null;
  }

  async start(): Promise<void> {
    if (!this.digest) {
      this.message = 'the webhook needs a token (STRATUS_SENTIMENT_WEBHOOK_TOKEN)';
      return;
    }
    const server = createServer((req, res) => void this.handle(req, res));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.port, this.config.host, () => resolve());
      });
    } catch (error) {
      // A taken port disables the webhook, not the engine.
      this.message = `cannot listen on ${this.config.host}:${this.config.port}: ${(error as Error).message}`;
      return;
    }
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string | null {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://${this.config.host}:${address.port}/sentiment` : null;
  }

  status(): SourceStatus {
    return {
      id: this.config.id,
      kind: 'webhook',
      state: this.server ? 'ok' : this.digest ? 'error' : 'disabled',
      message: this.server ? (this.message ?? `listening on ${this.url}`) : this.message,
      lastOkAt: this.lastOkAt,
      nextPollAt: null,
      items: this.items,
      failures: this.failures,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/sentiment') return reply(404, { error: 'POST /sentiment' });
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const givenDigest = createHash('sha256').update(given).digest();
    if (!this.digest || !timingSafeEqual(givenDigest, this.digest)) return reply(401, { error: 'bad or missing bearer token' });
    const maxBytes = this.config.maxBytes ?? 1_000_000;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        this.failures++;
        return reply(413, { error: `body over ${maxBytes} bytes` });
      }
      chunks.push(chunk as Buffer);
    }
    let parsed: z.infer<typeof bodySchema>;
    try {
      parsed = bodySchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      this.failures++;
      this.message = `rejected a push: ${error instanceof SyntaxError ? 'malformed JSON' : 'it does not match {text, url?, id?} or {items: [...]}'}`;
      return reply(400, { error: this.message });
    }
    const receivedAt = this.clock.now();
    const pushes = 'items' in parsed ? parsed.items : [parsed];
    const items = pushes.map((p) => ({
      sourceId: this.config.id,
      kind: 'webhook' as const,
      externalId: p.id ?? `${receivedAt}-${this.counter++}`,
      title: p.text,
      url: p.url,
      author: p.author,
      publishedAt: p.publishedAt ?? null,
      receivedAt,
    }));
    this.items += items.length;
    this.lastOkAt = receivedAt;
    this.message = null;
    this.onItems(items);
    reply(202, { accepted: items.length });
  }
}
