import type { ChainConfig, TokenConfig } from './onchain-types';

/** Transfers worth at least this much are whale transfers unless a token says otherwise. */
export const DEFAULT_THRESHOLD_USD = 1_000_000;

const stable = (symbol: string, address: string, decimals: number): TokenConfig => ({
  symbol,
  address,
  decimals,
  stablecoin: true,
  priceAsset: 'USD',
  thresholdUsd: DEFAULT_THRESHOLD_USD,
});

// Without a price the engine still flags amounts that are clearly whale-sized; these are amounts, not prices.
const btc = (symbol: string, address: string, decimals: number): TokenConfig => ({
  symbol,
  address,
  decimals,
  stablecoin: false,
  priceAsset: 'BTC',
  thresholdUsd: DEFAULT_THRESHOLD_USD,
  minAmountUnpriced: 10,
});

const eth = (symbol: string, address: string | null, decimals = 18): TokenConfig => ({
  symbol,
  address,
  decimals,
  stablecoin: false,
  priceAsset: 'ETH',
  thresholdUsd: DEFAULT_THRESHOLD_USD,
  minAmountUnpriced: 300,
});

const native = (symbol: string, priceAsset: string, minAmountUnpriced: number): TokenConfig => ({
  symbol,
  address: null,
  decimals: 18,
  stablecoin: false,
  priceAsset,
  thresholdUsd: DEFAULT_THRESHOLD_USD,
  minAmountUnpriced,
});

const base = { rpcUrls: [], maxBlockRange: 2_000, pollIntervalMs: 4_000, startBlock: 'latest' } as const;

/**
 * The chains watched by default, with the canonical contract addresses and decimals of their main
 * tokens (from each issuer's and each chain's published token lists). None has an RPC URL: a chain
 * is disabled until the trader gives one. Confirmations follow each chain's usual reorg depth.
 */
export const DEFAULT_CHAINS: readonly ChainConfig[] = [
  {
    ...base,
    id: 'ethereum',
    name: 'Ethereum',
    chainId: 1,
    confirmations: 12,
    explorer: 'https://etherscan.io',
    pollIntervalMs: 6_000,
    tokens: [
      stable('USDT', '0xdAC17F958D2ee523a2206206994597C13D831ec7', 6),
      stable('USDC', '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 6),
      stable('DAI', '0x6B175474E89094C44Da98b954EedeAC495271d0F', 18),
      btc('WBTC', '0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599', 8),
      eth('WETH', '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'),
    ],
    native: native('ETH', 'ETH', 300),
  },
  {
    ...base,
    id: 'arbitrum',
    name: 'Arbitrum One',
    chainId: 42161,
    confirmations: 20,
    explorer: 'https://arbiscan.io',
    pollIntervalMs: 2_000,
    tokens: [
      stable('USDT', '0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9', 6),
      stable('USDC', '0xaf88d065e77c8cC2239327C5EDb3A432268e5831', 6),
      stable('DAI', '0xDA10009cBd5D07dd0CeCc66161FC93D7c9000da1', 18),
      btc('WBTC', '0x2f2a2543B76A4166549F7aaB2e75Bef0aefC5B0f', 8),
      eth('WETH', '0x82aF49447D8a07e3bd95BD0d56f35241523fBab1'),
    ],
    // Four blocks a second: reading every block's transactions for plain ETH moves is not worth it by default.
    native: null,
  },
  {
    ...base,
    id: 'base',
    name: 'Base',
    chainId: 8453,
    confirmations: 20,
    explorer: 'https://basescan.org',
    pollIntervalMs: 2_000,
    tokens: [
      stable('USDT', '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2', 6),
      stable('USDC', '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', 6),
      stable('DAI', '0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb', 18),
      // Base has no canonical WBTC; Coinbase's cbBTC is its wrapped bitcoin.
      btc('cbBTC', '0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf', 8),
      eth('WETH', '0x4200000000000000000000000000000000000006'),
    ],
    native: null,
  },
  {
    ...base,
    id: 'bsc',
    name: 'BNB Chain',
    chainId: 56,
    confirmations: 15,
    explorer: 'https://bscscan.com',
    pollIntervalMs: 3_000,
    tokens: [
      stable('USDT', '0x55d398326f99059fF775485246999027B3197955', 18),
      stable('USDC', '0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d', 18),
      stable('DAI', '0x1AF3F329e8BE154074D8769D1FFa4eE058B1DBc3', 18),
      // BNB Chain's wrapped bitcoin is Binance's BTCB; its ETH is the Binance-pegged token.
      btc('BTCB', '0x7130d2A12B9BCbFAe4f2634d864A1Ee1Ce3Ead9c', 18),
      eth('ETH', '0x2170Ed0880ac9A755fd29B2688956BD959F933F8'),
    ],
    native: native('BNB', 'BNB', 1_500),
  },
  {
    ...base,
    id: 'polygon',
    name: 'Polygon PoS',
    chainId: 137,
    confirmations: 64,
    explorer: 'https://polygonscan.com',
    pollIntervalMs: 2_000,
    tokens: [
      stable('USDT', '0xc2132D05D31c914a87C6611C10748AEb04B58e8F', 6),
      stable('USDC', '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359', 6),
      stable('DAI', '0x8f3Cf7ad23Cd3CaDbD9735AFf958023239c6A063', 18),
      btc('WBTC', '0x1BFD67037B42Cf73acF2047067bd4F2C47D9BfD6', 8),
      eth('WETH', '0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619'),
    ],
    native: native('POL', 'POL', 3_000_000),
  },
];
