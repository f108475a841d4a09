import { Worker } from 'node:worker_threads';
import { ValidationError } from '../../core/errors';
import type { RegimeModel } from '../../regime/regime-model';
import type { ParamValues } from '../optimization-types';
import type { EvalWindow, Outcome } from './evaluate';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

type Pending = { resolve: (results: Outcome[]) => void; reject: (error: Error) => void; onOutcome?: (index: number, outcome: Outcome) => void };

/**
 * Optimiser worker threads, one per core by default, each holding the run's data. A batch is cut into small
 * chunks that idle workers take in turn (a slow parameter set does not hold the others up); answers come back in
 * the batch's order. A worker that dies fails the batch it was working on.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(path: string, setup: WorkerSetup, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(path, { workerData: setup });
      worker.on('message', (reply: WorkerReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        if ('outcome' in reply) return void p.onOutcome?.(reply.index, reply.outcome);
        this.pending.delete(reply.id);
        if ('error' in reply) p.reject(reply.validation ? new ValidationError(reply.error) : new Error(`optimiser worker failed: ${reply.error}`));
        else p.resolve(reply.results);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an optimiser worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Outcomes in the batch's order; `onOutcome` hears each one as a worker finishes it (index in the batch). */
  async evaluate(batch: readonly ParamValues[], window: EvalWindow, model?: RegimeModel, onOutcome?: (index: number, outcome: Outcome) => void): Promise<Outcome[]> {
    if (this.failure) throw this.failure;
    const chunk = Math.max(1, Math.min(4, Math.ceil(batch.length / (this.workers.length * 4))));
    const chunks: ParamValues[][] = [];
    for (let i = 0; i < batch.length; i += chunk) chunks.push(batch.slice(i, i + chunk));
    const results: Outcome[][] = new Array<Outcome[]>(chunks.length);
    let next = 0;
    const drive = async (worker: Worker): Promise<void> => {
      while (next < chunks.length) {
        const k = next++;
        const first = k * chunk;
        results[k] = await this.send(worker, { id: this.nextId++, batch: chunks[k]!, window, ...(model ? { model } : {}) }, onOutcome && ((index, outcome) => onOutcome(first + index, outcome)));
      }
    };
    await Promise.all(this.workers.map(drive));
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private send(worker: Worker, request: WorkerRequest, onOutcome?: (index: number, outcome: Outcome) => void): Promise<Outcome[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, ...(onOutcome ? { onOutcome } : {}) });
      worker.postMessage(request);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
