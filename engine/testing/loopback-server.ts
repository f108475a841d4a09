import { createServer, type RequestListener, type Server } from 'node:http';
import { listen } from '../api/http-server';

/** A test's HTTP server on 127.0.0.1 at a free port. */
export type LoopbackServer = {
  readonly server: Server;
  readonly url: string;
  /** Stops listening and ends kept-alive connections too, so a test never waits on a client's idle socket. */
  close(): Promise<void>;
};

export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  const { port } = await listen(server, '127.0.0.1', 0);
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
