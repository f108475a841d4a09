import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { createFilePinStore, decideCertificate, installCertificatePins, pemFingerprint, pinKey, VERIFY } from './certificate-pins';
import { pairRemoteDevice } from './remote-pairing';

type Certificate = { readonly key: string; readonly cert: string; readonly fingerprint: string };

/** A fresh self-signed certificate, as `stratus serve` generates one for itself. */
function selfSigned(dir: string, name: string): Certificate {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const pem = readFileSync(cert, 'utf8');
  return { key: readFileSync(key, 'utf8'), cert: pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

type Seen = { bodies: unknown[] };

/** The engine's pairing endpoint as the contract states it: one valid single-use code, 429 after it locks. */
function pairingHandler(seen: Seen, fingerprint: string | null, options: { claimed?: string } = {}) {
  let used = false;
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      seen.bodies.push(body);
      const code = typeof body === 'object' && body !== null ? Reflect.get(body, 'code') : null;
      response.setHeader('content-type', 'application/json');
      if (request.url !== '/pair' || request.method !== 'POST') {
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { type: 'NotFound', message: 'no such path' } }));
      } else if (code === 'LOCK-EDOU') {
        response.statusCode = 429;
        response.end(JSON.stringify({ error: { type: 'RateLimitError', message: 'locked out for 300 s' } }));
      } else if (code !== 'ABCD-EFGH' || used) {
        response.statusCode = 401;
        response.end(JSON.stringify({ error: { type: 'AuthError', message: 'invalid or expired pairing code' } }));
      } else {
        used = true;
        response.end(JSON.stringify({ token: 'device-token-1', deviceId: 'dev-1', role: 'trader', fingerprint: options.claimed ?? fingerprint }));
      }
    });
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('pairing with a remote engine from main', () => {
  let dir: string;
  let first: Certificate;
  let second: Certificate;
  const servers: Server[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-pairing-'));
    first = selfSigned(dir, 'first');
    second = selfSigned(dir, 'second');
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function engine(certificate: Certificate, seen: Seen, options: { claimed?: string } = {}): Promise<string> {
    const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, pairingHandler(seen, certificate.fingerprint, options));
    servers.push(server);
    return `https://127.0.0.1:${await listen(server)}`;
  }

  const request = (origin: string, fingerprint: string | null, code = 'ABCD-EFGH') => ({ origin, code, deviceName: 'Laptop', fingerprint });

  it('pairs when the certificate matches the link, and pins it for host:port in an owner-only file', async () => {
    const seen: Seen = { bodies: [] };
    const origin = await engine(first, seen);
    const path = join(dir, 'pins-1', 'certificate-pins.json');
    const pins = createFilePinStore(path);
    const reply = await pairRemoteDevice(request(origin, first.fingerprint.toLowerCase()), { pins });
    expect(reply).toEqual({ ok: true, token: 'device-token-1', deviceId: 'dev-1', role: 'trader', fingerprint: first.fingerprint });
    expect(seen.bodies).toEqual([{ code: 'ABCD-EFGH', deviceName: 'Laptop' }]);
    const key = `127.0.0.1:${new URL(origin).port}`;
    expect(pins.get(key)).toBe(first.fingerprint);
    expect(createFilePinStore(path).get(key)).toBe(first.fingerprint);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a certificate other than the link names without ever sending the code', async () => {
    const seen: Seen = { bodies: [] };
    const origin = await engine(second, seen);
    const pins = createFilePinStore(join(dir, 'pins-2.json'));
    const reply = await pairRemoteDevice(request(origin, first.fingerprint), { pins });
    expect(reply).toMatchObject({ ok: false, kind: 'fingerprint-mismatch', expected: first.fingerprint, actual: second.fingerprint });
    expect(reply.ok ? '' : reply.message).toMatch(/code was not sent/);
    expect(seen.bodies).toEqual([]);
    expect(pins.forHost('127.0.0.1')).toEqual([]);
  });

  it('without a fingerprint in the link, trusts a first pairing but holds a paired engine to its pinned certificate', async () => {
    const seen: Seen = { bodies: [] };
    const origin = await engine(second, seen);
    const pins = createFilePinStore(join(dir, 'pins-3.json'));
    pins.set(`127.0.0.1:${new URL(origin).port}`, first.fingerprint);
    const changed = await pairRemoteDevice(request(origin, null), { pins });
    expect(changed).toMatchObject({ ok: false, kind: 'fingerprint-mismatch', expected: first.fingerprint, actual: second.fingerprint });
    expect(seen.bodies).toEqual([]);

    const fresh = createFilePinStore(join(dir, 'pins-4.json'));
    await expect(pairRemoteDevice(request(origin, null), { pins: fresh })).resolves.toMatchObject({ ok: true, fingerprint: second.fingerprint });
    expect(fresh.forHost('127.0.0.1')).toEqual([second.fingerprint]);
  });

  it('refuses to pin when the engine names another certificate than the connection presented', async () => {
    const origin = await engine(first, { bodies: [] }, { claimed: second.fingerprint });
    const pins = createFilePinStore(join(dir, 'pins-5.json'));
    const reply = await pairRemoteDevice(request(origin, first.fingerprint), { pins });
    expect(reply).toMatchObject({ ok: false, kind: 'fingerprint-mismatch', expected: second.fingerprint, actual: first.fingerprint });
    expect(pins.forHost('127.0.0.1')).toEqual([]);
  });

  it('says what went wrong: a used or wrong code, a lockout, nothing listening, no TLS on the port', async () => {
    const origin = await engine(first, { bodies: [] });
    const pins = createFilePinStore(join(dir, 'pins-6.json'));
    await expect(pairRemoteDevice(request(origin, first.fingerprint), { pins })).resolves.toMatchObject({ ok: true });
    await expect(pairRemoteDevice(request(origin, first.fingerprint), { pins })).resolves.toMatchObject({ ok: false, kind: 'bad-code' });
    const locked = await pairRemoteDevice(request(origin, first.fingerprint, 'LOCK-EDOU'), { pins });
    expect(locked).toMatchObject({ ok: false, kind: 'locked-out' });
    expect(locked.ok ? '' : locked.message).toMatch(/locked out for 300 s/);

    const closed = createHttpServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const nobody = await pairRemoteDevice(request(`https://127.0.0.1:${port}`, null), { pins });
    expect(nobody).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(nobody.ok ? '' : nobody.message).toMatch(/nothing is listening/);

    const plain = createHttpServer(pairingHandler({ bodies: [] }, null));
    servers.push(plain);
    const plainPort = await listen(plain);
    const noTls = await pairRemoteDevice(request(`https://127.0.0.1:${plainPort}`, null), { pins });
    expect(noTls).toMatchObject({ ok: false, kind: 'unreachable' });
  });

  it('pairs over plain HTTP with an engine on this computer only, with nothing to pin', async () => {
    const seen: Seen = { bodies: [] };
    const plain = createHttpServer(pairingHandler(seen, null));
    servers.push(plain);
    const port = await listen(plain);
    const pins = createFilePinStore(join(dir, 'pins-7.json'));
    await expect(pairRemoteDevice(request(`http://127.0.0.1:${port}`, null), { pins })).resolves.toEqual({
      ok: true,
      token: 'device-token-1',
      deviceId: 'dev-1',
      role: 'trader',
      fingerprint: null,
    });
    const remote = await pairRemoteDevice(request('http://engine.example:7420', null), { pins });
    expect(remote).toMatchObject({ ok: false, kind: 'invalid' });
    expect(seen.bodies).toHaveLength(1);
  });

  it('refuses malformed requests from the page before any network use', async () => {
    const pins = createFilePinStore(join(dir, 'pins-8.json'));
    for (const bad of [null, 'x', { origin: 5, code: 'A', deviceName: 'b' }, { origin: 'https://e:1', code: 'A'.repeat(65), deviceName: 'b' }]) {
      await expect(pairRemoteDevice(bad, { pins })).resolves.toMatchObject({ ok: false, kind: 'invalid' });
    }
    await expect(pairRemoteDevice(request('https://engine.example:7420', 'AB:CD'), { pins })).resolves.toMatchObject({ ok: false, kind: 'invalid' });
    await expect(pairRemoteDevice({ ...request('https://engine.example:7420', null), deviceName: ' ' }, { pins })).resolves.toMatchObject({ ok: false, kind: 'invalid' });
  });
});

