import type { CertificateRefusedWindowMessage } from '../../../electron/shared/channels';
import type { ConnectionStore } from '../stores/connection-store';

const REFUSED_MESSAGE = 'stratus:certificate-refused' satisfies CertificateRefusedWindowMessage['type'];

/**
 * In the desktop app, main refuses a pinned engine's changed certificate; the WebSocket only sees a
 * failed connection and would retry for ever. This ends the connection to that host with main's
 * explanation instead.
 */
export function followCertificateRefusals(store: ConnectionStore, win: Window): () => void {
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== win) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== REFUSED_MESSAGE) return;
    const host: unknown = Reflect.get(data, 'host');
    const message: unknown = Reflect.get(data, 'message');
    if (typeof host !== 'string' || typeof message !== 'string') return;
    const target = store.getState().target;
    if (target?.kind !== 'remote' || hostnameOf(target.url) !== host.replace(/^\[|\]$/g, '').toLowerCase()) return;
    store.getState().fail({ type: 'CertificateChanged', message });
  };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}
