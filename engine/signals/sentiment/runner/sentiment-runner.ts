import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TransientError, ValidationError } from '../../../core/errors';
import type { SentimentScore } from '../../../model/sentiment';
import { readModelDirectory, type ModelDirectory, type ModelMetrics } from './model-directory';
import type { ExecutionProvider, WorkerReply, WorkerRequest } from './worker-protocol';

export type RunnerConfig = {
  /** The bundled inference worker (dist/cli/sentiment-worker.js, out/main/sentiment-worker.js). */
  readonly workerPath: string;
  readonly modelDir: string;
  readonly providers?: readonly ExecutionProvider[];
  /** Most texts per model call. */
  readonly maxBatch?: number;
  /** How long a lone text waits for company before it is scored on its own. */
  readonly maxWaitMs?: number;
  readonly threads?: number;
};

export type ModelStatus = {
  readonly state: 'idle' | 'loading' | 'ready' | 'error';
  readonly provider: ExecutionProvider | null;
  readonly name: string | null;
  readonly dir: string;
  readonly labels: readonly string[];
  readonly metrics: ModelMetrics | null;
  /** Why CUDA was not used, when it was asked for and failed to load. */
  readonly cudaError: string | null;
  readonly error: string | null;
  readonly batches: number;
  readonly texts: number;
};

type Pending = { readonly text: string; readonly resolve: (score: SentimentScore) => void; readonly reject: (error: Error) => void };

type Loaded = { readonly worker: Worker; readonly model: ModelDirectory; readonly provider: ExecutionProvider; readonly cudaError: string | null };

/**
 * Scores texts with an ONNX sequence-classification model in a worker thread. Dynamic micro-batching: texts
 * that arrive while the worker is busy, or within `maxWaitMs` of each other, go to the model together (up to
 * `maxBatch`), so a burst of headlines costs a few model calls and a lone headline waits only a few ms.
 */
export class SentimentRunner {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private queue: Pending[] = [];
  private inFlight = new Map<number, Pending[]>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private state: ModelStatus['state'] = 'idle';
  private error: string | null = null;
  private dir: string;
  private batches = 0;
  private texts = 0;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;

  constructor(private readonly config: RunnerConfig) {
    this.dir = config.modelDir;
    this.maxBatch = config.maxBatch ?? 64;
    this.maxWaitMs = config.maxWaitMs ?? 3;
  }

  status(): ModelStatus {
    const model = this.loaded?.model ?? null;
    return {
      state: this.state,
      provider: this.loaded?.provider ?? null,
      name: model?.name ?? null,
      dir: this.dir,
      labels: model?.labels ?? [],
      metrics: model?.metrics ?? null,
      cudaError: this.loaded?.cudaError ?? null,
      error: this.error,
      batches: this.batches,
      texts: this.texts,
    };
  }

  /** Loads the configured model (once); later calls wait for the same load. */
  async start(): Promise<ModelStatus> {
    if (!this.loaded) {
      this.loading ??= this.spawn(this.dir).finally(() => (this.loading = null));
      this.state = 'loading';
      try {
        this.loaded = await this.loading;
        this.state = 'ready';
        this.error = null;
      } catch (error) {
        this.state = 'error';
        this.error = (error as Error).message;
        throw error;
      }
    }
    return this.status();
  }

  /**
   * Switches to another model directory. The directory is checked and loaded beside the current model;
   * only when it works does it replace it, so a bad directory leaves the running model in use.
   */
  async selectModel(dir: string): Promise<ModelStatus> {
    const next = await this.spawn(dir);
    const previous = this.loaded;
    this.loaded = next;
    this.dir = dir;
    this.state = 'ready';
    this.error = null;
    if (previous) {
      // Texts the old model had not answered yet are scored by the new one.
      const unanswered = [...this.inFlight.values()].flat();
      this.inFlight.clear();
      this.queue.unshift(...unanswered);
      void previous.worker.terminate();
      if (this.queue.length > 0) this.flush();
    }
    return this.status();
  }

