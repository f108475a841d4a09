/**
 * A remote engine's WebSocket, opened by main for a window. Chromium's certificate verify proc only
 * learns the host name (docs/remote-engine.md), so a pin stored for host:port could not be held to its
 * port there. Here the certificate is compared with the pin of exactly that host:port on the TLS
 * connection itself, when the upgrade answer arrives and before the page can send anything (its hello
 * carries the token); then messages are relayed both ways over a MessagePort.
 */
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { CertificateRefusedPayload } from '../shared/pairing';
import { RELAY_CLOSE, type RelayToMain, type RelayToPage } from '../shared/remote-socket';
import { pinKey, type PinStore } from './certificate-pins';

/** The page's end of the relay as main sees it (Electron's MessagePortMain, or Node's in tests). */
export type RelayPort = {
  post(message: RelayToPage): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  close(): void;
};

export type RelayDeps = {
  readonly pins: Pick<PinStore, 'get'>;
  /** Told when an engine presents a certificate other than its pin (the windows show why). */
  readonly onRefused: (payload: CertificateRefusedPayload) => void;
};

/** Opens `url` (wss:// only) and relays it over `port` until either side closes. */
export function relayRemoteSocket(url: unknown, port: RelayPort, deps: RelayDeps): void {
  const target = parseWss(url);
  if (target === null) {
    port.post({ kind: 'close', code: RELAY_CLOSE.badUrl, reason: 'only wss:// engine addresses are opened here' });
    port.close();
    return;
  }
  const pin = deps.pins.get(pinKey(target));
  let closed = false;
  const finish = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    port.post({ kind: 'close', code, reason });
    port.close();
  };

  // A pinned engine's self-signed certificate is checked against its pin below; an engine never
  // paired gets Node's ordinary verification.
  const socket = new WebSocket(target.href, { rejectUnauthorized: pin === null });
  socket.on('upgrade', (response: IncomingMessage) => {
    if (pin === null) return;
    const tls = response.socket;
    const actual = tls instanceof TLSSocket ? (tls.getPeerCertificate().fingerprint256 ?? 'unreadable') : 'none (not TLS)';
    if (actual === pin) return;
    deps.onRefused({ host: target.hostname, expected: [pin], actual });
    // Terminating in the upgrade listener keeps the socket from ever opening: nothing is sent.
    socket.terminate();
    finish(RELAY_CLOSE.certificateRefused, 'the engine presented a certificate other than the pinned one');
  });
  socket.on('open', () => {
    if (!closed) port.post({ kind: 'open' });
  });
  socket.on('message', (data, isBinary) => {
    // The engine speaks JSON text frames only; anything else is not for the page.
    if (!closed && !isBinary) port.post({ kind: 'message', data: data.toString() });
  });
  socket.on('close', (code, reason) => finish(code, reason.toString()));
  // A failed connection also closes (1006); the close handler tells the page.
  socket.on('error', () => {});

  port.onMessage((data) => {
    const message = relayMessage(data);
    if (message === null || closed) return;
    if (message.kind === 'send') {
      if (socket.readyState === WebSocket.OPEN) socket.send(message.data);
      return;
    }
    socket.close(validCloseCode(message.code), message.reason.slice(0, 120));
  });
  port.onClose(() => {
    // The window went away: nobody is left to read the engine's messages.
    closed = true;
    socket.terminate();
  });
}

function parseWss(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'wss:' ? parsed : null;
  } catch {
    return null;
  }
}

// The page is trusted only so far: a message that is not one of the two shapes is ignored.
function relayMessage(data: unknown): RelayToMain | null {
  if (typeof data !== 'object' || data === null) return null;
  const kind: unknown = Reflect.get(data, 'kind');
  if (kind === 'send') {
    const payload: unknown = Reflect.get(data, 'data');
    return typeof payload === 'string' ? { kind, data: payload } : null;
  }
  if (kind === 'close') {
    const code: unknown = Reflect.get(data, 'code');
    const reason: unknown = Reflect.get(data, 'reason');
    return { kind, code: typeof code === 'number' ? code : 1000, reason: typeof reason === 'string' ? reason : '' };
  }
  return null;
}

// ws throws for codes a client may not send; those become a normal close.
function validCloseCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/** The part of Electron's MessagePortMain the relay uses. */
export type MainPortLike = {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { readonly data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
};

/** Main's end of a MessageChannelMain as a relay port (started: MessagePortMain queues until then). */
export function mainRelayPort(port: MainPortLike): RelayPort {
  const relay: RelayPort = {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
  port.start();
  return relay;
}
