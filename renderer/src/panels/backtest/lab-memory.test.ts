import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../testing/memory-storage';
import { DEFAULT_FORM } from './backtest-form';
import { LAB_STORAGE_KEY, loadLabMemory, saveLabMemory } from './lab-memory';
import { DEFAULT_SEARCH_FORM } from './search-form';

describe('lab memory', () => {
  it('remembers the setup and the search', () => {
    const storage = new MemoryStorage();
    const memory = {
      form: { ...DEFAULT_FORM, strategy: 'rsi-reversion', params: { period: '10' }, takerFeePct: '0.1', closeAtEnd: false },
      search: { ...DEFAULT_SEARCH_FORM, method: 'genetic' as const, ranges: { period: { vary: true, min: '5', max: '20', step: '5' } } },
    };
    saveLabMemory(storage, memory);
    expect(loadLabMemory(storage)).toEqual(memory);
  });

  it('falls back to defaults field by field for anything it cannot read', () => {
    const storage = new MemoryStorage();
    expect(loadLabMemory(storage)).toEqual({ form: DEFAULT_FORM, search: DEFAULT_SEARCH_FORM });
    storage.setItem(LAB_STORAGE_KEY, '{not json');
    expect(loadLabMemory(storage)).toEqual({ form: DEFAULT_FORM, search: DEFAULT_SEARCH_FORM });
    storage.setItem(LAB_STORAGE_KEY, JSON.stringify({ form: { takerFeePct: 7, closeAtEnd: 'yes', params: { a: '1', b: 2 }, strategy: 'x', regime: 'stored', sizing: 'martingale' }, search: { ranges: { a: { vary: 1 } }, seed: '9', method: 'random' } }));
    expect(loadLabMemory(storage)).toEqual({ form: { ...DEFAULT_FORM, strategy: 'x', params: { a: '1' }, regime: 'stored' }, search: { ...DEFAULT_SEARCH_FORM, seed: '9' } });
    expect(loadLabMemory(null)).toEqual({ form: DEFAULT_FORM, search: DEFAULT_SEARCH_FORM });
  });
});