  score(text: string): Promise<SentimentScore> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.schedule();
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const failure = new TransientError('the sentiment model stopped');
    for (const pending of [...this.queue, ...[...this.inFlight.values()].flat()]) pending.reject(failure);
    this.queue = [];
    this.inFlight.clear();
    const worker = this.loaded?.worker;
    this.loaded = null;
    this.state = 'idle';
    await worker?.terminate();
  }

  private schedule(): void {
    if (this.queue.length >= this.maxBatch) {
      this.flush();
    } else if (!this.timer && this.inFlight.size === 0) {
      this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    if (!this.loaded) {
      void this.start().then(
        () => this.flush(),
        (error: unknown) => this.rejectQueued(error instanceof Error ? error : new Error(String(error))),
      );
      return;
    }
    const batch = this.queue.splice(0, this.maxBatch);
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    const request: WorkerRequest = { type: 'score', id, texts: batch.map((p) => p.text) };
    this.loaded.worker.postMessage(request);
  }

  private rejectQueued(error: Error): void {
    const queued = this.queue;
    this.queue = [];
    for (const pending of queued) pending.reject(error);
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    if (reply.type !== 'scores' && reply.type !== 'score-failed') return;
    const batch = this.inFlight.get(reply.id);
    this.inFlight.delete(reply.id);
    if (!batch) return;
    const model = this.loaded?.worker === worker ? this.loaded.model : null;
    if (reply.type === 'score-failed' || !model) {
      const error = new TransientError(`sentiment model failed: ${reply.type === 'score-failed' ? reply.message : 'model replaced'}`);
      for (const pending of batch) pending.reject(error);
    } else {
      this.batches++;
      this.texts += batch.length;
      batch.forEach((pending, i) => pending.resolve(toScore(model, reply.probabilities[i] ?? [])));
    }
    // Whatever queued up while the worker was busy goes next, without waiting again.
    if (this.queue.length > 0) this.flush();
  }

  private spawn(dir: string): Promise<Loaded> {
    const model = readModelDirectory(dir);
    if (!existsSync(this.config.workerPath)) {
      return Promise.reject(new ValidationError(`the sentiment worker ${this.config.workerPath} is missing; run npm run build`));
    }
    const worker = new Worker(this.config.workerPath);
    return new Promise<Loaded>((resolve, reject) => {
      const fail = (message: string): void => {
        void worker.terminate();
        reject(new ValidationError(`model directory ${dir} could not be loaded: ${message}`));
      };
      worker.once('error', (error) => fail(error.message));
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'loaded') {
          if (reply.outputs < 1) return fail('the model has no outputs');
          worker.removeAllListeners('error');
          worker.on('error', (error) => this.onWorkerError(worker, error));
          resolve({ worker, model, provider: reply.provider, cudaError: reply.cudaError });
        } else if (reply.type === 'load-failed') {
          fail(reply.message);
        } else {
          this.onReply(worker, reply);
        }
      });
      const bytes = new Uint8Array(readFileSync(model.modelPath));
      const request: WorkerRequest = {
        type: 'load',
        model: bytes,
        tokenizer: model.tokenizer,
        tokenizerConfig: model.tokenizerConfig,
        maxLength: model.maxLength,
        stripUrls: model.stripUrls,
        providers: this.config.providers ?? ['cuda', 'cpu'],
        threads: this.config.threads ?? Math.max(1, availableParallelism()),
      };
      worker.postMessage(request, [bytes.buffer]);
    });
  }

  private onWorkerError(worker: Worker, error: Error): void {
    if (this.loaded?.worker !== worker) return;
    this.loaded = null;
    this.state = 'error';
    this.error = `the inference worker crashed: ${error.message}`;
    const failure = new TransientError(this.error);
    for (const batch of this.inFlight.values()) for (const pending of batch) pending.reject(failure);
    this.inFlight.clear();
  }
}

function toScore(model: ModelDirectory, probabilities: readonly number[]): SentimentScore {
  let best = 0;
  let polarity = 0;
  const byLabel: Record<string, number> = {};
  probabilities.forEach((p, i) => {
    if (p > (probabilities[best] ?? 0)) best = i;
    polarity += p * (model.polarity[i] ?? 0);
    byLabel[model.labels[i] ?? String(i)] = p;
  });
  return { label: model.labels[best] ?? String(best), polarity, confidence: probabilities[best] ?? 0, probabilities: byLabel };
}
