import { describe, expect, it } from 'vitest';
import { interpretPairResponse, normalizeFingerprint, PAIR_MESSAGES } from '../../../electron/shared/pairing';
import { browserPairDevice, pairDeviceFor } from './pair-device';
import { defaultDeviceName, draftFromLink, preparePairing, type PairingDraft } from './pairing-draft';
import { parsePairingLink } from './pairing-link';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');
const empty: PairingDraft = { link: '', code: '', fingerprint: '', deviceName: 'Desk laptop' };

describe('pairing links', () => {
  it('reads host, code and fingerprint from the link `stratus serve` prints, either spelling', () => {
    expect(parsePairingLink(`https://trading-box:7420/#pair=abcd-efgh&fp=${FP.toLowerCase()}`)).toEqual({
      origin: 'https://trading-box:7420',
      apiUrl: 'wss://trading-box:7420/api',
      code: 'ABCD-EFGH',
      fingerprint: FP,
      badFingerprint: false,
    });
    expect(parsePairingLink(`https://10.0.0.5:7420/#pair=ABCD-EFGH&fingerprint=${FP}`)).toMatchObject({ fingerprint: FP, code: 'ABCD-EFGH' });
    expect(parsePairingLink('http://127.0.0.1:7420/#pair=ABCD-EFGH')).toMatchObject({ origin: 'http://127.0.0.1:7420', apiUrl: 'ws://127.0.0.1:7420/api', fingerprint: null });
  });

  it('takes a bare address: https for a remote host, plain http only for this computer', () => {
    expect(parsePairingLink('trading-box:7420')).toMatchObject({ origin: 'https://trading-box:7420', code: null });
    expect(parsePairingLink('localhost:7420')).toMatchObject({ origin: 'http://localhost:7420' });
    expect(parsePairingLink('wss://trading-box/api')).toMatchObject({ origin: 'https://trading-box', apiUrl: 'wss://trading-box/api' });
    expect(parsePairingLink('')).toBeNull();
    expect(parsePairingLink('ftp://trading-box')).toBeNull();
    expect(parsePairingLink('https://trading-box:7420/#pair=ABCD-EFGH&fp=AB:CD')).toMatchObject({ badFingerprint: true, fingerprint: null });
  });

  it('normalises fingerprints however they were typed, and refuses what is not SHA-256', () => {
    expect(normalizeFingerprint(FP.replace(/:/g, '').toLowerCase())).toBe(FP);
    expect(normalizeFingerprint(FP.replace(/:/g, ' '))).toBe(FP);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
    expect(normalizeFingerprint(`${FP}:00`)).toBeNull();
  });
});

describe('the pairing form', () => {
  it('fills code and fingerprint from a pasted link and prepares the request', () => {
    const draft = draftFromLink(`https://trading-box:7420/#pair=ABCD-EFGH&fp=${FP}`, empty);
    expect(draft).toMatchObject({ code: 'ABCD-EFGH', fingerprint: FP });
    expect(preparePairing(draft)).toEqual({
      request: { origin: 'https://trading-box:7420', code: 'ABCD-EFGH', deviceName: 'Desk laptop', fingerprint: FP },
      apiUrl: 'wss://trading-box:7420/api',
    });
    expect(preparePairing({ ...empty, link: 'trading-box:7420', code: ' abcd efgh ' })).toMatchObject({ request: { code: 'ABCDEFGH', fingerprint: null } });
  });

  it('says what to fix before sending anything', () => {
    expect(preparePairing(empty)).toEqual({ error: expect.stringMatching(/pairing link/) });
    expect(preparePairing({ ...empty, link: 'trading-box:7420' })).toEqual({ error: expect.stringMatching(/pairing code/) });
    expect(preparePairing({ ...empty, link: 'trading-box:7420', code: 'A', fingerprint: 'zz' })).toEqual({ error: expect.stringMatching(/32 pairs/) });
    expect(preparePairing({ ...empty, link: 'https://b:1/#pair=A&fp=12' })).toEqual({ error: expect.stringMatching(/damaged/) });
    expect(preparePairing({ ...empty, link: '127.0.0.1:7420', code: 'A', fingerprint: FP })).toEqual({ error: expect.stringMatching(/no certificate/) });
  });

  it('names the device after where it runs until the trader names it', () => {
    expect(defaultDeviceName(true, 'MacIntel')).toBe('Stratus desktop on macOS');
    expect(defaultDeviceName(false, 'Linux x86_64')).toBe('Browser on Linux');
  });
});

describe('the engine’s pairing answer', () => {
  it('is a token and role on 200, and a failure a trader can act on otherwise', () => {
    expect(interpretPairResponse(200, { token: 't', deviceId: 'd', role: 'viewer', fingerprint: null }, null)).toEqual({ ok: true, token: 't', deviceId: 'd', role: 'viewer', fingerprint: null });
    expect(interpretPairResponse(200, { token: 't', deviceId: 'd', role: 'root' }, null)).toMatchObject({ ok: false, kind: 'refused', message: PAIR_MESSAGES.garbled });
    expect(interpretPairResponse(401, { error: { type: 'AuthError', message: 'invalid pairing code' } }, null)).toMatchObject({ ok: false, kind: 'bad-code' });
    expect(interpretPairResponse(429, { error: { type: 'RateLimitError', message: 'try again in 300 s' } }, null)).toMatchObject({
      ok: false,
      kind: 'locked-out',
      message: expect.stringMatching(/Too many wrong pairing codes.*300 s/),
    });
    expect(interpretPairResponse(404, null, null)).toMatchObject({ kind: 'refused', message: PAIR_MESSAGES.noPairing });
    expect(interpretPairResponse(500, null, null)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/HTTP 500/) });
  });
});

describe('pairing from a browser page', () => {
  const request = { origin: 'http://127.0.0.1:7420', code: 'ABCD-EFGH', deviceName: 'Desk laptop', fingerprint: null };

  it('POSTs the code and device name to /pair and reads the answer', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const pair = browserPairDevice(async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response(JSON.stringify({ token: 'tok', deviceId: 'dev-1', role: 'trader', fingerprint: null }), { status: 200 });
    });
    await expect(pair(request)).resolves.toEqual({ ok: true, token: 'tok', deviceId: 'dev-1', role: 'trader', fingerprint: null });
    expect(seen[0]?.url).toBe('http://127.0.0.1:7420/pair');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({ code: 'ABCD-EFGH', deviceName: 'Desk laptop' });
  });

  it('reports an engine that cannot be reached, and never sends an invalid request', async () => {
    let calls = 0;
    const pair = browserPairDevice(async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    });
    await expect(pair(request)).resolves.toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringMatching(/Cannot reach the engine at 127\.0\.0\.1:7420/) });
    await expect(pair({ ...request, origin: 'http://trading-box:7420' })).resolves.toMatchObject({ ok: false, kind: 'invalid' });
    expect(calls).toBe(1);
  });

  it('in the desktop app goes through main, and a failed IPC call is still an answer', async () => {
    const desktop = {
      requestEnginePort: () => undefined,
      openExternal: async () => true,
      appInfo: async () => ({ version: '1', platform: 'linux' }),
      pairDevice: async () => {
        throw new Error('Refused remote:pair-device');
      },
      openRemoteSocket: () => undefined,
    };
    await expect(pairDeviceFor(desktop)(request)).resolves.toMatchObject({ ok: false, kind: 'unreachable' });
  });
});
