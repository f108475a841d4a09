/**
 * An optimiser worker thread: holds one run's data and evaluates batches of parameter sets (a backtest, the
 * stressed backtest and Monte Carlo per set). Bundled on its own (dist/cli/backtest-worker.js beside the engine);
 * the pool starts one per core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError, errorMessage } from '../../core/errors';
import { evalContext, evaluate, type EvalContext } from './evaluate';
import { loadStrategy } from './strategy-loader';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('optimizer-worker must run in a worker thread');
const setup = workerData as WorkerSetup;
const ready: Promise<EvalContext> = loadStrategy(setup.data.strategy).then((definition) => evalContext(setup.data, definition));

port.on('message', (request: WorkerRequest) => {
  ready
    .then(async (ctx) => {
      const results = [];
      for (const params of request.batch) {
        const outcome = await evaluate(ctx, setup.base, params, request.window, setup.options, request.model);
        results.push(outcome);
        // Each set as soon as it is done, for progress per set; the whole chunk follows in order.
        port.postMessage({ id: request.id, index: results.length - 1, outcome } satisfies WorkerReply);
      }
      return results;
    })
    .then(
      (results) => port.postMessage({ id: request.id, results } satisfies WorkerReply),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          error: errorMessage(error),
          validation: error instanceof EngineError,
        } satisfies WorkerReply),
    );
});
