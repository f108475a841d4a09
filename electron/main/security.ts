/**
 * The desktop shell's security rules: pure decisions (testable without Electron) plus small functions
 * that wire them to a webContents or session. Every page that can reach the preload API must be the
 * app's own renderer, and nothing the page does may open another site inside the app.
 */
import { pathToFileURL } from 'node:url';

/** Where the app's own renderer lives: the electron-vite dev server, or the built files on disk. */
export type AppLocation =
  | { readonly kind: 'dev-server'; readonly origin: string }
  | { readonly kind: 'file'; readonly directoryUrl: string };

/**
 * The dev server URL is honoured only when unpackaged: in a shipped app an environment variable must
 * not be able to point the privileged window (and its preload API) at another site.
 */
export function resolveAppLocation(options: {
  readonly devServerUrl: string | undefined;
  readonly isPackaged: boolean;
  readonly rendererDir: string;
}): AppLocation {
  if (options.devServerUrl && !options.isPackaged) {
    return { kind: 'dev-server', origin: new URL(options.devServerUrl).origin };
  }
  const href = pathToFileURL(options.rendererDir).href;
  return { kind: 'file', directoryUrl: href.endsWith('/') ? href : `${href}/` };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL of the app's own renderer (same dev-server origin, or a file inside its folder). */
export function isAppUrl(url: string, location: AppLocation): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (location.kind === 'dev-server') return parsed.origin === location.origin;
  // URL parsing has already resolved '..' segments, so a prefix check cannot be escaped that way.
  return parsed.protocol === 'file:' && parsed.host === '' && parsed.href.startsWith(location.directoryUrl);
}

/** The sender of an IPC message must be the top frame of a page of the app, never an iframe or another site. */
export function isTrustedSender(
  frame: { readonly url: string; readonly parent: unknown } | null | undefined,
  location: AppLocation,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, location);
}

/** Hosts the app may open in the system browser: exact names, or `*.example.com` for its subdomains. */
export type HostAllowlist = { readonly exact: ReadonlySet<string>; readonly suffixes: readonly string[] };

export function parseHostAllowlist(entries: readonly string[]): HostAllowlist {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of entries) {
    const wildcard = entry.startsWith('*.');
    const host = (wildcard ? entry.slice(2) : entry).toLowerCase();
    // A host that URL parsing would rewrite (ports, paths, credentials, odd characters) is a typo, not a rule.
    if (host === '' || parseUrl(`https://${host}/`)?.hostname !== host) {
      throw new Error(`Invalid host in the external link allowlist: "${entry}"`);
    }
    if (wildcard) suffixes.push(`.${host}`);
    else exact.add(host);
  }
  return { exact, suffixes };
}

export type ExternalUrlDecision = { readonly action: 'open'; readonly url: string } | { readonly action: 'deny'; readonly reason: string };

export function decideExternalUrl(url: unknown, allowlist: HostAllowlist): ExternalUrlDecision {
  if (typeof url !== 'string') return { action: 'deny', reason: 'not a string' };
  const parsed = parseUrl(url);
  if (!parsed) return { action: 'deny', reason: 'not a URL' };
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { action: 'deny', reason: `scheme ${parsed.protocol} is not allowed` };
  // Credentials in a link are a phishing device ("https://bybit.com@evil.example") and never needed here.
  if (parsed.username !== '' || parsed.password !== '') return { action: 'deny', reason: 'credentials in URL' };
  const host = parsed.hostname.toLowerCase();
  const allowed = allowlist.exact.has(host) || allowlist.suffixes.some((suffix) => host.endsWith(suffix));
  if (!allowed) return { action: 'deny', reason: `host ${host} is not in the allowlist` };
  return { action: 'open', url: parsed.href };
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens the URL in the system browser when the allowlist permits it; resolves whether it did. */
export async function openExternalIfAllowed(url: unknown, allowlist: HostAllowlist, openExternal: OpenExternal): Promise<boolean> {
  const decision = decideExternalUrl(url, allowlist);
  if (decision.action === 'deny') return false;
  try {
    await openExternal(decision.url);
    return true;
  } catch {
    return false;
  }
}

type NavigationEvent = { readonly url: string; preventDefault(): void };

/** The part of a webContents that hardening touches; a WebContents is one. */
export type HardenableContents = {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
};

/**
 * Denies navigation away from the app (in any frame), every new window and every <webview>. A
 * window.open of an allowlisted http(s) link goes to the system browser instead.
 */
export function hardenWebContents(
  contents: HardenableContents,
  options: { readonly location: AppLocation; readonly allowlist: HostAllowlist; readonly openExternal: OpenExternal },
): void {
  const guardNavigation = (event: NavigationEvent): void => {
    if (!isAppUrl(event.url, options.location)) event.preventDefault();
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-frame-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalIfAllowed(url, options.allowlist, options.openExternal);
    return { action: 'deny' };
  });
}

/** The app needs no browser permission (camera, notifications, geolocation, …): refuse them all. */
/** The part of a session that permission handling touches; an Electron Session is one. */
export type PermissionSession = {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
};

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