describe('the session rule for pinned engines', () => {
  let dir: string;
  let first: Certificate;
  let second: Certificate;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-pins-'));
    first = selfSigned(dir, 'first');
    second = selfSigned(dir, 'second');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts exactly the pinned certificate on a pinned host, refuses any other, and leaves other hosts to Chromium', () => {
    const pins = createFilePinStore(join(dir, 'pins.json'));
    pins.set('engine.example:7420', first.fingerprint);
    expect(pemFingerprint(first.cert)).toBe(first.fingerprint);
    expect(decideCertificate('engine.example', first.cert, pins)).toEqual({ result: VERIFY.accept, refused: null });
    expect(decideCertificate('ENGINE.example', first.cert, pins).result).toBe(VERIFY.accept);
    expect(decideCertificate('engine.example', second.cert, pins)).toEqual({
      result: VERIFY.refuse,
      refused: { host: 'engine.example', expected: [first.fingerprint], actual: second.fingerprint },
    });
    expect(decideCertificate('engine.example', 'not a certificate', pins).result).toBe(VERIFY.refuse);
    expect(decideCertificate('other.example', second.cert, pins)).toEqual({ result: VERIFY.chromium, refused: null });
  });

  it('two engines on one host with different certificates both connect; a certificate pinned for neither is refused', () => {
    const pins = createFilePinStore(join(dir, 'pins-3.json'));
    pins.set(pinKey(new URL('https://engine.example:7420/')), first.fingerprint);
    pins.set(pinKey(new URL('https://engine.example:7421/')), second.fingerprint);
    const third = selfSigned(dir, 'third');
    // The proc cannot tell the ports apart (it is never told one), so each pin of the host is accepted.
    expect(decideCertificate('engine.example', first.cert, pins).result).toBe(VERIFY.accept);
    expect(decideCertificate('engine.example', second.cert, pins).result).toBe(VERIFY.accept);
    expect(decideCertificate('engine.example', third.cert, pins)).toEqual({
      result: VERIFY.refuse,
      refused: { host: 'engine.example', expected: [first.fingerprint, second.fingerprint], actual: third.fingerprint },
    });
    // A pin belongs to its host name only: the same certificate elsewhere gets Chromium's verdict.
    expect(decideCertificate('engine.example.net', first.cert, pins).result).toBe(VERIFY.chromium);
    // Reloaded from the file, the pins stay per host:port.
    const reloaded = createFilePinStore(join(dir, 'pins-3.json'));
    expect([reloaded.get('engine.example:7420'), reloaded.get('engine.example:7421')]).toEqual([first.fingerprint, second.fingerprint]);
  });

  it('installs a verify proc on the session that reports each refusal to the windows', () => {
    const pins = createFilePinStore(join(dir, 'pins-2.json'));
    pins.set(pinKey(new URL('https://[::1]:7420/')), first.fingerprint);
    let proc: ((request: { hostname: string; certificate: { data: string } }, callback: (result: number) => void) => void) | null = null;
    const refused: unknown[] = [];
    installCertificatePins({ setCertificateVerifyProc: (next) => (proc = next) }, pins, (payload) => refused.push(payload));
    const results: number[] = [];
    proc!({ hostname: '::1', certificate: { data: first.cert } }, (result) => results.push(result));
    proc!({ hostname: '[::1]', certificate: { data: second.cert } }, (result) => results.push(result));
    expect(results).toEqual([VERIFY.accept, VERIFY.refuse]);
    expect(refused).toEqual([{ host: '[::1]', expected: [first.fingerprint], actual: second.fingerprint }]);
  });
});
