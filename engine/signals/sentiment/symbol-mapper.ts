/**
 * Maps text to the symbols it is about: cashtags (`$BTC`), names and aliases ("Bitcoin", "ether"), and bare
 * upper-case tickers ("BTC"). Bare tickers must be written in capitals so that ordinary words ("near", "op",
 * "link") are not mistaken for coins.
 */
export type SymbolAliases = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_SYMBOL_ALIASES: SymbolAliases = {
  BTC: ['bitcoin', 'bitcoins', 'xbt'],
  ETH: ['ethereum', 'ether'],
  SOL: ['solana'],
  XRP: ['ripple'],
  BNB: ['binance coin', 'bnb chain'],
  DOGE: ['dogecoin'],
  ADA: ['cardano'],
  AVAX: ['avalanche'],
  DOT: ['polkadot'],
  LINK: ['chainlink'],
  POL: ['polygon', 'matic'],
  LTC: ['litecoin'],
  TRX: ['tron'],
  TON: ['toncoin'],
  SHIB: ['shiba inu'],
  ARB: ['arbitrum'],
  OP: ['optimism'],
  SUI: [],
  APT: ['aptos'],
  NEAR: ['near protocol'],
  ATOM: ['cosmos hub'],
  UNI: ['uniswap'],
  PEPE: [],
  USDT: ['tether'],
  USDC: [],
};

/** Tickers that are also common words or abbreviations; they count only as cashtags. */
const AMBIGUOUS_TICKERS = new Set(['OP', 'NEAR', 'LINK', 'DOT', 'UNI', 'TON', 'SUI', 'ONE', 'GAS', 'BAT', 'ATOM']);

export class SymbolMapper {
  private readonly nameRules: { symbol: string; pattern: RegExp }[] = [];
  private readonly tickers: Map<string, string>;

  constructor(aliases: SymbolAliases = DEFAULT_SYMBOL_ALIASES) {
    this.tickers = new Map(Object.keys(aliases).map((symbol) => [symbol.toUpperCase(), symbol.toUpperCase()]));
    for (const [symbol, names] of Object.entries(aliases)) {
      for (const name of names) {
        if (name.trim() === '') continue;
        // Word boundaries that also work next to non-ASCII text and punctuation.
        this.nameRules.push({ symbol: symbol.toUpperCase(), pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'iu') });
      }
    }
  }

  /** The symbols a text mentions, in order of first appearance. */
  map(text: string): string[] {
    const found: { symbol: string; index: number }[] = [];
    for (const match of text.matchAll(/\$([A-Za-z][A-Za-z0-9]{0,9})(?![A-Za-z0-9])/g)) {
      const symbol = this.tickers.get((match[1] ?? '').toUpperCase());
      if (symbol) found.push({ symbol, index: match.index });
    }
    for (const match of text.matchAll(/(?<![\p{L}\p{N}$])([A-Z][A-Z0-9]{1,9})(?![\p{L}\p{N}])/gu)) {
      const symbol = this.tickers.get(match[1] ?? '');
      if (symbol && !AMBIGUOUS_TICKERS.has(symbol)) found.push({ symbol, index: match.index });
    }
    for (const rule of this.nameRules) {
      const match = rule.pattern.exec(text);
      if (match) found.push({ symbol: rule.symbol, index: match.index });
    }
    found.sort((a, b) => a.index - b.index);
    return [...new Set(found.map((f) => f.symbol))];
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
