import type { Instrument } from '../../model/instrument';

/** The fields of a ccxt unified market the engine keeps. */
export type CcxtMarket = {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly type?: string;
  readonly spot?: boolean;
  readonly linear?: boolean;
  readonly inverse?: boolean;
  readonly option?: boolean;
  readonly swap?: boolean;
  readonly future?: boolean;
  readonly active?: boolean;
  readonly precision: { readonly price?: number; readonly amount?: number };
  readonly limits: { readonly amount?: { readonly min?: number }; readonly cost?: { readonly min?: number } };
};

/** Converts a ccxt market (tick-size precision mode) into the engine's instrument. */
export function marketToInstrument(venue: string, market: CcxtMarket): Instrument | null {
  const kind: Instrument['kind'] | null = market.spot
    ? 'spot'
    : market.option
      ? 'option'
      : market.linear
        ? 'linear'
        : market.inverse
          ? 'inverse'
          : null;
  const tickSize = market.precision.price;
  const lotStep = market.precision.amount;
  if (!kind || tickSize === undefined || lotStep === undefined || !(tickSize > 0) || !(lotStep > 0)) return null;
  return {
    venue,
    symbol: market.symbol,
    base: market.base,
    quote: market.quote,
    kind,
    tickSize,
    lotStep,
    minNotional: market.limits.cost?.min ?? 0,
    priceScale: decimals(tickSize),
    quantityScale: decimals(lotStep),
    contract: market.spot ? 'none' : market.option ? 'option' : market.swap ? 'perpetual' : 'future',
    minQuantity: market.limits.amount?.min ?? 0,
    active: market.active !== false,
  };
}

/** Decimal places of a step such as 0.001 (3) or 5 (0); steps are powers of ten or simple multiples. */
export function decimals(step: number): number {
  if (step >= 1) return 0;
  const text = step.toExponential();
  const [mantissa, exponent] = text.split('e');
  const mantissaDecimals = (mantissa!.split('.')[1] ?? '').length;
  return Math.max(0, mantissaDecimals - Number(exponent));
}
