import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { LiveClock, type Clock } from '../core/clock';
import { newId } from '../core/ids';
import { MessageBus } from '../core/message-bus';
import { ApiServer } from '../api/api-server';
import { mergeHandlers } from '../api/define-handler';
import { SHORT_HISTORY_STREAMS, type EngineEvents, type EventStream } from '../api/events';
import { EventLog } from '../api/event-log';
import { createDataHandlers } from '../api/handlers/data';
import { createIndicatorsHandlers } from '../api/handlers/indicators';
import { createMarketHandlers } from '../api/handlers/market';
import { createOnchainHandlers } from '../api/handlers/onchain';
import { createRankingHandlers } from '../api/handlers/ranking';
import { baseAsset, RankingService } from '../ranking/ranking-service';
import { MlModelStore } from '../strategy/strategies/ml-direction/ml-model-store';
import { MlTrainRunner, type MlTrainRunnerOptions } from '../strategy/strategies/ml-direction/train-runner';
import { createMlDirectionDefinition } from '../strategy/strategies/ml-direction/ml-direction-strategy';
import { ML_DIRECTION_KIND } from '../strategy/strategies/ml-direction/direction-model';
import type { SeriesKey } from '../model/candle';
import { createRegimeHandlers } from '../api/handlers/regime';
import { createSystemHandlers, type SystemInfo } from '../api/handlers/system';
import { CandleService } from '../data/candle-service';
import { DownloadJobs } from '../data/download-jobs';
import { MarketDataService } from '../data/market-data-service';
import { TradeRecorder } from '../data/trade-recorder';
import { Watchlist } from '../data/watchlist';
import { createOnchainService } from '../signals/onchain/create-onchain-service';
import type { OnchainSettings } from '../signals/onchain/onchain-config';
import type { OnchainService } from '../signals/onchain/onchain-service';
import { createSentimentHandlers } from '../api/handlers/sentiment';
import { createSentiment, type SentimentOptions } from '../signals/sentiment/create-sentiment';
import { ALL_SENTIMENT_AGGREGATES, ALL_SENTIMENT_ITEMS, SENTIMENT_STATUS_TOPIC } from '../signals/sentiment/sentiment-topics';
import type { SentimentService } from '../signals/sentiment/sentiment-service';
import { openDatabase } from '../store/database';
import { lockProfile, type ProfileLock } from '../store/profile-lock';
import { CandleRepository } from '../store/repositories/candle-repository';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { TradeRepository } from '../store/repositories/trade-repository';
import { Kernel } from './kernel';
import { createVenueClient, type VenueEndpoints } from './venue-clients';
import { ENGINE_VERSION } from './version';
import { VENUES } from '../adapters/venue-table';
import { createStrategyHandlers } from '../api/handlers/strategy';
import { createContextProviders } from '../strategy/context-providers';
import { createStrategy, profileStrategiesDir } from '../strategy/create-strategy';
import { ALL_SIGNAL_TOPICS } from '../strategy/signal-topics';
import type { StrategyRunner } from '../strategy/strategy-runner';
import { RegimeRepository } from '../regime/regime-repository';
import { RegimeService } from '../regime/regime-service';
import { ALL_REGIME_TOPICS } from '../regime/regime-topics';
import { sentimentInputs } from '../regime/regime-inputs';
import { createKeysHandlers } from '../api/handlers/keys';
import { openSecretStore } from '../secrets/open-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { createBacktestHandlers } from '../api/handlers/backtest';
import { BacktestService } from '../backtest/backtest-service';
import { BacktestStore } from '../backtest/backtest-store';
import { storedRegimesAt } from '../backtest/runs/stored-regimes';
import { BACKTEST_PROGRESS_TOPIC } from '../backtest/backtest-jobs';
import { createApprovalsHandlers } from '../api/handlers/approvals';
import { createOrdersHandlers } from '../api/handlers/orders';
import { createPortfolioHandlers } from '../api/handlers/portfolio';
import { createRiskHandlers } from '../api/handlers/risk';
import { createTradingHandlers } from '../api/handlers/trading';
import { createAlertsHandlers } from '../api/handlers/alerts';
import { createAlerts, type Alerts, type TelegramOptions } from '../alerts/create-alerts';
import type { DesktopNotifier } from '../alerts/desktop-notifier';
import { createTrading, startWalCheckpoints, type TradingOptions } from './create-trading';
import { createAuthHandlers } from '../api/handlers/auth';
import { AuthService } from '../api/auth/auth-service';
import type { LockoutPolicy } from '../api/auth/lockout';
import { AuthError, toRejection } from '../core/errors';
import type { TradingService } from '../execution/trading-service';

