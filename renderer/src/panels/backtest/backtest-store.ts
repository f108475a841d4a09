import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BacktestProgress, BacktestResult, BacktestSummary, OptimizationResult, WalkForwardResult } from '../../engine-client/api-types';
import { browserStorage, type KeyValueStorage } from '../../stores/connection-storage';
import type { BacktestFormValues } from './backtest-form';
import { loadLabMemory, saveLabMemory } from './lab-memory';
import type { SearchFormValues } from './search-form';

export type LabView = 'setup' | 'results' | 'compare' | 'optimize' | 'walkforward';
/** The dock's height: only its bar, beside the chart, or most of the window with the chart kept above. */
export type LabSize = 'collapsed' | 'open' | 'tall';
export type JobKind = BacktestProgress['kind'];

export type JobState = {
  readonly jobId: string | null;
  readonly kind: JobKind;
  readonly done: number;
  readonly total: number;
  readonly state: BacktestProgress['state'];
  readonly message?: string;
  readonly startedAt: number;
};

/** A request for the main chart to bring one trade into view; the nonce makes a second click on it count. */
export type TradeFocus = { readonly runId: string; readonly tradeIndex: number; readonly nonce: number };

export type BacktestLabState = {
  readonly view: LabView;
  readonly size: LabSize;
  readonly form: BacktestFormValues;
  /** The job in flight or last finished, one per kind. */
  readonly jobs: Readonly<Partial<Record<JobKind, JobState>>>;
  readonly result: BacktestResult | null;
  /** Whether the shown run's trades are drawn on the main chart. */
  readonly showOnChart: boolean;
  readonly runs: readonly BacktestSummary[];
  readonly focus: TradeFocus | null;
  /** Runs picked for side-by-side comparison (2 or 3), loaded in full. */
  readonly compared: readonly BacktestResult[];
  readonly search: SearchFormValues;
  readonly optimization: OptimizationResult | null;
  readonly walkforward: WalkForwardResult | null;
  setView(view: LabView): void;
  setSize(size: LabSize): void;
  updateForm(patch: Partial<BacktestFormValues>): void;
  startJob(kind: JobKind, jobId: string | null, total?: number): void;
  /** A `backtest.progress` event: applied to the job it names, ignored for any other. */
  progress(event: BacktestProgress): void;
  endJob(kind: JobKind, state: 'done' | 'failed' | 'cancelled', message?: string): void;
  showResult(result: BacktestResult): void;
  setShowOnChart(show: boolean): void;
  setRuns(runs: readonly BacktestSummary[]): void;
  focusTrade(runId: string, tradeIndex: number): void;
  setCompared(results: readonly BacktestResult[]): void;
  updateSearch(patch: Partial<SearchFormValues>): void;
  setOptimization(result: OptimizationResult | null): void;
  setWalkforward(result: WalkForwardResult | null): void;
};

export type BacktestLabStore = StoreApi<BacktestLabState>;

export function createBacktestLabStore(now: () => number = Date.now, storage: KeyValueStorage | null = null): BacktestLabStore {
  let nonce = 0;
  const remembered = loadLabMemory(storage);
  const store = createStore<BacktestLabState>()((set, get) => ({
    view: 'setup',
    size: 'collapsed',
    form: remembered.form,
    jobs: {},
    result: null,
    showOnChart: true,
    runs: [],
    focus: null,
    compared: [],
    search: remembered.search,
    optimization: null,
    walkforward: null,
    setView: (view) => set((state) => ({ view, size: state.size === 'collapsed' ? 'open' : state.size })),
    setSize: (size) => set({ size }),
    updateForm: (patch) => set((state) => ({ form: { ...state.form, ...patch } })),
    startJob: (kind, jobId, total = 0) => set((state) => ({ jobs: { ...state.jobs, [kind]: { jobId, kind, done: 0, total, state: 'running', startedAt: now() } } })),
    progress: (event) => {
      const job = get().jobs[event.kind];
      // Progress can arrive before the call that started the job has returned its id: adopt the first id seen.
      if (!job || job.state !== 'running' || (job.jobId !== null && job.jobId !== event.jobId)) return;
      const next: JobState = { ...job, jobId: event.jobId, done: event.done, total: event.total, state: event.state, ...(event.message === undefined ? {} : { message: event.message }) };
      set((state) => ({ jobs: { ...state.jobs, [event.kind]: next } }));
    },
    endJob: (kind, jobState, message) => {
      const job = get().jobs[kind];
      if (!job) return;
      set((state) => ({ jobs: { ...state.jobs, [kind]: { ...job, state: jobState, done: jobState === 'done' ? Math.max(job.done, job.total) : job.done, ...(message === undefined ? {} : { message }) } } }));
    },
    showResult: (result) => set({ result, view: 'results', focus: null }),
    setShowOnChart: (showOnChart) => set({ showOnChart }),
    setRuns: (runs) => set({ runs }),
    focusTrade: (runId, tradeIndex) => set({ focus: { runId, tradeIndex, nonce: ++nonce } }),
    setCompared: (compared) => set({ compared }),
    updateSearch: (patch) => set((state) => ({ search: { ...state.search, ...patch } })),
    setOptimization: (optimization) => set({ optimization }),
    setWalkforward: (walkforward) => set({ walkforward }),
  }));
  // The setup and search survive a reload; results are the engine's and are loaded from it.
  store.subscribe((state, previous) => {
    if (state.form !== previous.form || state.search !== previous.search) saveLabMemory(storage, { form: state.form, search: state.search });
  });
  return store;
}

/** Fraction of a job done, 0 to 1; a job that has not reported its size yet is at 0. */
export function jobFraction(job: Pick<JobState, 'done' | 'total'>): number {
  return job.total > 0 ? Math.min(1, Math.max(0, job.done / job.total)) : 0;
}

/** Seconds left at the pace so far; null until there is a pace to go by. */
export function jobEta(job: Pick<JobState, 'done' | 'total' | 'startedAt'>, now: number): number | null {
  if (job.done <= 0 || job.total <= job.done) return null;
  const perUnit = (now - job.startedAt) / job.done;
  return Math.round((perUnit * (job.total - job.done)) / 1000);
}

// One lab per window: the panel and its chart layer share it. Tests render with their own through the provider.
const defaultStore = createBacktestLabStore(Date.now, browserStorage());
export const BacktestLabContext = createContext<BacktestLabStore>(defaultStore);

export function useBacktestLabStore(): BacktestLabStore {
  return useContext(BacktestLabContext);
}

export function useBacktestLab<T>(selector: (state: BacktestLabState) => T): T {
  return useStore(useContext(BacktestLabContext), selector);
}
