import { FetchRequest, JsonRpcProvider, Network, WebSocketProvider, type WebSocketLike } from 'ethers';
import WebSocket from 'ws';
import { TransientError, ValidationError } from '../../core/errors';

/** One JSON-RPC endpoint in use: raw calls with a deadline, and (over WebSocket) a new-block subscription. */
export type RpcConnection = {
  readonly url: string;
  readonly subscribed: boolean;
  send<T>(method: string, params: readonly unknown[]): Promise<T>;
  close(): void;
};

export type RpcOptions = {
  readonly chainId: number;
  readonly timeoutMs: number;
  /** A new head arrived on the subscription. */
  readonly onHead: () => void;
  /** The WebSocket closed or failed; the watcher fails over. */
  readonly onLost: (reason: string) => void;
};

/** The URL without credentials, paths or keys, for status and logs (providers put API keys in the path). */
export function displayUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid URL';
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransientError(`${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function openSocket(url: string, options: RpcOptions, network: Network): Promise<{ provider: WebSocketProvider; socket: WebSocket }> {
  const socket = new WebSocket(url);
  // ethers assigns socket.onopen itself, so it must get the socket before it opens.
  const provider = new WebSocketProvider(socket as unknown as WebSocketLike, network, { staticNetwork: network });
  let opened = false;
  socket.on('error', (error) => {
    if (opened) options.onLost(`WebSocket error: ${error.message}`);
  });
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (error) => reject(new TransientError(`cannot open ${displayUrl(url)}: ${error.message}`)));
    }),
    options.timeoutMs,
    displayUrl(url),
  );
  opened = true;
  socket.on('close', () => options.onLost('WebSocket closed'));
  return { provider, socket };
}

/** Opens an endpoint and checks that it serves the configured chain before anything is read from it. */
export async function openRpcConnection(url: string, options: RpcOptions): Promise<RpcConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(`"${url}" is not a URL`);
  }
  const network = Network.from(options.chainId);
  const ws = parsed.protocol === 'ws:' || parsed.protocol === 'wss:';
  let provider: JsonRpcProvider | WebSocketProvider;
  let socket: WebSocket | null = null;
  if (ws) {
    ({ provider, socket } = await openSocket(url, options, network));
  } else if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const request = new FetchRequest(url);
    request.timeout = options.timeoutMs;
    provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchStallTime: 2, batchMaxCount: 50 });
  } else {
    throw new ValidationError(`${displayUrl(url)}: RPC URLs must be http(s):// or ws(s)://`);
  }
  let closed = false;
  const send = <T>(method: string, params: readonly unknown[]): Promise<T> =>
    withDeadline(provider.send(method, [...params]) as Promise<T>, options.timeoutMs, `${method} on ${displayUrl(url)}`).catch((error: unknown) => {
      if (error instanceof TransientError) throw error;
      throw new TransientError(`${method} on ${displayUrl(url)} failed: ${(error as Error).message?.slice(0, 200)}`, { cause: error });
    });
  const close = (): void => {
    if (closed) return;
    closed = true;
    socket?.removeAllListeners('close');
    void provider.removeAllListeners().catch(() => undefined);
    provider.destroy();
  };
  try {
    const served = Number(await send<string>('eth_chainId', []));
    if (served !== options.chainId) {
      throw new ValidationError(`${displayUrl(url)} serves chain id ${served}, not ${options.chainId}`);
    }
    if (ws) await provider.on('block', () => options.onHead());
  } catch (error) {
    close();
    throw error;
  }
  return { url, subscribed: ws, send, close };
}