export type EngineConfig = {
  readonly databasePath: string;
  readonly host: SystemInfo['host'];
  readonly nativeBinding?: string;
  readonly clock?: Clock;
  readonly eventHistoryPerStream?: number;
  readonly log?: (message: string, error?: unknown) => void;
  /** Venues reached somewhere else than their public endpoints (a local emulator, a mirror). */
  readonly venueEndpoints?: VenueEndpoints;
  /** ccxt's client-side request spacing; on unless a benchmark turns it off against a local emulator. */
  readonly venueRateLimit?: boolean;
  /** Watch again, at start, the series watched when the engine last stopped (on unless a test says otherwise). */
  readonly resumeWatchlist?: boolean;
  /** On-chain settings given at start (replace the stored ones); without them the stored ones apply. */
  readonly onchain?: OnchainSettings;
  /** Sentiment options given by the host (model directory, worker path, sources). */
  readonly sentiment?: SentimentOptions;
  /** How ml-direction models train; the worker by default is the one bundled beside the engine (none when running from source). */
  readonly mlTraining?: MlTrainRunnerOptions;
  /** The trader's strategies folder; default `strategies/` beside the database, none for an in-memory one. */
  readonly strategiesDir?: string | null;
  /** Paper account size, fees and the live venue (none until the Bybit execution client is configured). */
  readonly trading?: TradingOptions;
  /** Where exchange keys live (the desktop app injects safeStorage); default: env, passphrase file, OS keychain. */
  readonly secrets?: () => Promise<SecretStore>;
  /** Native notifications (the desktop app injects one); none on a headless engine. */
  readonly desktopNotifier?: DesktopNotifier;
  /** Where the Telegram bot reaches the Bot API (a local server in tests). */
  readonly telegram?: TelegramOptions;
  /** Failed pairing/hello attempts per address before a lockout; default 5 in 5 min locks out for 15 min. */
  readonly authLockout?: LockoutPolicy;
  /** How a second engine refused on this profile names this one ("stratus data download"); by host unless given. */
  readonly holder?: string;
};

export type Engine = {
  readonly kernel: Kernel;
  readonly bus: MessageBus;
  readonly api: ApiServer;
  readonly db: Database.Database;
  readonly candles: CandleService;
  readonly market: MarketDataService;
  readonly downloads: DownloadJobs;
  readonly settings: SettingsRepository;
  readonly onchain: OnchainService;
  readonly info: SystemInfo;
  readonly sentiment: SentimentService;
  readonly strategies: StrategyRunner;
  readonly regime: RegimeService;
  /** Opens the store of exchange keys (for the live venue's client and the keys API). */
  readonly secrets: () => Promise<SecretStore>;
  readonly trading: TradingService;
  readonly backtests: BacktestService;
  readonly alerts: Alerts;
  /** Paired devices, pairing codes, the lockout and the audit log of privileged calls. */
  readonly auth: AuthService;
  /** This engine's hold on its profile; released when the store closes (a host that never started the kernel releases it itself). */
  readonly profileLock: ProfileLock;
};

