import type { BacktestConfigInput, BacktestProgress, OptimizationSummary, OptimizeConfigInput, WalkForwardConfigInput } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import type { BacktestLabStore, JobKind } from './backtest-store';
import { errorText } from '../../format/format';

export type LabClient = Pick<EngineClient, 'call' | 'on' | 'onGap'>;

/** How often a running optimisation's table is read back while it fills. */
const LIVE_TABLE_MS = 1_500;

export function describeFailure(failure: unknown): string {
  return errorText(failure);
}

/**
 * The lab's conversation with the engine: starts jobs, follows `backtest.progress`, and loads what a job
 * produced once it is done. Every failure lands on the job it belongs to, with the engine's own words.
 */
export class LabActions {
  private lastLiveRead = 0;

  constructor(
    private readonly client: LabClient,
    private readonly store: BacktestLabStore,
  ) {}

  /** Follows the progress stream; after missed events the engine's job list says where our jobs stand. */
  follow(): () => void {
    const offs = [
      this.client.on('backtest.progress', (event) => this.onProgress(event)),
      this.client.onGap('backtest.progress', () => {
        this.client.call('backtest.jobs', {}).then(
          (jobs) => {
            for (const job of jobs) this.onProgress(job);
          },
          () => undefined,
        );
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  loadRuns(): Promise<void> {
    return this.client.call('backtest.list', { limit: 200 }).then(
      (runs) => this.store.getState().setRuns(runs),
      () => undefined,
    );
  }

  runBacktest(config: BacktestConfigInput): Promise<void> {
    return this.start('backtest', () => this.client.call('backtest.run', config));
  }

  optimize(config: OptimizeConfigInput): Promise<void> {
    this.store.getState().setOptimization(null);
    return this.start('optimize', () => this.client.call('backtest.optimize', config));
  }

  walkForward(config: WalkForwardConfigInput): Promise<void> {
    this.store.getState().setWalkforward(null);
    return this.start('walkforward', () => this.client.call('backtest.walkforward', config));
  }

  cancel(kind: JobKind): Promise<void> {
    const job = this.store.getState().jobs[kind];
    if (!job?.jobId || job.state !== 'running') return Promise.resolve();
    return this.client.call('backtest.cancel', { jobId: job.jobId }).then(
      () => undefined,
      (failure: unknown) => this.store.getState().endJob(kind, 'failed', `Could not cancel: ${describeFailure(failure)}`),
    );
  }

  /** Opens a stored run in the results view (and its trades on the chart). */
  openRun(id: string): Promise<void> {
    return this.client.call('backtest.get', { id }).then(
      (result) => this.store.getState().showResult(result),
      (failure: unknown) => this.store.getState().endJob('backtest', 'failed', describeFailure(failure)),
    );
  }

  deleteRun(id: string): Promise<void> {
    return this.client.call('backtest.delete', { id }).then(() => {
      const state = this.store.getState();
      state.setCompared(state.compared.filter((r) => r.id !== id));
      return this.loadRuns();
    });
  }

  listOptimizations(): Promise<OptimizationSummary[]> {
    return this.client.call('backtest.optimizations', {});
  }

  /** Shows a stored (or running) optimisation's table and heatmap. */
  openOptimization(id: string): Promise<void> {
    return this.client.call('backtest.optimization', { id }).then((result) => this.store.getState().setOptimization(result));
  }

  /** Loads the runs picked for comparison in full, in the order picked. */
  compare(ids: readonly string[]): Promise<void> {
    return Promise.all(ids.map((id) => this.client.call('backtest.get', { id }))).then((results) => this.store.getState().setCompared(results));
  }

  private start(kind: JobKind, call: () => Promise<BacktestProgress>): Promise<void> {
    const state = this.store.getState();
    if (state.jobs[kind]?.state === 'running') return Promise.resolve();
    state.startJob(kind, null);
    return call().then(
      (progress) => this.onProgress(progress),
      (failure: unknown) => this.store.getState().endJob(kind, 'failed', describeFailure(failure)),
    );
  }

  private onProgress(event: BacktestProgress): void {
    const before = this.store.getState().jobs[event.kind];
    const wasRunning = before?.state === 'running' && (before.jobId === null || before.jobId === event.jobId);
    this.store.getState().progress(event);
    if (!wasRunning) return;
    if (event.state === 'done') this.loadOutcome(event.kind, event.jobId, true);
    else if (event.state === 'running' && event.kind === 'optimize' && Date.now() - this.lastLiveRead > LIVE_TABLE_MS) {
      this.lastLiveRead = Date.now();
      this.loadOutcome('optimize', event.jobId, false);
    } else if (event.state === 'cancelled' && event.kind !== 'backtest') this.loadOutcome(event.kind, event.jobId, false);
  }

  private loadOutcome(kind: JobKind, id: string, final: boolean): void {
    const fail = (failure: unknown): void => {
      if (final) this.store.getState().endJob(kind, 'failed', describeFailure(failure));
    };
    if (kind === 'backtest') {
      this.client.call('backtest.get', { id }).then((result) => {
        this.store.getState().showResult(result);
        void this.loadRuns();
      }, fail);
    } else if (kind === 'optimize') {
      this.client.call('backtest.optimization', { id }).then((result) => this.store.getState().setOptimization(result), fail);
    } else {
      this.client.call('backtest.walkforwardResult', { id }).then((result) => this.store.getState().setWalkforward(result), fail);
    }
  }
}
