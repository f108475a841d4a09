/**
 * The engine's API as types: the only thing the renderer imports from the engine.
 * The API is the intersection of the per-domain handler maps.
 */
import type { z } from 'zod';
import type { DataHandlers } from './handlers/data';
import type { IndicatorsHandlers } from './handlers/indicators';
import type { MarketHandlers } from './handlers/market';
import type { OnchainHandlers } from './handlers/onchain';
import type { RankingHandlers } from './handlers/ranking';
import type { SentimentHandlers } from './handlers/sentiment';
import type { SystemHandlers } from './handlers/system';
import type { StrategyHandlers } from './handlers/strategy';
import type { RegimeHandlers } from './handlers/regime';
import type { KeysHandlers } from './handlers/keys';
import type { BacktestHandlers } from './handlers/backtest';
import type { ApprovalsHandlers } from './handlers/approvals';
import type { OrdersHandlers } from './handlers/orders';
import type { PortfolioHandlers } from './handlers/portfolio';
import type { RiskHandlers } from './handlers/risk';
import type { TradingHandlers } from './handlers/trading';
import type { AlertsHandlers } from './handlers/alerts';
import type { AuthHandlers } from './handlers/auth';

export type EngineApi = SystemHandlers &
  DataHandlers &
  MarketHandlers &
  OnchainHandlers &
  SentimentHandlers &
  RegimeHandlers &
  IndicatorsHandlers &
  StrategyHandlers &
  RankingHandlers &
  KeysHandlers &
  BacktestHandlers &
  ApprovalsHandlers &
  OrdersHandlers &
  PortfolioHandlers &
  RiskHandlers &
  TradingHandlers &
  AuthHandlers &
  AlertsHandlers;
export type ApiMethod = keyof EngineApi;
export type ApiParams<M extends ApiMethod> = z.input<EngineApi[M]['input']>;
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<EngineApi[M]['handle']>>;

export type { EngineEvents, EventStream, SystemStatusEvent } from './events';
export type { ClientMessage, ServerMessage, EventEnvelope } from './protocol';
export type { Rejection } from '../core/errors';
export type { CandleEvent, HistoryEvent } from '../data/candle-service';
export type { DownloadJob, DownloadJobState } from '../data/download-jobs';
export type { DownloadProgress } from '../data/history-download';
export type { Gap } from '../data/gaps';
export type { BookEvent, FeedState, FeedStatus, TickerEvent } from '../data/live-feed';
export type { TradesEvent } from '../data/trade-recorder';
export type { Instrument } from '../model/instrument';
export type { VenueInfo } from './handlers/market';
export type { Candle, CandleColumns, SeriesKey, SeriesSummary } from '../model/candle';
export type { Timeframe } from '../model/timeframe';
export type { SystemInfo } from './handlers/system';
export type { IndicatorResult } from './handlers/indicators';
export type { PatternMatchResult, PatternsResult } from './handlers/indicator-patterns';
export type { IndicatorDescription, OutputSpec as IndicatorOutputSpec, ParamSpec as IndicatorParamSpec } from '../indicators/catalog';
export type {
  AddressLabel,
  ChainStatus,
  FlowBucket,
  OnchainTransfer,
  TransferClass,
  TransferEvent,
  Severity,
} from '../signals/onchain/onchain-types';
export type { FlowFeature } from '../signals/onchain/onchain-service';
export type {
  DetectedEvent,
  ScoredSentimentItem,
  SentimentAggregate,
  SentimentEventType,
  SentimentSourceKind,
  SentimentWindow,
} from '../model/sentiment';
export type { SentimentStatus } from '../signals/sentiment/sentiment-service';
export type { ModelStatus } from '../signals/sentiment/runner/sentiment-runner';
export type { SourceStatus } from '../signals/sentiment/sources/source';
export type { SentimentConfig } from '../signals/sentiment/sentiment-config';
export type { ModelSummary } from './handlers/ranking';
export type { AnomalyFlag, AnomalyKind, Dimension, DimensionScores, RankedSeries, RankingReport, SeriesMetrics } from '../ranking/ranking-types';
export type { ClassificationMetrics } from '../strategy/strategies/ml-direction/classification-metrics';
export type { StrategyInfo } from './handlers/strategy';
export type { AttachmentInfo } from '../strategy/strategy-runner';
export type { StrategyStatus, StrategyState } from '../strategy/running-strategy';
export type { StrategyLoadError, UserFolderReport } from '../strategy/strategy-registry';
export type { ParameterSpec, StrategyParams } from '../strategy/strategy-api';
export type { Signal, SignalDirection, StrategySignal } from '../model/signal';
export type { RegimeLabel, RegimeModulation, RegimeState } from '../model/regime';
export type { RegimeModelSummary, RegimeStateStats } from '../regime/regime-model';
export type { RegimeCurrent, RegimeHistory } from '../regime/regime-service';
export type { FeatureDriver, RegimeExplanation } from '../regime/hmm-regime-tracker';
export type { RegimeModulationConfig, StrategyStyle } from '../regime/regime-modulation';
export type { RegimeFeature } from '../regime/regime-features';
export type { KeyStatus } from '../secrets/secret-store';
export type { BacktestMetrics, BacktestProgress, BacktestResult, BacktestSummary, BacktestTrade, EquityPoint, RegimeBreakdown } from '../backtest/backtest-types';
export type {
  FitnessComponents,
  LookaheadFinding,
  LookaheadReport,
  MonteCarloReport,
  OptimizationResult,
  OptimizationRow,
  OptimizationSummary,
  ParamValues,
  WalkForwardResult,
  WalkForwardWindow,
} from '../backtest/optimization-types';
export type { StoredBacktest } from '../backtest/backtest-store';
export type {
  BacktestConfig,
  BacktestConfigInput,
  Objective,
  OptimizeConfig,
  OptimizeConfigInput,
  ParameterRange,
  SearchConfig,
  WalkForwardConfig,
  WalkForwardConfigInput,
} from '../backtest/backtest-config';
export type {
  ApprovalPolicy,
  Actor,
  AuditAction,
  AuditEntryView,
  BalanceView,
  EquityPointView,
  ExposureView,
  FillView,
  OrderView,
  PaperResetView,
  PolicyView,
  PortfolioView,
  PositionView,
  ProposalView,
  RiskLimitsView,
  RiskState,
  RiskUsageView,
  RiskView,
  StrategySizingView,
  TradingMode,
  TradingModeView,
  TradingSizingView,
  VarView,
} from '../execution/execution-views';
export type { Decider, ProposalStatus } from '../model/proposal';
export type { SizingMode } from '../risk/sizing-types';
export type { Liquidity, OrderSide, OrderStatus, OrderType, TimeInForce } from '../model/order';
export type {
  AlertChannel,
  AlertKind,
  AlertKindRule,
  AlertRules,
  AlertSeverity,
  AlertSuppression,
  AlertView,
  QuietHours,
  TelegramState,
  TelegramStatusView,
} from '../alerts/alert-types';
export type { AlertTestResult } from './handlers/alerts';
export type { Role } from './auth/roles';
export type { MethodRoles } from './auth/method-roles';
export type { AuditOutcome, AuthAuditEntryView, DeviceView, PairingCodeView, PairingResult, WhoAmIView } from './auth/auth-views';