/** Bus topics that feed each API event stream. */
const STREAM_TOPICS: readonly (readonly [EventStream, string])[] = [
  ['data.candle', 'data.candle.>'],
  ['data.history', 'data.history.>'],
  ['data.trades', 'data.trades.>'],
  ['data.book', 'data.book.>'],
  ['data.ticker', 'data.ticker.>'],
  ['data.feed', 'data.feed.>'],
  ['data.download', 'data.download.>'],
  ['onchain.transfer', 'onchain.transfer.>'],
  ['onchain.flow', 'onchain.flow.>'],
  ['onchain.status', 'onchain.status.>'],
  ['sentiment.item', ALL_SENTIMENT_ITEMS],
  ['sentiment.aggregate', ALL_SENTIMENT_AGGREGATES],
  ['sentiment.status', SENTIMENT_STATUS_TOPIC],
  ['strategy.signal', ALL_SIGNAL_TOPICS],
  ['regime.state', ALL_REGIME_TOPICS],
  ['backtest.progress', `${BACKTEST_PROGRESS_TOPIC}.>`],
  ['approvals.proposal', 'approvals.proposal'],
  ['orders.updated', 'orders.updated'],
  ['orders.fill', 'orders.fill'],
  ['portfolio.updated', 'portfolio.updated'],
  ['risk.state', 'risk.state'],
  ['trading.mode', 'trading.mode'],
  ['paper.reset', 'paper.reset'],
  ['alerts.raised', 'alerts.raised'],
  ['alerts.status', 'alerts.status'],
];

/**
 * The regime fit worker bundled beside the running engine (dist/cli, out/main). Running from source
 * (tests) there is none, and fits run on the engine's thread instead.
 */
function bundledRegimeWorker(): string | undefined {
  return bundledWorker('regime-worker.js');
}

/** How a refused second engine names the one holding the profile. */
const PROFILE_HOLDER: Record<SystemInfo['host'], string> = {
  desktop: 'the Stratus desktop app',
  serve: 'stratus serve',
  cli: 'a stratus command',
};

