import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_LIMIT, CallbackSigner } from './callback-data';

const TOKEN = '7012345678:AAH-test_token-0123456789abcdefghijklm';
const ID = 'pr-yR2cW9P_4DfavU0by_Fkjk9LgNb1TqzZ1';
const now = Date.UTC(2026, 0, 5);

describe('CallbackSigner', () => {
  const signer = new CallbackSigner(TOKEN);

  it('signs a 36-character proposal id within 64 bytes and verifies it until it expires', () => {
    const data = signer.sign({ action: 'approve', proposalId: ID, expiresAt: now + 600_000 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(signer.verify(data, now)).toEqual({ ok: true, payload: { action: 'approve', proposalId: ID, expiresAt: now + 600_000 } });
    expect(signer.verify(data, now + 600_000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(signer.verify(signer.sign({ action: 'reject', proposalId: ID, expiresAt: now + 1 }), now)).toMatchObject({ ok: true, payload: { action: 'reject' } });
  });

  it('refuses every changed character, another token, and malformed data', () => {
    const data = signer.sign({ action: 'approve', proposalId: ID, expiresAt: now + 600_000 });
    for (let i = 0; i < data.length; i++) {
      if (data[i] === ':') continue;
      const changed = data.slice(0, i) + (data[i] === 'r' ? 'a' : data[i] === 'a' ? 'r' : data[i] === '0' ? '1' : '0') + data.slice(i + 1);
      expect(signer.verify(changed, now).ok, changed).toBe(false);
    }
    expect(new CallbackSigner(`${TOKEN}x`).verify(data, now)).toMatchObject({ ok: false, reason: 'bad-signature' });
    for (const bad of ['', 'a', 'a:b:c', 'x:pr-1:zz:abc', `a:${'x'.repeat(37)}:1:abc`, `${data}:extra`, 'a:pr 1:1:abc']) expect(signer.verify(bad, now)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('signs both snooze lengths within 64 bytes; the length is signed, and no other length has a button', () => {
    const quarter = signer.sign({ action: 'snooze', minutes: 15, proposalId: ID, expiresAt: now + 600_000 });
    const hour = signer.sign({ action: 'snooze', minutes: 60, proposalId: ID, expiresAt: now + 600_000 });
    for (const data of [quarter, hour]) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(signer.verify(quarter, now)).toEqual({ ok: true, payload: { action: 'snooze', minutes: 15, proposalId: ID, expiresAt: now + 600_000 } });
    expect(signer.verify(hour, now)).toMatchObject({ ok: true, payload: { action: 'snooze', minutes: 60 } });
    // A quarter-hour button turned into an hour's (or an approval) is not believed.
    expect(signer.verify(`h${quarter.slice(1)}`, now)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(signer.verify(`a${quarter.slice(1)}`, now)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(signer.verify(quarter, now + 600_000)).toMatchObject({ ok: false, reason: 'expired', payload: { action: 'snooze', minutes: 15 } });
    expect(() => signer.sign({ action: 'snooze', minutes: 30 as 15, proposalId: ID, expiresAt: now })).toThrow(/15 or 60 minutes, not 30/);
  });

  it('will not sign an id that would not fit', () => {
    expect(() => signer.sign({ action: 'approve', proposalId: 'x'.repeat(37), expiresAt: now })).toThrow(/36/);
    expect(() => signer.sign({ action: 'approve', proposalId: 'a:b', expiresAt: now })).toThrow();
  });
});
