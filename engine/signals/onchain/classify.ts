import type { AddressLabel, Severity, TokenConfig, TransferClass } from './onchain-types';

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

const isExchange = (label: AddressLabel | null): label is AddressLabel => label?.kind === 'exchange';

/**
 * What a transfer means for the market. Mints and burns come first (an issuer creating or destroying
 * supply), then exchange direction; a transfer between two non-exchange wallets is whale-to-whale.
 */
export function classifyTransfer(
  token: TokenConfig,
  from: string,
  to: string,
  fromLabel: AddressLabel | null,
  toLabel: AddressLabel | null,
): TransferClass {
  if (token.stablecoin && from === ZERO_ADDRESS) return 'stablecoin-mint';
  if (token.stablecoin && to === ZERO_ADDRESS) return 'stablecoin-burn';
  if (isExchange(fromLabel) && isExchange(toLabel)) return 'exchange-to-exchange';
  if (isExchange(toLabel)) return 'exchange-inflow';
  if (isExchange(fromLabel)) return 'exchange-outflow';
  return 'whale-to-whale';
}

/**
 * Severity by size relative to the token's threshold: at the threshold `medium`, 5× `high`, 25× `critical`.
 * Coins moving onto an exchange (possible selling) and fresh stablecoin supply rank one step higher.
 * Below the threshold it is `low`; with no price and no unpriced minimum it cannot be ranked above `low`.
 */
export function severityOf(ratio: number | null, classification: TransferClass): Severity {
  if (ratio === null || ratio < 1) return 'low';
  let level = ratio >= 25 ? 3 : ratio >= 5 ? 2 : 1;
  if (classification === 'exchange-inflow' || classification === 'stablecoin-mint') level = Math.min(3, level + 1);
  return (['low', 'medium', 'high', 'critical'] as const)[level] ?? 'critical';
}

/** The exchange an address belongs to, for flows; non-exchange labels do not count. */
export function exchangeOf(label: AddressLabel | null): string | null {
  return isExchange(label) ? label.entity : null;
}
