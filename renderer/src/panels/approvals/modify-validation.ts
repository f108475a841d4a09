import type { ProposalView } from '../../engine-client/api-types';

/** The modify form's fields, as typed (text), so a half-typed value is never silently turned into a number. */
export type ModifyDraft = {
  readonly quantity: string;
  readonly price: string;
  readonly stop: string;
  readonly target: string;
};

/** What the engine is asked to change; only the fields that differ from the proposal are sent. */
export type ModifyChanges = {
  quantity?: string;
  price?: string;
  stop?: string;
  target?: string;
};

export type ModifyResult = { readonly ok: true; readonly changes: ModifyChanges } | { readonly ok: false; readonly problems: Readonly<Partial<Record<keyof ModifyDraft, string>>> };

const DECIMAL = /^\d+(\.\d+)?$/;

export function draftOf(proposal: ProposalView): ModifyDraft {
  return { quantity: proposal.quantity, price: proposal.entry, stop: proposal.stop ?? '', target: proposal.target ?? '' };
}

/**
 * Checks a modification before it is sent: positive decimals, no more decimals than the engine uses for
 * that field, and protective levels on the right side of the entry (a long's stop below it and target
 * above; a short's the other way round), so an edit cannot turn a stop into a second entry. The engine
 * checks again; this only spares the trader a round trip and says exactly what is wrong.
 */
export function validateModify(proposal: ProposalView, draft: ModifyDraft): ModifyResult {
  const problems: Partial<Record<keyof ModifyDraft, string>> = {};
  positive(draft.quantity, 'Size', decimalsOf(proposal.quantity), problems, 'quantity', true);
  const priceScale = decimalsOf(proposal.entry);
  const price = positive(draft.price, 'Price', priceScale, problems, 'price', true);
  // A protective level the proposal has can be moved, not removed: an order without its stop is a different trade.
  const stop = positive(draft.stop, 'Stop', priceScale, problems, 'stop', proposal.stop !== undefined);
  const target = positive(draft.target, 'Target', priceScale, problems, 'target', proposal.target !== undefined);
  if (price !== null) {
    const long = proposal.side === 'buy';
    if (stop !== null && (long ? stop >= price : stop <= price)) problems.stop = `Stop must be ${long ? 'below' : 'above'} the entry for a ${long ? 'long' : 'short'}`;
    if (target !== null && (long ? target <= price : target >= price)) problems.target = `Target must be ${long ? 'above' : 'below'} the entry for a ${long ? 'long' : 'short'}`;
    if (proposal.orderType === 'market' && draft.price.trim() !== proposal.entry && problems.price === undefined) {
      problems.price = 'A market proposal fills at the market; only a limit proposal takes a price';
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const changes: ModifyChanges = {};
  if (!sameDecimal(draft.quantity, proposal.quantity)) changes.quantity = draft.quantity.trim();
  if (!sameDecimal(draft.price, proposal.entry)) changes.price = draft.price.trim();
  if (!sameDecimal(draft.stop, proposal.stop ?? '')) changes.stop = draft.stop.trim();
  if (!sameDecimal(draft.target, proposal.target ?? '')) changes.target = draft.target.trim();
  if (Object.keys(changes).length === 0) return { ok: false, problems: { quantity: 'Nothing changed' } };
  return { ok: true, changes };
}

function positive(text: string, label: string, maxDecimals: number | null, problems: Partial<Record<keyof ModifyDraft, string>>, field: keyof ModifyDraft, required: boolean): number | null {
  const value = text.trim();
  if (value === '') {
    if (required) problems[field] = `${label} is required`;
    return null;
  }
  if (!DECIMAL.test(value)) {
    problems[field] = `${label} must be a positive decimal number`;
    return null;
  }
  const n = Number(value);
  if (n <= 0) {
    problems[field] = `${label} must be greater than zero`;
    return null;
  }
  const decimals = value.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  if (maxDecimals !== null && decimals > maxDecimals) {
    problems[field] = `${label} takes at most ${maxDecimals} decimals`;
    return null;
  }
  return n;
}

/** Decimals the engine writes a field with (its scale); null when the sample does not say. */
function decimalsOf(sample: string): number | null {
  const fraction = sample.split('.')[1];
  return fraction === undefined ? null : fraction.length;
}

function sameDecimal(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return true;
  if (x === '' || y === '') return false;
  return Number(x) === Number(y);
}
