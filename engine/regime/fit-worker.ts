/**
 * The regime fit's worker thread: Baum–Welch over tens of thousands of bars takes about a second of CPU,
 * which must not hold the engine's event loop (feeds, orders, the API). Bundled on its own
 * (dist/cli/regime-worker.js, out/main/regime-worker.js); one worker per fit, ended when it answers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, ValidationError } from '../core/errors';
import { requestOf, type FitJob, type FitWorkerMessage } from './fit-job';
import { fitRegimeModel } from './regime-fit';

const port = parentPort;
if (!port) throw new Error('fit-worker must run in a worker thread');
const post = (message: FitWorkerMessage): void => port.postMessage(message);

fitRegimeModel(requestOf(workerData as FitJob, (progress) => post({ type: 'progress', progress }))).then(
  (model) => post({ type: 'done', model }),
  (error: unknown) =>
    post({ type: 'failed', validation: error instanceof ValidationError, message: errorMessage(error) }),
);
