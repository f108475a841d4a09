import { describe, expect, it } from 'vitest';
import { makeProposal } from '../trading/trading-fixtures';
import type { ProposalView } from '../../engine-client/api-types';
import { draftOf, validateModify } from './modify-validation';

const long = makeProposal({ regime: undefined });
const short: ProposalView = { ...long, side: 'sell', stop: '40500.00', target: '39000.00' };

describe('modify validation', () => {
  it('sends only what changed, as the typed decimal strings', () => {
    const result = validateModify(long, { ...draftOf(long), quantity: '0.1', stop: '39600' });
    expect(result).toEqual({ ok: true, changes: { quantity: '0.1', stop: '39600' } });
  });

  it('refuses a form that changes nothing', () => {
    const result = validateModify(long, { ...draftOf(long), price: '40000' });
    expect(result.ok).toBe(false);
  });

  it('refuses sizes and prices that are not positive decimals, or have too many decimals', () => {
    const bad = validateModify(long, { quantity: '-1', price: 'abc', stop: '0', target: '41000.001' });
    expect(bad).toEqual({
      ok: false,
      problems: {
        quantity: 'Size must be a positive decimal number',
        price: 'Price must be a positive decimal number',
        stop: 'Stop must be greater than zero',
        target: 'Target takes at most 2 decimals',
      },
    });
    expect(validateModify(long, { ...draftOf(long), quantity: '0.0001' })).toEqual({ ok: false, problems: { quantity: 'Size takes at most 3 decimals' } });
    expect(validateModify(long, { ...draftOf(long), quantity: ' ' })).toEqual({ ok: false, problems: { quantity: 'Size is required' } });
  });

  it('keeps a long stop below and target above the entry, and the reverse for a short', () => {
    expect(validateModify(long, { ...draftOf(long), stop: '40100' })).toEqual({ ok: false, problems: { stop: 'Stop must be below the entry for a long' } });
    expect(validateModify(long, { ...draftOf(long), target: '39900' })).toEqual({ ok: false, problems: { target: 'Target must be above the entry for a long' } });
    expect(validateModify(short, { ...draftOf(short), stop: '39900' })).toEqual({ ok: false, problems: { stop: 'Stop must be above the entry for a short' } });
    expect(validateModify(short, { ...draftOf(short), target: '40100' })).toEqual({ ok: false, problems: { target: 'Target must be below the entry for a short' } });
    // Moving the entry past the stop is caught too.
    expect(validateModify(long, { ...draftOf(long), price: '39400' })).toEqual({ ok: false, problems: { stop: 'Stop must be below the entry for a long' } });
  });

  it('moves a stop or target but never removes one, adds one the proposal lacked, and takes a price only on limit proposals', () => {
    expect(validateModify(long, { ...draftOf(long), target: '' })).toEqual({ ok: false, problems: { target: 'Target is required' } });
    const noTarget = makeProposal({ target: undefined });
    expect(validateModify(noTarget, { ...draftOf(noTarget), target: '' })).toEqual({ ok: false, problems: { quantity: 'Nothing changed' } });
    expect(validateModify(noTarget, { ...draftOf(noTarget), target: '42000' })).toEqual({ ok: true, changes: { target: '42000' } });
    const market: ProposalView = { ...long, orderType: 'market' };
    expect(validateModify(market, { ...draftOf(market), price: '40100' })).toEqual({
      ok: false,
      problems: { price: 'A market proposal fills at the market; only a limit proposal takes a price' },
    });
  });
});