function bundledWorker(name: string): string | undefined {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Wires one engine: store, services, the event log that feeds API clients, and the API itself.
 * Every host (desktop utility process, `stratus serve`, CLI) builds its engine here.
 */
export function createEngine(config: EngineConfig): Engine {
  const clock = config.clock ?? new LiveClock();
  const log = config.log ?? ((message, error) => console.error(message, error ?? ''));
  const bus = new MessageBus({ onHandlerError: (error, topic) => log(`handler for ${topic} failed`, error) });
  const kernel = new Kernel();
  // One engine per profile: a second one would trade from the same order journal.
  const profileLock = lockProfile(config.databasePath, config.holder ?? PROFILE_HOLDER[config.host], {
    log,
    // The desktop app has no --db: its trader stops the other engine and opens the app again.
    ...(config.host === 'desktop' ? { advice: 'stop it first, then quit and reopen Stratus' } : {}),
  });
  let db: Database.Database;
  try {
    db = openDatabase({ path: config.databasePath, nativeBinding: config.nativeBinding });
  } catch (error) {
    profileLock.release();
    throw error;
  }
  const candleRepository = new CandleRepository(db);
  const candles = new CandleService(candleRepository, bus, clock);
  const settings = new SettingsRepository(db);
  const tradeRepository = new TradeRepository(db);
  const trades = new TradeRecorder(tradeRepository, bus, clock, (error) => log('storing trades failed', error));
  const venues = Object.values(VENUES);
  const instruments = new InstrumentRepository(db);
  const market = new MarketDataService({
    venues: venues.map((v) => v.id),
    createClient: (venue, onBadFrame) => createVenueClient(venue, { endpoints: config.venueEndpoints, rateLimit: config.venueRateLimit, onBadFrame }),
    candles,
    instruments,
    trades,
    bus,
    clock,
    log,
  });
  const downloads = new DownloadJobs(bus, clock, (request, onProgress, signal) => market.download(request, { onProgress, signal }));
  const watchlist = new Watchlist(settings);
  const events = new EventLog(config.eventHistoryPerStream, SHORT_HISTORY_STREAMS);
  const onchain = createOnchainService({ db, bus, clock, settings, log, initialSettings: config.onchain });
  const info: SystemInfo = {
    engineId: newId(clock.now()),
    version: ENGINE_VERSION,
    startedAt: clock.now(),
    host: config.host,
    databasePath: config.databasePath,
  };

  const sentiment = createSentiment({ bus, clock, db, settings, log, options: config.sentiment });
  const sentimentAsOf = (asset: string, at: number) => sentiment.service.asOf(asset, '1h', at);
  const ranking = new RankingService({ candles: candleRepository, sentimentAsOf, bus, now: () => clock.now() });
  const mlModels = new MlModelStore(db);
  const mlTraining = new MlTrainRunner({ workerPath: bundledWorker('ml-train-worker.js'), ...config.mlTraining });
  const regime = new RegimeService({
    candles: candleRepository,
    repository: new RegimeRepository(db),
    settings,
    bus,
    clock,
    log,
    inputs: sentimentInputs((symbol, window, from, to, limit) => sentiment.service.series(symbol, window, from, to, limit)),
    fitWorkerPath: bundledRegimeWorker(),
  });
  const strategyContext = createContextProviders({
    baseOf: (series) => instruments.get(series.venue, series.symbol)?.base,
    sentimentAsOf: (symbol, window, at) => sentiment.service.asOf(symbol, window, at),
    flows: (query) => onchain.flows(query),
  });
  const strategy = createStrategy({
    db,
    bus,
    clock,
    candles,
    log,
    userFolder: config.strategiesDir === undefined ? profileStrategiesDir(config.databasePath) : config.strategiesDir,
    context: strategyContext,
    // Each attachment gets its own tracker on the series' fitted model (none until one is fitted).
    regimeFor: (series) => regime.createTracker(series),
    modulationFor: (name, state) => regime.modulationFor(name, state),
    extraBuiltins: [createMlDirectionDefinition(mlModels)],
  });
  // A model fitted or trained while strategies run on the series: they start again on it, from their anchors.
  regime.onModelFitted((series) => strategy.runner.restart(series));
  const onTrained = (series: SeriesKey): void => strategy.runner.restart(series, ML_DIRECTION_KIND);
  const backtests = new BacktestService({
    candles: candleRepository,
    instruments,
    strategies: strategy.registry,
    store: new BacktestStore(db),
    storedRegimes: (series, columns) => storedRegimesAt(db, series, columns),
    bus,
    clock,
    log,
    context: strategyContext,
    modulationFor: (name, state) => regime.modulationFor(name, state),
    workerPath: bundledWorker('backtest-worker.js'),
  });

  const secrets = config.secrets ?? (() => openSecretStore());
  const trading = createTrading({
    db,
    bus,
    clock,
    settings,
    log,
    instruments,
    sentimentAsOf: (asset, at) => sentiment.service.asOf(asset, '1h', at),
    flows: (query) => onchain.flows(query),
    options: config.trading,
    secrets,
    ...(config.venueEndpoints?.bybit ? { bybitEndpoint: config.venueEndpoints.bybit } : {}),
  });

  const alerts = createAlerts({ db, bus, clock, secrets, approvals: trading.ports.approvals, riskState: () => trading.ports.risk.view().state, desktop: config.desktopNotifier, telegram: config.telegram, log });

  const auth = new AuthService({ db, now: () => clock.now(), ...(config.authLockout ? { lockout: config.authLockout } : {}) });
  const api = new ApiServer({
    handlers: mergeHandlers(
      createSystemHandlers({ info, now: () => clock.now() }),
      createDataHandlers({ candles }),
      createIndicatorsHandlers({ candles }),
      createMarketHandlers({
        market,
        downloads,
        watchlist,
        trades: tradeRepository,
        venues: venues.map(({ id, name, capabilities }) => ({ id, name, capabilities })),
      }),
      createOnchainHandlers({ onchain, now: () => clock.now() }),
      createSentimentHandlers({ service: sentiment.service, runner: sentiment.runner, now: () => clock.now() }),
      createRankingHandlers({
        ranking,
        trainer: { candles: candleRepository, models: mlModels, sentimentAsOf, baseAsset, now: () => clock.now(), onTrained, runner: mlTraining },
      }),
      createStrategyHandlers({ registry: strategy.registry, runner: strategy.runner, store: strategy.store, reload: strategy.reload }),
      createRegimeHandlers({ regime }),
      createBacktestHandlers({ backtests }),
      createKeysHandlers({ secrets }),
      createApprovalsHandlers(trading.ports.approvals),
      createOrdersHandlers(trading.ports.orders),
      createPortfolioHandlers(trading.ports.portfolio),
      createRiskHandlers(trading.ports.risk),
      createTradingHandlers(trading.ports.trading),
      createAuthHandlers(auth),
      createAlertsHandlers(alerts.port),
    ),
    events,
    engineId: info.engineId,
    onInternalError: (error, method) => log(`API method ${method} failed`, error),
    audit: (record) => auth.record(record),
    now: () => clock.now(),
  });
  auth.onRevoked((deviceId, why) => api.disconnectDevice(deviceId, toRejection(new AuthError(why))));

  const publish = <S extends keyof EngineEvents>(stream: S, payload: EngineEvents[S]): void => {
    events.append(stream, payload);
  };

  kernel.add({
    name: 'store',
    stop: () => {
      db.close();
      profileLock.release();
    },
  });
  let unsubscribe: (() => void)[] = [];
  kernel.add({
    name: 'api-events',
    start: () => {
      unsubscribe = STREAM_TOPICS.map(([stream, topic]) =>
        bus.subscribe<EngineEvents[typeof stream]>(topic, (event) => publish(stream, event)),
      );
      publish('system.status', { state: 'running', at: clock.now() });
    },
    stop: () => {
      publish('system.status', { state: 'stopping', at: clock.now() });
      for (const off of unsubscribe) off();
    },
  });
  kernel.add({
    name: 'market-data',
    start: () => {
      if (config.resumeWatchlist === false) return;
      // Feeds reconnect on their own; a venue that cannot be reached now must not stop the engine.
      for (const key of watchlist.list()) {
        market.watch(key).catch((error: unknown) => log(`watching ${key.venue} ${key.symbol} ${key.timeframe} again failed`, error));
      }
    },
    stop: async () => {
      await downloads.stop();
      await market.stop();
    },
  });
  kernel.add(sentiment.component);
  kernel.add({ name: 'ranking', start: () => ranking.start(), stop: () => ranking.stop() });
  kernel.add({ name: 'regime', start: () => regime.start(), stop: () => regime.stop() });

  kernel.add({
    name: 'onchain',
    start: () => onchain.start(),
    stop: () => onchain.stop(),
  });
  kernel.add(strategy.component);
  kernel.add({ name: 'backtests', stop: () => backtests.stop() });
  kernel.add({ name: 'ml-training', stop: () => mlTraining.stop() });
  // After the strategies: the queue subscribes to their signals; stopped first, before the store closes.
  let stopCheckpoints = (): void => {};
  kernel.add({ name: 'store-checkpoints', start: () => void (stopCheckpoints = startWalCheckpoints(db)), stop: () => stopCheckpoints() });
  kernel.add({ name: 'trading', start: () => trading.service.start(), stop: () => trading.service.stop() });
  // After trading: it alerts on proposals and fills, and its Telegram buttons decide in the approval queue.
  kernel.add(alerts.component);

  return { kernel, bus, api, db, candles, market, downloads, settings, onchain, info, sentiment: sentiment.service, regime, strategies: strategy.runner, trading: trading.service, secrets, backtests, auth, alerts, profileLock };
}
