/** On-chain intelligence: the shapes shared by the watcher, the store, the API and the renderer. */

/** A token the watcher follows on one chain; `address: null` is the chain's native coin. */
export type TokenConfig = {
  readonly symbol: string;
  readonly address: string | null;
  readonly decimals: number;
  /** Valued at 1 USD; a transfer from or to the zero address is a mint or burn by the issuer. */
  readonly stablecoin: boolean;
  /** The asset whose candles price it (BTC for WBTC, ETH for WETH); ignored for stablecoins. */
  readonly priceAsset: string;
  /** A transfer at or above this USD value is a whale transfer. */
  readonly thresholdUsd: number;
  /** Without a known price, a transfer of at least this many tokens still counts; without it, it cannot. */
  readonly minAmountUnpriced?: number;
};

export type ChainConfig = {
  /** Short key used in topics and the store: `ethereum`, `arbitrum`, or the user's own. */
  readonly id: string;
  readonly name: string;
  readonly chainId: number;
  /** Tried in order; ws(s):// URLs get a block subscription, http(s):// URLs are polled. */
  readonly rpcUrls: readonly string[];
  /** Blocks, counting the one holding the transfer, before an event is final. */
  readonly confirmations: number;
  /** Block explorer base, e.g. https://etherscan.io; transaction links are `${explorer}/tx/${hash}`. */
  readonly explorer: string;
  readonly tokens: readonly TokenConfig[];
  /** Native coin transfers (plain value transfers in transactions); null to skip them. */
  readonly native: TokenConfig | null;
  /** Largest block range one eth_getLogs may ask for (providers cap it). */
  readonly maxBlockRange: number;
  /** How often to poll over HTTP, and how often a WebSocket connection double-checks the head. */
  readonly pollIntervalMs: number;
  /** Where to start when nothing was processed yet: `latest` or a block number. */
  readonly startBlock: 'latest' | number;
};

export type LabelKind = 'exchange' | 'treasury' | 'fund' | 'other';

export type AddressLabel = {
  /** Lower-case 0x address. */
  readonly address: string;
  /** A chain id key, or `*` for an address that is the same entity on every EVM chain. */
  readonly chain: string;
  /** The wallet's own name, e.g. "Binance 14". */
  readonly name: string;
  /** The owner, e.g. "Binance"; exchange flows are grouped by it. */
  readonly entity: string;
  readonly kind: LabelKind;
  /** Where the label comes from: a public explorer label, the entity's own disclosure, or the user. */
  readonly source: string;
};

export type TransferClass =
  | 'exchange-inflow'
  | 'exchange-outflow'
  | 'exchange-to-exchange'
  | 'whale-to-whale'
  | 'stablecoin-mint'
  | 'stablecoin-burn';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type TransferStatus = 'pending' | 'final' | 'retracted';

export type OnchainTransfer = {
  /** `${chain}:${txHash}:${logIndex}`, unique; native transfers use log index -1. */
  readonly id: string;
  readonly chain: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: number;
  readonly blockHash: string;
  /** Block timestamp, ms. */
  readonly blockTime: number;
  /** When the engine first received it, ms. */
  readonly receivedAt: number;
  readonly token: string;
  readonly tokenAddress: string | null;
  readonly from: string;
  readonly to: string;
  readonly fromLabel: AddressLabel | null;
  readonly toLabel: AddressLabel | null;
  /** Exact amount in token units as a decimal string, and the same as a number for sums and charts. */
  readonly amount: string;
  readonly amountValue: number;
  /** Null when the engine has no price for the token: shown as unknown, never guessed. */
  readonly priceUsd: number | null;
  readonly valueUsd: number | null;
  readonly classification: TransferClass;
  readonly severity: Severity;
  /** At or above the token's threshold; smaller transfers are kept only for exchange flows. */
  readonly whale: boolean;
  readonly status: TransferStatus;
  readonly explorerUrl: string;
};

export type ChainState = 'disabled' | 'connecting' | 'live' | 'polling' | 'error' | 'stopped';

export type ChainStatus = {
  readonly chain: string;
  readonly name: string;
  readonly state: ChainState;
  /** Why a chain is disabled or failing, in words for the trader. */
  readonly reason: string | null;
  /** The RPC URL in use (without credentials) and its position in the list. */
  readonly rpcUrl: string | null;
  readonly rpcIndex: number | null;
  readonly head: number | null;
  readonly processed: number | null;
  readonly updatedAt: number;
};

export type FlowBucket = {
  readonly chain: string;
  readonly token: string;
  readonly exchange: string;
  readonly windowMs: number;
  readonly start: number;
  readonly inflow: number;
  readonly outflow: number;
  readonly net: number;
  readonly inflowUsd: number | null;
  readonly outflowUsd: number | null;
  readonly netUsd: number | null;
  readonly transfers: number;
};

/** Bus payloads. Topics: onchain.transfer.<new|final|retracted>.<chain>.<token>, onchain.flow.<chain>.<token>, onchain.status.<chain>. */
export type TransferEvent = { readonly kind: 'new' | 'final' | 'retracted'; readonly transfer: OnchainTransfer };
export type FlowEvent = FlowBucket;
export type ChainStatusEvent = ChainStatus;
