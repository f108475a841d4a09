import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import type { MessageBus } from '../../core/message-bus';
import { findPackagePath } from '../../core/package-root';
import type { Component } from '../../core/component';
import type { SettingsRepository } from '../../store/repositories/settings-repository';
import { SentimentRepository } from '../../store/repositories/sentiment-repository';
import { SentimentRunner } from './runner/sentiment-runner';
import { environmentSecrets, type SentimentSecrets } from './sentiment-config';
import { SentimentService } from './sentiment-service';

export type SentimentOptions = {
  /** The bundled inference worker; defaults to sentiment-worker.js beside the running bundle. */
  readonly workerPath?: string;
  readonly shippedModelDir?: string;
  readonly secrets?: SentimentSecrets;
};

export type SentimentWiring = { readonly service: SentimentService; readonly runner: SentimentRunner; readonly component: Component };

/** Builds the sentiment engine for createEngine: the model runner, the service and the kernel component. */
export function createSentiment(deps: {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly db: Database.Database;
  readonly settings: SettingsRepository;
  readonly log: (message: string, error?: unknown) => void;
  readonly options?: SentimentOptions;
}): SentimentWiring {
  const shippedModelDir = deps.options?.shippedModelDir ?? findPackagePath(join('models', 'sentiment')) ?? join('models', 'sentiment');
  const runner = new SentimentRunner({
    workerPath: deps.options?.workerPath ?? fileURLToPath(new URL('./sentiment-worker.js', import.meta.url)),
    modelDir: shippedModelDir,
  });
  const service = new SentimentService({
    bus: deps.bus,
    clock: deps.clock,
    settings: deps.settings,
    repository: new SentimentRepository(deps.db),
    runner,
    secrets: deps.options?.secrets ?? environmentSecrets,
    shippedModelDir,
    log: deps.log,
  });
  return { service, runner, component: { name: 'sentiment', start: () => service.start(), stop: () => service.stop() } };
}
