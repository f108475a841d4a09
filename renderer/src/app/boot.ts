import { desktopApi } from '../desktop/desktop-api';
import { transportFactory } from '../engine-client/create-transport';
import { sameOriginApiUrl, tokenFromFragment } from '../engine-client/engine-url';
import { pairDeviceFor } from '../pairing/pair-device';
import { followCertificateRefusals } from '../pairing/certificate-refusals';
import { browserStorage } from '../stores/connection-storage';
import { createConnectionStore, type ConnectionStore } from '../stores/connection-store';
import { createMarketStore } from '../stores/market-store';
import { createVenueStore } from '../stores/venue-store';
import type { AppStores } from './stores-context';

/** Builds the stores for this window and starts the connection it should open by itself, if any. */
export function boot(win: Window): AppStores {
  const desktop = desktopApi(win);
  const storage = browserStorage();
  const connection = createConnectionStore({
    createTransport: transportFactory(desktop, win),
    storage,
    localAvailable: desktop !== null,
    pairDevice: pairDeviceFor(desktop),
  });
  if (desktop) followCertificateRefusals(connection, win);
  const market = createMarketStore(storage);
  autoConnect(connection, win.location, win.history);
  // A `stratus serve` link pasted into an open tab changes only the fragment; no page load follows.
  win.addEventListener('hashchange', () => connectFromFragment(connection, win.location, win.history));
  return { connection, market, venues: createVenueStore() };
}

type PageLocation = Pick<Location, 'hash' | 'protocol' | 'host' | 'pathname' | 'search'>;

/**
 * `stratus serve` prints `http://host:port/#token=…`: such a page connects to its own server with
 * that token, remembers it, and takes it out of the address bar (and so out of history and
 * screenshots). Otherwise the last engine is reopened when it needs no typing.
 */
export function autoConnect(
  store: ConnectionStore,
  location: PageLocation,
  history: Pick<History, 'state' | 'replaceState'>,
): void {
  if (offerPairingFromFragment(store, location, history)) return;
  if (connectFromFragment(store, location, history)) return;
  const { saved, localAvailable } = store.getState();
  if (saved?.target.kind === 'remote' && saved.token !== null) {
    store.getState().connect(saved.target, { token: saved.token, remember: true });
  } else if (localAvailable && (saved === null || saved.target.kind === 'local')) {
    store.getState().connect({ kind: 'local' });
  }
}

/**
 * A page opened with the pairing link `stratus serve` prints (`#pair=…&fp=…`) starts the connection
 * screen's pairing form from it instead of reconnecting, and the code leaves the address bar.
 */
export function offerPairingFromFragment(store: ConnectionStore, location: PageLocation, history: Pick<History, 'state' | 'replaceState'>): boolean {
  if (!/^#(.*&)?pair=/.test(location.hash)) return false;
  const link = `${location.protocol}//${location.host}/${location.hash}`;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  store.setState({ offeredPairing: link });
  return true;
}

/** Connects with a `#token=` in the address, taking it out of the address; true if there was one. */
export function connectFromFragment(store: ConnectionStore, location: PageLocation, history: Pick<History, 'state' | 'replaceState'>): boolean {
  const token = tokenFromFragment(location.hash);
  if (token === null) return false;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const sameOrigin = sameOriginApiUrl(location);
  if (sameOrigin === null) return false;
  store.getState().connect({ kind: 'remote', url: sameOrigin }, { token, remember: true });
  return true;
}
