import type Database from 'better-sqlite3';
import { LiveClock, type Clock } from '../core/clock';
import { newId } from '../core/ids';
import { MessageBus } from '../core/message-bus';
import { ApiServer } from '../api/api-server';
import { mergeHandlers } from '../api/define-handler';
import type { EngineEvents } from '../api/events';
import { EventLog } from '../api/event-log';
import { createDataHandlers } from '../api/handlers/data';
import { createOnchainHandlers } from '../api/handlers/onchain';
import { createSystemHandlers, type SystemInfo } from '../api/handlers/system';
import { CandleService, type CandleEvent } from '../data/candle-service';
import { ALL_CANDLE_TOPICS } from '../data/candle-topics';
import { createOnchainService } from '../signals/onchain/create-onchain-service';
import type { OnchainSettings } from '../signals/onchain/onchain-config';
import type { OnchainService } from '../signals/onchain/onchain-service';
import type { ChainStatusEvent, FlowEvent, TransferEvent } from '../signals/onchain/onchain-types';
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
  /** On-chain settings given at start (replace the stored ones); without them the stored ones apply. */
  readonly onchain?: OnchainSettings;
};

export type Engine = {
  readonly kernel: Kernel;
  readonly bus: MessageBus;
  readonly api: ApiServer;
  readonly db: Database.Database;
  readonly candles: CandleService;
  readonly settings: SettingsRepository;
  readonly onchain: OnchainService;
  readonly info: SystemInfo;
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
  const onchain = createOnchainService({ db, bus, clock, settings, log, initialSettings: config.onchain });
  const info: SystemInfo = {
    engineId: newId(clock.now()),
    version: ENGINE_VERSION,
    startedAt: clock.now(),
    host: config.host,
    databasePath: config.databasePath,
  };

  const api = new ApiServer({
    handlers: mergeHandlers(
      createSystemHandlers({ info, now: () => clock.now() }),
      createDataHandlers({ candles }),
      createOnchainHandlers({ onchain, now: () => clock.now() }),
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
  kernel.add({
    name: 'api-events',
    start: () => {
      unsubscribe = bus.subscribe<CandleEvent>(ALL_CANDLE_TOPICS, (event) => publish('data.candle', event));
      publish('system.status', { state: 'running', at: clock.now() });
    },
    stop: () => {
      publish('system.status', { state: 'stopping', at: clock.now() });
      unsubscribe?.();
    },
  });

  let unsubscribeOnchain: (() => void)[] = [];
  kernel.add({
    name: 'onchain',
    start: async () => {
      unsubscribeOnchain = [
        bus.subscribe<TransferEvent>('onchain.transfer.>', (event) => publish('onchain.transfer', event)),
        bus.subscribe<FlowEvent>('onchain.flow.>', (event) => publish('onchain.flow', event)),
        bus.subscribe<ChainStatusEvent>('onchain.status.>', (event) => publish('onchain.status', event)),
      ];
      await onchain.start();
    },
    stop: async () => {
      await onchain.stop();
      for (const unsubscribe of unsubscribeOnchain) unsubscribe();
    },
  });

  return { kernel, bus, api, db, candles, settings, onchain, info };
}
