import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// security.ts is pure; the mock guards against an Electron import sneaking in, since loading the real
// package would try to download the Electron binary.
vi.mock('electron', () => ({}));

import {
  decideExternalUrl,
  denyAllPermissions,
  hardenWebContents,
  isAppUrl,
  isTrustedSender,
  openExternalIfAllowed,
  parseHostAllowlist,
  resolveAppLocation,
  type AppLocation,
} from './security';

const fileApp = resolveAppLocation({ devServerUrl: undefined, isPackaged: true, rendererDir: '/opt/Stratus/resources/app.asar/out/renderer' });
const devApp = resolveAppLocation({ devServerUrl: 'http://localhost:5173/', isPackaged: false, rendererDir: '/repo/out/renderer' });
const allowlist = parseHostAllowlist(['stratus.dev', '*.bybit.com']);

describe('resolveAppLocation', () => {
  it('uses the dev server only when unpackaged', () => {
    expect(devApp).toEqual({ kind: 'dev-server', origin: 'http://localhost:5173' });
    expect(resolveAppLocation({ devServerUrl: 'http://evil.example', isPackaged: true, rendererDir: '/app/out/renderer' })).toEqual({
      kind: 'file',
      directoryUrl: 'file:///app/out/renderer/',
    });
  });
});

describe('isAppUrl (navigation)', () => {
  it('allows the app origin and denies every other origin', () => {
    expect(isAppUrl('http://localhost:5173/#/settings', devApp)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', devApp)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', devApp)).toBe(false);
    expect(isAppUrl('https://evil.example/', devApp)).toBe(false);
    expect(isAppUrl('not a url', devApp)).toBe(false);
  });

  it('allows only files inside the built renderer folder', () => {
    expect(isAppUrl('file:///opt/Stratus/resources/app.asar/out/renderer/index.html', fileApp)).toBe(true);
    expect(isAppUrl('file:///opt/Stratus/resources/app.asar/out/renderer/../../../../../../etc/passwd', fileApp)).toBe(false);
    expect(isAppUrl('file:///opt/Stratus/resources/app.asar/out/renderer-evil/index.html', fileApp)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', fileApp)).toBe(false);
    expect(isAppUrl('https://stratus.dev/', fileApp)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const appPage = 'file:///opt/Stratus/resources/app.asar/out/renderer/index.html';

  it('accepts the top frame of the app page', () => {
    expect(isTrustedSender({ url: appPage, parent: null }, fileApp)).toBe(true);
  });

  it('rejects a foreign page, a subframe, and a missing frame', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, fileApp)).toBe(false);
    expect(isTrustedSender({ url: appPage, parent: { url: appPage } }, fileApp)).toBe(false);
    expect(isTrustedSender(null, fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
  });
});

describe('parseHostAllowlist', () => {
  it('rejects entries that are not plain host names', () => {
    expect(() => parseHostAllowlist(['https://stratus.dev'])).toThrow(/Invalid host/);
    expect(() => parseHostAllowlist(['stratus.dev/docs'])).toThrow(/Invalid host/);
    expect(() => parseHostAllowlist(['user@stratus.dev'])).toThrow(/Invalid host/);
    expect(() => parseHostAllowlist([''])).toThrow(/Invalid host/);
  });
});

describe('decideExternalUrl', () => {
  it('opens allowlisted http(s) hosts, exact or by subdomain wildcard', () => {
    expect(decideExternalUrl('https://stratus.dev/docs', allowlist)).toEqual({ action: 'open', url: 'https://stratus.dev/docs' });
    expect(decideExternalUrl('http://STRATUS.dev/', allowlist)).toEqual({ action: 'open', url: 'http://stratus.dev/' });
    expect(decideExternalUrl('https://www.bybit.com/en/', allowlist).action).toBe('open');
  });

  it.each([
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:someone@stratus.dev'],
    // An allowlisted host does not make any scheme acceptable.
    ['ftp://stratus.dev/docs'],
    ['wss://stratus.dev/'],
    ['stratus-app://stratus.dev/'],
    ['https://evil.example/'],
    ['https://stratus.dev.evil.example/'],
    ['https://evilstratus.dev/'],
    // The wildcard covers subdomains only, not the bare domain.
    ['https://bybit.com/'],
    ['https://stratus.dev@evil.example/'],
    ['https://user:pw@stratus.dev/'],
    ['not a url'],
  ])('denies %s', (url) => {
    expect(decideExternalUrl(url, allowlist).action).toBe('deny');
  });

  it('denies values that are not strings', () => {
    expect(decideExternalUrl({ href: 'https://stratus.dev' }, allowlist).action).toBe('deny');
  });
});

describe('openExternalIfAllowed', () => {
  it('opens only allowed URLs and reports a failed open as false', async () => {
    const opened: string[] = [];
    const open = async (url: string): Promise<void> => {
      opened.push(url);
    };
    await expect(openExternalIfAllowed('https://stratus.dev/docs', allowlist, open)).resolves.toBe(true);
    await expect(openExternalIfAllowed('https://evil.example/', allowlist, open)).resolves.toBe(false);
    expect(opened).toEqual(['https://stratus.dev/docs']);
    await expect(openExternalIfAllowed('https://stratus.dev/', allowlist, () => Promise.reject(new Error('no browser')))).resolves.toBe(false);
  });
});

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
}

function navigationEvent(url: string): { url: string; prevented: boolean; preventDefault(): void } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

function hardened(location: AppLocation = devApp): { contents: FakeWebContents; opened: string[] } {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  const openExternal = async (url: string): Promise<void> => {
    opened.push(url);
  };
  hardenWebContents(contents, { location, allowlist, openExternal });
  return { contents, opened };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('on %s prevents another origin and allows the app', (eventName) => {
    const { contents } = hardened();
    const foreign = navigationEvent('https://evil.example/');
    const own = navigationEvent('http://localhost:5173/#/backtest');
    contents.emit(eventName, foreign);
    contents.emit(eventName, own);
    expect(foreign.prevented).toBe(true);
    expect(own.prevented).toBe(false);
  });

  it('prevents <webview> tags', () => {
    const { contents } = hardened();
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });

  it('denies window.open and sends only allowlisted links to the system browser', async () => {
    const { contents, opened } = hardened();
    const handler = contents.windowOpenHandler;
    if (!handler) throw new Error('no window open handler was set');
    for (const url of ['https://stratus.dev/docs', 'javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/', 'http://localhost:5173/']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(opened).toEqual(['https://stratus.dev/docs']);
  });
});

describe('denyAllPermissions', () => {
  it('refuses permission requests and checks', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let checkHandler: (() => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (handler: typeof requestHandler) => {
        requestHandler = handler;
      },
      setPermissionCheckHandler: (handler: typeof checkHandler) => {
        checkHandler = handler;
      },
    };
    denyAllPermissions(session);
    const granted = vi.fn();
    requestHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(checkHandler!()).toBe(false);
  });
});
