import { startLoopbackServer } from '../loopback-server';

export type RangeLimitedRpc = { readonly url: string; readonly refused: () => number; close(): Promise<void> };

type RpcRequest = { id?: unknown; method?: string; params?: { fromBlock?: string; toBlock?: string }[] };

/**
 * An HTTP JSON-RPC front for a local chain that refuses eth_getLogs over more than `maxRange` blocks with
 * the error answer hosted providers give, and passes everything else through.
 */
export async function startRangeLimitedRpc(target: string, maxRange: number): Promise<RangeLimitedRpc> {
  let refused = 0;
  const tooWide = (request: RpcRequest): boolean => {
    const filter = request.params?.[0];
    if (request.method !== 'eth_getLogs' || !filter?.fromBlock || !filter.toBlock) return false;
    return Number(filter.toBlock) - Number(filter.fromBlock) + 1 > maxRange;
  };
  const { url, close } = await startLoopbackServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
      const requests = Array.isArray(parsed) ? parsed : [parsed];
      const reply = async (): Promise<string> => {
        if (requests.some(tooWide)) {
          refused++;
          const errors = requests.map((r) => ({ jsonrpc: '2.0', id: r.id, error: { code: -32005, message: `query exceeds the limit of ${maxRange} blocks` } }));
          return JSON.stringify(Array.isArray(parsed) ? errors : errors[0]);
        }
        const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return answer.text();
      };
      reply().then(
        (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
        () => res.writeHead(502).end(),
      );
    });
  });
  return { url, refused: () => refused, close };
}
