import type Database from 'better-sqlite3';
import { LiveClock, type Clock } from '../core/clock';
import { newId } from '../core/ids';
import { MessageBus } from '../core/message-bus';
import { ApiServer } from '../api/api-server';
import { mergeHandlers } from '../api/define-handler';
import type { EngineEvents } from '../api/events';
import { EventLog } from '../api/event-log';
import { createDataHandlers } from '../api/handlers/data';
import { createSentimentHandlers } from '../api/handlers/sentiment';
import { createSystemHandlers, type SystemInfo } from '../api/handlers/system';
import { CandleService, type CandleEvent } from '../data/candle-service';
import { ALL_CANDLE_TOPICS } from '../data/candle-topics';
import { createSentiment, type SentimentOptions } from '../signals/sentiment/create-sentiment';
import { ALL_SENTIMENT_AGGREGATES, ALL_SENTIMENT_ITEMS, SENTIMENT_STATUS_TOPIC } from '../signals/sentiment/sentiment-topics';
import type { SentimentService } from '../signals/sentiment/sentiment-service';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { Kernel } from './kernel';
import { ENGINE_VERSION } from './version';

export type EngineConfig = {
  readonly databasePath: string;
  readonly host: SystemInfo['host'];
  readonly nativeBinding?: string;
  readonly clock?: Clock;
  readonly eventHistoryPerStream?: number;
  readonly log?: (message: string, error?: unknown) => void;
  readonly sentiment?: SentimentOptions;
};

export type Engine = {
  readonly kernel: Kernel;
  readonly bus: MessageBus;
  readonly api: ApiServer;
  readonly db: Database.Database;
  readonly candles: CandleService;
  readonly settings: SettingsRepository;
  readonly info: SystemInfo;
  readonly sentiment: SentimentService;
};

/**
 * Wires one engine: store, services, the event log that feeds API clients, and the API itself.
 * Every host (desktop utility process, `stratus serve`, CLI) builds its engine here.
 */
export function createEngine(config: EngineConfig): Engine {
  const clock = config.clock ?? new LiveClock();
  const log = config.log ?? ((message, error) => console.error(message, error ?? ''));
  const bus = new MessageBus({ onHandlerError: (error, topic) => log(`handler for ${topic} failed`, error) });
  const kernel = new Kernel();
  const db = openDatabase({ path: config.databasePath, nativeBinding: config.nativeBinding });
  const candles = new CandleService(new CandleRepository(db), bus, clock);
  const settings = new SettingsRepository(db);
  const events = new EventLog(config.eventHistoryPerStream);
  const info: SystemInfo = {
    engineId: newId(clock.now()),
    version: ENGINE_VERSION,
    startedAt: clock.now(),
    host: config.host,
    databasePath: config.databasePath,
  };

  const sentiment = createSentiment({ bus, clock, db, settings, log, options: config.sentiment });

  const api = new ApiServer({
    handlers: mergeHandlers(
      createSystemHandlers({ info, now: () => clock.now() }),
      createDataHandlers({ candles }),
      createSentimentHandlers({ service: sentiment.service, runner: sentiment.runner, now: () => clock.now() }),
    ),
    events,
    engineId: info.engineId,
    onInternalError: (error, method) => log(`API method ${method} failed`, error),
  });

  const publish = <S extends keyof EngineEvents>(stream: S, payload: EngineEvents[S]): void => {
    events.append(stream, payload);
  };

  kernel.add({
    name: 'store',
    stop: () => {
      db.close();
    },
  });
  let unsubscribe: (() => void) | null = null;
  const unsubscribeSentiment: (() => void)[] = [];
  kernel.add({
    name: 'api-events',
    start: () => {
      unsubscribe = bus.subscribe<CandleEvent>(ALL_CANDLE_TOPICS, (event) => publish('data.candle', event));
      unsubscribeSentiment.push(
        bus.subscribe<EngineEvents['sentiment.item']>(ALL_SENTIMENT_ITEMS, (item) => publish('sentiment.item', item)),
        bus.subscribe<EngineEvents['sentiment.aggregate']>(ALL_SENTIMENT_AGGREGATES, (a) => publish('sentiment.aggregate', a)),
        bus.subscribe<EngineEvents['sentiment.status']>(SENTIMENT_STATUS_TOPIC, (s) => publish('sentiment.status', s)),
      );
      publish('system.status', { state: 'running', at: clock.now() });
    },
    stop: () => {
      publish('system.status', { state: 'stopping', at: clock.now() });
      unsubscribe?.();
      for (const off of unsubscribeSentiment) off();
    },
  });
  kernel.add(sentiment.component);

  return { kernel, bus, api, db, candles, settings, info, sentiment: sentiment.service };
}
