import type * as Ccxt from 'ccxt';

/**
 * ccxt takes ~0.7 s to load, so it is imported the first time a venue is used, not when the engine starts:
 * `stratus serve` and the desktop window come up without it.
 */
export type CcxtModule = typeof Ccxt;

let loading: Promise<CcxtModule> | null = null;

export function loadCcxt(): Promise<CcxtModule> {
  loading ??= import('ccxt');
  return loading;
}
