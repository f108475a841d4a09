import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type PairResponse = { readonly status: number; readonly body: unknown; readonly headers: Record<string, string | string[] | undefined> };

/**
 * POSTs to a serve's /pair as a device would. `body` is sent as JSON unless it is a string or a Buffer
 * (sent as is, for malformed-request tests). Over https, `ca` is the serve certificate to trust.
 */
export function postPair(
  baseUrl: string,
  body: unknown,
  options: { readonly ca?: string; readonly contentType?: string; readonly method?: string } = {},
): Promise<PairResponse> {
  const url = new URL('/pair', baseUrl);
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            // Left as text: the test shows what came back.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
