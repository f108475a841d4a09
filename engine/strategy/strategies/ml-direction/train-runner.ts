import { Worker } from 'node:worker_threads';
import { EngineError, errorMessage, RateLimitError, ValidationError } from '../../../core/errors';
import type { NewDirectionModel } from './direction-model';
import { trainDirectionModelAsync, type TrainDirectionOptions } from './train-direction';
import { trainJobOf, type TrainJob, type TrainWorkerMessage } from './train-job';

/** A training run that ended without a model for a reason other than its input: its worker failed, or the engine stopped. */
export class TrainingFailedError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'operational', options);
  }
}

export type MlTrainRunnerOptions = {
  /**
   * The bundled training worker (ml-train-worker.js). With it runs train in a worker thread; without it
   * (tests running from source, the CLI, the benchmark's baseline) they train here, handing the event
   * loop back between fitting steps.
   */
  readonly workerPath?: string;
  /** Runs that may wait behind the one training; a request beyond them is refused. */
  readonly maxWaiting?: number;
  /** A worker's heap cap in MiB: a run too large for it fails alone, the engine keeps its memory. */
  readonly maxHeapMb?: number;
};

export const DEFAULT_MAX_WAITING = 4;

const STOPPED = 'ml-direction training was cancelled: the engine is stopping';

/**
 * Trains ml-direction models one at a time, in order of request: on a small machine two fits side by side
 * would only slow each other and the engine. A worker that crashes or runs out of memory fails its run
 * with a TrainingFailedError; the engine and the runs queued behind it go on.
 */
export class MlTrainRunner {
  private readonly workers = new Set<Worker>();
  private tail: Promise<void> = Promise.resolve();
  /** Runs training or waiting. */
  private pending = 0;
  private stopped = false;

  constructor(private readonly options: MlTrainRunnerOptions = {}) {}

  /** Whether runs go to a worker thread. */
  get inWorker(): boolean {
    return this.options.workerPath !== undefined;
  }

  /** Worker threads training now (0 or 1). */
  get workersRunning(): number {
    return this.workers.size;
  }

  /** Trains once the runs before it are done; refused when the queue is full or the engine is stopping. */
  run(options: TrainDirectionOptions): Promise<NewDirectionModel> {
    if (this.stopped) return Promise.reject(new TrainingFailedError(STOPPED));
    const maxWaiting = this.options.maxWaiting ?? DEFAULT_MAX_WAITING;
    if (this.pending > maxWaiting) {
      return Promise.reject(
        new RateLimitError(`ml.train is busy: a model is training and ${maxWaiting} more are waiting; try again when one has finished`),
      );
    }
    this.pending++;
    const result = this.tail.then(() => this.train(options)).finally(() => this.pending--);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Ends the training worker at once; the runs still waiting are refused. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
  }

  private async train(options: TrainDirectionOptions): Promise<NewDirectionModel> {
    if (this.stopped) throw new TrainingFailedError(STOPPED);
    const { workerPath } = this.options;
    if (workerPath === undefined) return trainDirectionModelAsync(options);
    const { job, transfer } = await trainJobOf(options);
    if (this.stopped) throw new TrainingFailedError(STOPPED);
    return this.trainInWorker(workerPath, job, transfer);
  }

  private trainInWorker(workerPath: string, job: TrainJob, transfer: ArrayBuffer[]): Promise<NewDirectionModel> {
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        const { maxHeapMb } = this.options;
        worker = new Worker(workerPath, maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
      } catch (error) {
        reject(new TrainingFailedError(`the ml-direction training worker could not start: ${errorMessage(error)}`, { cause: error }));
        return;
      }
      this.workers.add(worker);
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        this.workers.delete(worker);
        outcome();
        void worker.terminate();
      };
      worker.on('message', (message: TrainWorkerMessage) => {
        if (message.type === 'done') settle(() => resolve(message.model));
        else settle(() => reject(failureOf(message)));
      });
      worker.on('error', (error) => settle(() => reject(new TrainingFailedError(`the ml-direction training worker failed: ${errorMessage(error)}`, { cause: error }))));
      worker.on('exit', (code) =>
        settle(() => reject(new TrainingFailedError(this.stopped ? STOPPED : `the ml-direction training worker stopped (exit code ${code}) before answering`))),
      );
      worker.postMessage(job, transfer);
    });
  }
}

/** The worker's failure as the engine thread would have thrown it, so callers treat both paths alike. */
function failureOf(message: Extract<TrainWorkerMessage, { type: 'failed' }>): Error {
  if (message.name === 'RangeError') return new RangeError(message.message);
  if (message.name === 'ValidationError') return new ValidationError(message.message);
  return new TrainingFailedError(`ml-direction training failed: ${message.message}`);
}
