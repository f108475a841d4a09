import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writePrivateFile } from '../secrets/private-file';

export const CERTIFICATE_FILE = 'serve-cert.pem';
export const KEY_FILE = 'serve-key.pem';

/** A certificate this close to its end is replaced at start rather than left to expire while serving. */
const RENEW_BEFORE_MS = 24 * 3_600_000;
const VALID_DAYS = 365;

export type ServeCertificate = {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs `AB:CD:…`: what a device pins at pairing. */
  readonly fingerprint: string;
  readonly validTo: number;
  /** True when this start generated it (first start, or the old one expired or was unreadable). */
  readonly generated: boolean;
};

/**
 * The self-signed certificate `stratus serve` uses for https/wss, kept in the profile folder beside
 * the database and reused on restart so that paired devices' pinned fingerprints stay valid. The key
 * file is readable by its owner only. Clients trust it by fingerprint (pinned at pairing), not by a CA,
 * so its names matter little; they still list the addresses it serves on for browsers' sake.
 */
export async function loadOrCreateCertificate(dir: string, host: string, now: number = Date.now()): Promise<ServeCertificate> {
  const certPath = join(dir, CERTIFICATE_FILE);
  const keyPath = join(dir, KEY_FILE);
  const existing = readExisting(certPath, keyPath, now);
  if (existing) return existing;
  const pems = await generate([{ name: 'commonName', value: 'Stratus engine' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: subjectAltNames(host) },
    ],
  });
  mkdirSync(dir, { recursive: true });
  // Written under a temporary name and renamed, so a crash never leaves a half-written key in place.
  writePrivateFile(keyPath, pems.private);
  writeFileSync(`${certPath}.tmp`, pems.cert, { mode: 0o644 });
  renameSync(`${certPath}.tmp`, certPath);
  const x509 = new X509Certificate(pems.cert);
  return { cert: pems.cert, key: pems.private, fingerprint: x509.fingerprint256, validTo: Date.parse(x509.validTo), generated: true };
}

/** The fingerprint of the certificate kept in `dir`, or null when there is none (for `stratus pair`). */
export function storedFingerprint(dir: string): string | null {
  const certPath = join(dir, CERTIFICATE_FILE);
  if (!existsSync(certPath)) return null;
  try {
    return new X509Certificate(readFileSync(certPath)).fingerprint256;
  } catch {
    return null;
  }
}

function readExisting(certPath: string, keyPath: string, now: number): ServeCertificate | null {
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  try {
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    const x509 = new X509Certificate(cert);
    const validTo = Date.parse(x509.validTo);
    if (!(validTo - RENEW_BEFORE_MS > now) || !x509.checkPrivateKey(createPrivateKey(key))) return null;
    // A key file whose mode was loosened by hand is tightened again.
    chmodSync(keyPath, 0o600);
    return { cert, key, fingerprint: x509.fingerprint256, validTo, generated: false };
  } catch {
    return null;
  }
}

type AltName = { type: 2; value: string } | { type: 7; ip: string };

function subjectAltNames(host: string): AltName[] {
  const names = new Map<string, AltName>();
  const add = (name: string): void => {
    if (name === '' || name === '0.0.0.0' || name === '::') return;
    names.set(name, isIP(name) ? { type: 7, ip: name } : { type: 2, value: name });
  };
  add('localhost');
  add('127.0.0.1');
  add('::1');
  add(host);
  // Bound to every interface: the addresses a device on the network can reach it by.
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) add(entry.address.split('%')[0] ?? '');
  }
  return [...names.values()];
}
