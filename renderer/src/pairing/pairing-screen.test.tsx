// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PairReply, PairRequest } from '../../../electron/shared/pairing';
import { App } from '../app/app';
import { autoConnect } from '../app/boot';
import type { EngineTarget } from '../engine-client/engine-target';
import { createConnectionStore } from '../stores/connection-store';
import { createMarketStore } from '../stores/market-store';
import { createVenueStore } from '../stores/venue-store';
import { FakeTransport } from '../testing/fake-transport';
import { MemoryStorage } from '../testing/memory-storage';
import { followCertificateRefusals } from './certificate-refusals';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

const FP = Array.from({ length: 32 }, (_, i) => (200 + i).toString(16).toUpperCase()).join(':');
const LINK = `https://trading-box:7420/#pair=ABCD-EFGH&fp=${FP}`;

function setup(reply: (request: PairRequest) => PairReply) {
  const opened: { target: EngineTarget; token: string; transport: FakeTransport }[] = [];
  const requests: PairRequest[] = [];
  const connection = createConnectionStore({
    storage: new MemoryStorage(),
    localAvailable: false,
    createTransport: (target, token) => {
      opened.push({ target, token, transport: new FakeTransport() });
      return opened.at(-1)!.transport;
    },
    pairDevice: async (request) => {
      requests.push(request);
      return reply(request);
    },
  });
  return { stores: { connection, market: createMarketStore(null), venues: createVenueStore() }, opened, requests };
}

function typeInto(input: Element | null, value: string): void {
  if (!(input instanceof HTMLInputElement)) throw new Error('not an input');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('pairing on the connection screen', () => {
  let host: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });
  const $ = (id: string) => host.querySelector(`[data-testid="${id}"]`);

  it('pairs from a pasted link, then connects with the device token and says which role it got', async () => {
    const { stores, opened, requests } = setup(() => ({ ok: true, token: 'device-token', deviceId: 'dev-1', role: 'trader', fingerprint: FP }));
    act(() => root.render(<App stores={stores} />));
    act(() => ($('method-pair') as HTMLButtonElement).click());
    act(() => typeInto($('pair-link'), LINK));
    expect(($('pair-code') as HTMLInputElement).value).toBe('ABCD-EFGH');
    expect(($('pair-fingerprint') as HTMLInputElement).value).toBe(FP);
    act(() => typeInto($('device-name'), 'Desk laptop'));
    await act(async () => ($('connect') as HTMLButtonElement).click());
    expect(requests).toEqual([{ origin: 'https://trading-box:7420', code: 'ABCD-EFGH', deviceName: 'Desk laptop', fingerprint: FP }]);
    expect(opened[0]).toMatchObject({ target: { kind: 'remote', url: 'wss://trading-box:7420/api' }, token: 'device-token' });
    expect($('pair-result')?.getAttribute('data-role')).toBe('trader');
  });

  it('shows why pairing failed and connects to nothing', async () => {
    const { stores, opened } = setup(() => ({ ok: false, kind: 'fingerprint-mismatch', message: 'The engine presented another certificate. The code was not sent.' }));
    act(() => root.render(<App stores={stores} />));
    act(() => ($('method-pair') as HTMLButtonElement).click());
    act(() => typeInto($('pair-link'), LINK));
    await act(async () => ($('connect') as HTMLButtonElement).click());
    expect($('connection-error')?.textContent).toMatch(/another certificate\. The code was not sent/);
    expect(opened).toHaveLength(0);
  });

  it('takes a pairing link pasted into the token form to the pairing form', () => {
    const { stores, requests } = setup(() => ({ ok: false, kind: 'bad-code', message: 'x' }));
    act(() => root.render(<App stores={stores} />));
    act(() => typeInto($('engine-url'), LINK));
    act(() => ($('connect') as HTMLButtonElement).click());
    expect(($('pair-code') as HTMLInputElement).value).toBe('ABCD-EFGH');
    expect(requests).toHaveLength(0);
  });

  it('opens the pairing form from a page address carrying #pair=, and takes the code out of the address', () => {
    const { stores, opened } = setup(() => ({ ok: false, kind: 'bad-code', message: 'x' }));
    const replaced: string[] = [];
    autoConnect(
      stores.connection,
      { hash: '#pair=ABCD-EFGH', protocol: 'http:', host: '127.0.0.1:7420', pathname: '/', search: '' },
      { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)) },
    );
    expect(replaced).toEqual(['/']);
    expect(opened).toHaveLength(0);
    act(() => root.render(<App stores={stores} />));
    expect(($('pair-link') as HTMLInputElement).value).toBe('http://127.0.0.1:7420/#pair=ABCD-EFGH');
    expect(($('pair-code') as HTMLInputElement).value).toBe('ABCD-EFGH');
  });
});

describe('a pinned engine presenting another certificate (desktop app)', () => {
  it('ends the connection to that host with main’s explanation, and ignores other hosts and frames', () => {
    const { stores, opened } = setup(() => ({ ok: false, kind: 'bad-code', message: 'x' }));
    const stop = followCertificateRefusals(stores.connection, window);
    stores.connection.getState().connect({ kind: 'remote', url: 'wss://trading-box:7420/api' }, { token: 't', remember: false });
    const post = (data: unknown, source: unknown = window) => window.dispatchEvent(new MessageEvent('message', { data, source: source as Window }));
    post({ type: 'stratus:certificate-refused', host: 'other-box', message: 'no' });
    post({ type: 'stratus:certificate-refused', host: 'trading-box', message: 'from a frame' }, null);
    expect(stores.connection.getState().connection?.status).toBe('connecting');
    post({ type: 'stratus:certificate-refused', host: 'trading-box', message: 'The engine at trading-box presented a different certificate' });
    expect(stores.connection.getState().connection).toMatchObject({ status: 'closed', reason: { type: 'CertificateChanged', message: expect.stringMatching(/different certificate/) } });
    expect(opened[0]?.transport.closed).toBe(true);
    stop();
  });
});
