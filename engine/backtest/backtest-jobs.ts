import type { Clock } from '../core/clock';
import { EngineError, NotFoundError, toRejection } from '../core/errors';
import { newId } from '../core/ids';
import type { MessageBus } from '../core/message-bus';
import type { BacktestProgress } from './backtest-types';

export const BACKTEST_PROGRESS_TOPIC = 'backtest.progress';

/** What a running job may do: report how far it is, and learn that it was cancelled. */
export type JobContext = {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
};

export class CancelledError extends EngineError {
  constructor(id: string) {
    super(`job ${id} was cancelled`, 'operational');
  }
}

const KEEP_FINISHED = 100;

/**
 * Background backtest work for API callers: each job gets an id, publishes `BacktestProgress` on
 * `backtest.progress.<id>` (throttled to one event per 100 ms while running, always on the last), and can be
 * cancelled; the job itself stores what it produced.
 */
export class BacktestJobs {
  private readonly jobs = new Map<string, { progress: BacktestProgress; abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  start(kind: BacktestProgress['kind'], run: (job: JobContext) => Promise<unknown>, id: string = newId(this.clock.now())): BacktestProgress {
    const abort = new AbortController();
    let lastPublished = 0;
    const publish = (progress: BacktestProgress, force: boolean): void => {
      const entry = this.jobs.get(id);
      if (entry) entry.progress = progress;
      const now = Date.now();
      if (!force && now - lastPublished < 100) return;
      lastPublished = now;
      this.bus.publish<BacktestProgress>(`${BACKTEST_PROGRESS_TOPIC}.${id}`, progress);
    };
    let current: BacktestProgress = { jobId: id, kind, done: 0, total: 1, state: 'running' };
    const context: JobContext = {
      id,
      signal: abort.signal,
      progress: (done, total, message) => {
        if (abort.signal.aborted) return;
        current = { jobId: id, kind, done, total, state: 'running', ...(message ? { message } : {}) };
        publish(current, false);
      },
    };
    const done = Promise.resolve()
      .then(() => run(context))
      .then(
        () => publish({ ...current, done: current.total, state: abort.signal.aborted ? 'cancelled' : 'done' }, true),
        (error: unknown) => {
          if (abort.signal.aborted || error instanceof CancelledError) {
            publish({ ...current, state: 'cancelled', message: 'cancelled' }, true);
            return;
          }
          if (!(error instanceof EngineError)) this.log(`${kind} job ${id} failed`, error);
          publish({ ...current, state: 'failed', message: toRejection(error).message }, true);
        },
      );
    this.jobs.set(id, { progress: current, abort, done });
    this.prune();
    publish(current, true);
    return current;
  }

  cancel(id: string): BacktestProgress {
    const entry = this.jobs.get(id);
    if (!entry) throw new NotFoundError(`no backtest job ${id}`);
    if (entry.progress.state === 'running') entry.abort.abort();
    return entry.progress;
  }

  get(id: string): BacktestProgress | undefined {
    return this.jobs.get(id)?.progress;
  }

  /** Newest first. */
  list(): BacktestProgress[] {
    return [...this.jobs.values()].map((entry) => entry.progress).reverse();
  }

  /** Resolves when the job has finished, whatever its outcome (tests, the CLI, stopping the engine). */
  async settled(id: string): Promise<BacktestProgress> {
    const entry = this.jobs.get(id);
    if (!entry) throw new NotFoundError(`no backtest job ${id}`);
    await entry.done;
    return entry.progress;
  }

  /** Cancels every running job and waits for them (engine stop). */
  async stop(): Promise<void> {
    for (const entry of this.jobs.values()) entry.abort.abort();
    await Promise.all([...this.jobs.values()].map((entry) => entry.done));
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, entry]) => entry.progress.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
