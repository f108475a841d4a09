import { describe, expect, it } from 'vitest';
import { auditDetail } from './audit-detail';

describe('auditDetail', () => {
  it('lists scalar parameters and hides anything named like a credential', () => {
    const detail = auditDetail({ venue: 'bybit', apiKey: 'AKIA-123', secret: 's3cr3t', botToken: '123:abc', code: 'ABCD-EFGH', limit: 5, ok: true, nested: { secret: 'x' } });
    expect(detail).toBe('venue=bybit apiKey=*** secret=*** botToken=*** code=*** limit=5 ok=true nested=…');
    for (const leaked of ['AKIA-123', 's3cr3t', '123:abc', 'ABCD-EFGH']) expect(detail).not.toContain(leaked);
  });

  it('adds the error, keeps long values short and copes with any params', () => {
    expect(auditDetail({ id: 'x'.repeat(500) }, 'ValidationError: bad').length).toBeLessThanOrEqual(300);
    expect(auditDetail({ reason: 'fat finger' }, 'ForbiddenError: no')).toBe('reason=fat finger error: ForbiddenError: no');
    expect(auditDetail(42)).toBe('');
    expect(auditDetail(['a'])).toBe('');
    expect(auditDetail(undefined, 'x')).toBe('error: x');
  });
});
