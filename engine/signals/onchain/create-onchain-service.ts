import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import type { MessageBus } from '../../core/message-bus';
import { LatestCloseRepository } from '../../store/repositories/latest-close-repository';
import { OnchainRepository } from '../../store/repositories/onchain-repository';
import type { SettingsRepository } from '../../store/repositories/settings-repository';
import type { OnchainSettings } from './onchain-config';
import { OnchainService } from './onchain-service';
import { PriceBook } from './price-book';

/** The on-chain service on the engine's database, bus and clock. */
export function createOnchainService(deps: {
  readonly db: Database.Database;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly settings: SettingsRepository;
  readonly log: (message: string, error?: unknown) => void;
  readonly initialSettings?: OnchainSettings;
}): OnchainService {
  return new OnchainService({
    repository: new OnchainRepository(deps.db),
    settings: deps.settings,
    prices: new PriceBook(new LatestCloseRepository(deps.db), () => deps.clock.now()),
    bus: deps.bus,
    clock: deps.clock,
    log: deps.log,
    initialSettings: deps.initialSettings,
  });
}
