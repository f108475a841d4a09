import { Worker } from 'node:worker_threads';
import { ValidationError } from '../core/errors';
import type { FitJob, FitWorkerMessage } from './fit-job';
import type { HmmFitProgress } from './hmm/fit-hmm';
import type { RegimeModel } from './regime-model';

/**
 * Runs one fit in a worker thread and resolves with its model. A fit refused for its input (too few
 * candles, too many gaps) rejects with the same ValidationError as in the engine; a worker that dies rejects too.
 */
export function fitInWorker(workerPath: string, job: FitJob, onProgress?: (progress: HmmFitProgress) => void): Promise<RegimeModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: job });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: FitWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.model));
      else settle(() => reject(message.validation ? new ValidationError(message.message) : new Error(`regime fit failed: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the regime fit worker exited (code ${code}) before answering`))));
  });
}
