import type { ApiServer, ApiSession } from '../api-server';
import type { ServerMessage } from '../protocol';

/**
 * The little the MessagePort transport needs from a port. Electron's MessagePortMain, Node's
 * worker_threads MessagePort and the browser's MessagePort each differ slightly; hosts adapt theirs.
 * The port itself is the credential: only Electron's main process can hand one to a window.
 */
export type PortEndpoint = {
  postMessage(message: ServerMessage): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  close(): void;
};

let nextConnection = 0;

export function serveOverMessagePort(api: ApiServer, endpoint: PortEndpoint): ApiSession {
  const session = api.open({
    id: `port-${++nextConnection}`,
    transport: 'message-port',
    send: (message) => endpoint.postMessage(message),
  });
  endpoint.onMessage((data) => session.receive(data));
  endpoint.onClose(() => session.close());
  return session;
}

/** Electron's MessagePortMain (utility process side): events carry the data in `.data`. */
export type ElectronPortLike = {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
};

export function endpointFromElectronPort(port: ElectronPortLike): PortEndpoint {
  const endpoint: PortEndpoint = {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => {
      port.on('close', listener);
    },
    close: () => port.close(),
  };
  return endpoint;
}

/** Node's worker_threads MessagePort: the listener receives the data itself. */
export type NodePortLike = {
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  close(): void;
};

export function endpointFromNodePort(port: NodePortLike): PortEndpoint {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
    },
    onClose: (listener) => {
      port.on('close', listener);
    },
    close: () => port.close(),
  };
}
