import type { CandleEvent, HistoryEvent } from '../data/candle-service';
import type { DownloadJob } from '../data/download-jobs';
import type { BookEvent, FeedStatus, TickerEvent } from '../data/live-feed';
import type { TradesEvent } from '../data/trade-recorder';
import type { ChainStatusEvent, FlowEvent, TransferEvent } from '../signals/onchain/onchain-types';
import type { ScoredSentimentItem, SentimentAggregate } from '../model/sentiment';
import type { SentimentStatus } from '../signals/sentiment/sentiment-service';
import type { Signal } from '../model/signal';
import type { RegimeState } from '../model/regime';
import type { BacktestProgress } from '../backtest/backtest-types';
import type { AlertView, TelegramStatusView } from '../alerts/alert-types';
import type { FillView, OrderView, PaperResetView, PortfolioView, ProposalView, RiskView, TradingModeView } from '../execution/execution-views';

/** Engine status, published when it changes; the first thing a new window shows. */
export type SystemStatusEvent = { readonly state: 'running' | 'stopping'; readonly at: number };

/**
 * Every event stream a client can subscribe to, with its payload. Each stream has its own sequence
 * numbers, so a reconnecting client can ask for exactly what it missed.
 */
export type EngineEvents = {
  'data.candle': CandleEvent;
  /** A batch of history stored (a download page, a backfill): charts showing that series reload it. */
  'data.history': HistoryEvent;
  'data.trades': TradesEvent;
  'data.book': BookEvent;
  'data.ticker': TickerEvent;
  /** A venue feed's state changed: connected, stale, reconnecting, stopped. */
  'data.feed': FeedStatus;
  'data.download': DownloadJob;
  'system.status': SystemStatusEvent;
  /** A whale or exchange transfer: new (pending or already final), final, or retracted by a reorg. */
  'onchain.transfer': TransferEvent;
  /** An exchange flow bucket that changed. */
  'onchain.flow': FlowEvent;
  'onchain.status': ChainStatusEvent;
  'sentiment.item': ScoredSentimentItem;
  'sentiment.aggregate': SentimentAggregate;
  'sentiment.status': SentimentStatus;
  /** A live strategy's signal, stored before it is published. */
  'strategy.signal': Signal;
  /** A new filtered regime state of a series with a model (one per closed bar, and one after each fit). */
  'regime.state': RegimeState;
  /** A backtest, optimisation or walk-forward job's progress (at most every 100 ms, and when it ends). */
  'backtest.progress': BacktestProgress;
  /** A proposal created, or any change of its status or content (modified, snoozed, decided, expired). */
  'approvals.proposal': ProposalView;
  /** An order's new state, journaled before it is published. */
  'orders.updated': OrderView;
  /** One execution, counted once per venue fill id. */
  'orders.fill': FillView;
  /** The active mode's portfolio after a fill, a mark-price change or a reconciliation. */
  'portfolio.updated': PortfolioView;
  /** The risk engine's state, limits and usage when they change. */
  'risk.state': RiskView;
  /** Paper or live, and the per-strategy automation switches. */
  'trading.mode': TradingModeView;
  /** The paper account was started afresh (the portfolio and risk streams follow with the fresh account). */
  'paper.reset': PaperResetView;
  /** A new alert, stored before it is published (with where it was delivered, or why a push was held back). */
  'alerts.raised': AlertView;
  /** The Telegram bot's state: off, connecting, running, or an error such as a revoked token or a rate limit. */
  'alerts.status': TelegramStatusView;
};

export type EventStream = keyof EngineEvents;

export const EVENT_STREAMS = [
  'data.candle',
  'data.history',
  'data.trades',
  'data.book',
  'data.ticker',
  'data.feed',
  'data.download',
  'system.status',
  'onchain.transfer',
  'onchain.flow',
  'onchain.status',
  'sentiment.item',
  'sentiment.aggregate',
  'sentiment.status',
  'strategy.signal',
  'regime.state',
  'backtest.progress',
  'approvals.proposal',
  'orders.updated',
  'orders.fill',
  'portfolio.updated',
  'risk.state',
  'trading.mode',
  'paper.reset',
  'alerts.raised',
  'alerts.status',
] as const satisfies readonly EventStream[];

/** High-rate streams keep a short history: a client that missed more reloads the state instead. */
export const SHORT_HISTORY_STREAMS: Readonly<Partial<Record<EventStream, number>>> = {
  'data.trades': 1_000,
  'data.book': 200,
  'data.ticker': 200,
  // Marks move the portfolio several times a second; a client that missed more asks portfolio.get.
  'portfolio.updated': 200,
};
