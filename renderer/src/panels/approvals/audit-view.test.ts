import { describe, expect, it } from 'vitest';
import { actorName } from './audit-view';

describe('who acted, in the audit trail', () => {
  it('names this window, a paired device, Telegram, a policy and the engine', () => {
    expect(actorName({ kind: 'trader', via: 'ui' })).toBe('you');
    expect(actorName({ kind: 'trader', via: 'ui', device: 'travel laptop' })).toBe('device travel laptop');
    expect(actorName({ kind: 'trader', via: 'telegram' })).toBe('you (telegram)');
    expect(actorName({ kind: 'policy', policy: 'auto-paper-only' })).toBe('policy auto-paper-only');
    expect(actorName({ kind: 'system', component: 'expiry' })).toBe('engine (expiry)');
  });
});
