/** A tradable instrument as the engine stores it; precision fields drive the integer money units. */
export type Instrument = {
  readonly venue: string;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly kind: 'spot' | 'linear' | 'inverse' | 'option' | 'stock';
  readonly tickSize: number;
  readonly lotStep: number;
  readonly minNotional: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  /** What kind of contract: none for spot, perpetual or dated future for derivatives. */
  readonly contract: 'none' | 'perpetual' | 'future' | 'option';
  readonly minQuantity: number;
  /** Whether the venue lists it as trading now. */
  readonly active: boolean;
};
