import type { Clock } from '../core/clock';
import { NotFoundError, toRejection } from '../core/errors';
import { newId } from '../core/ids';
import type { MessageBus } from '../core/message-bus';
import type { SeriesKey } from '../model/candle';
import type { DownloadProgress, DownloadRequest, DownloadResult } from './history-download';

export type DownloadJobState = 'running' | 'done' | 'failed' | 'cancelled';

/** A download as the trader sees it in the UI: what, how far, and how it ended. */
export type DownloadJob = SeriesKey & {
  readonly id: string;
  readonly state: DownloadJobState;
  readonly since: number;
  readonly until: number | null;
  readonly startedAt: number;
  readonly progress: DownloadProgress | null;
  readonly error: string | null;
};

const KEEP_FINISHED = 50;

/**
 * Runs downloads in the background for API callers: each gets an id, publishes its progress on
 * `data.download.<id>`, and can be cancelled; what was stored before a failure or a cancel stays stored.
 */
export class DownloadJobs {
  private readonly jobs = new Map<string, { job: DownloadJob; abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly run: (request: DownloadRequest, onProgress: (p: DownloadProgress) => void, signal: AbortSignal) => Promise<DownloadResult>,
  ) {}

  start(request: DownloadRequest): DownloadJob {
    const id = newId(this.clock.now());
    const abort = new AbortController();
    let job: DownloadJob = {
      id,
      venue: request.venue,
      symbol: request.symbol,
      timeframe: request.timeframe,
      since: request.since,
      until: request.until ?? null,
      state: 'running',
      startedAt: this.clock.now(),
      progress: null,
      error: null,
    };
    const update = (changes: Partial<DownloadJob>) => {
      job = { ...job, ...changes };
      const entry = this.jobs.get(id);
      if (entry) entry.job = job;
      this.bus.publish<DownloadJob>(`data.download.${id}`, job);
    };
    const done = this.run(request, (progress) => update({ progress }), abort.signal).then(
      (result) => update({ state: abort.signal.aborted ? 'cancelled' : 'done', progress: result }),
      (error: unknown) => update({ state: abort.signal.aborted ? 'cancelled' : 'failed', error: toRejection(error).message }),
    );
    this.jobs.set(id, { job, abort, done });
    this.prune();
    this.bus.publish<DownloadJob>(`data.download.${id}`, job);
    return job;
  }

  cancel(id: string): DownloadJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new NotFoundError(`no download ${id}`);
    entry.abort.abort();
    return entry.job;
  }

  list(): DownloadJob[] {
    return [...this.jobs.values()].map((entry) => entry.job).reverse();
  }

  /** Waits for a job to finish (tests and the CLI). */
  async settled(id: string): Promise<DownloadJob> {
    const entry = this.jobs.get(id);
    if (!entry) throw new NotFoundError(`no download ${id}`);
    await entry.done;
    return this.jobs.get(id)!.job;
  }

  async stop(): Promise<void> {
    for (const entry of this.jobs.values()) entry.abort.abort();
    await Promise.all([...this.jobs.values()].map((entry) => entry.done));
  }

  private prune(): void {
    const finished = [...this.jobs].filter(([, entry]) => entry.job.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
