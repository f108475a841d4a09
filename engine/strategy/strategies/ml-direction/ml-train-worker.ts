/**
 * The ml-direction training's worker thread: building the features and the walk-forward fits over tens of
 * thousands of bars takes seconds of CPU, which must not hold the engine's event loop (feeds, risk checks,
 * approvals, the API). Bundled on its own (dist/cli/ml-train-worker.js, out/main/ml-train-worker.js); one
 * worker per run, given one job, ended when it answers.
 */
import { parentPort } from 'node:worker_threads';
import { trainDirectionModel } from './train-direction';
import { optionsOf, type TrainJob, type TrainWorkerMessage } from './train-job';
import { errorMessage } from '../../../core/errors';

const port = parentPort;
if (!port) throw new Error('ml-train-worker must run in a worker thread');
const post = (message: TrainWorkerMessage): void => port.postMessage(message);

port.once('message', (job: TrainJob) => {
  try {
    post({ type: 'done', model: trainDirectionModel(optionsOf(job)) });
  } catch (error) {
    post({ type: 'failed', name: error instanceof Error ? error.name : 'Error', message: errorMessage(error) });
  }
});
