/**
 * The inference worker thread: owns the ONNX Runtime session and the tokenizer, so tokenising and running
 * the model never block the engine's event loop. Bundled on its own (dist/cli/sentiment-worker.js).
 */
import { parentPort } from 'node:worker_threads';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { stripUrls } from './text';
import type { ExecutionProvider, WorkerReply, WorkerRequest } from './worker-protocol';
import { errorMessage } from '../../../core/errors';

type Loaded = {
  readonly session: ort.InferenceSession;
  readonly tokenizer: Tokenizer;
  readonly maxLength: number;
  readonly stripUrls: boolean;
  readonly padId: number;
};

// A failed CUDA load is reported in the model status; onnxruntime's own error line on stderr would only alarm.
ort.env.logLevel = 'fatal';

let loaded: Loaded | null = null;
const port = parentPort;
if (!port) throw new Error('inference-worker must run in a worker thread');

const reply = (message: WorkerReply): void => port.postMessage(message);

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'load') {
    void load(request).then(reply, (error: unknown) => reply({ type: 'load-failed', message: errorMessage(error) }));
  } else {
    const started = performance.now();
    void score(request.texts).then(
      (probabilities) => reply({ type: 'scores', id: request.id, probabilities, ms: performance.now() - started }),
      (error: unknown) => reply({ type: 'score-failed', id: request.id, message: errorMessage(error) }),
    );
  }
});

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<WorkerReply> {
  const tokenizer = new Tokenizer(request.tokenizer, request.tokenizerConfig);
  const options = (providers: ExecutionProvider[]): ort.InferenceSession.SessionOptions => ({
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    intraOpNumThreads: request.threads,
    interOpNumThreads: 1,
  });
  let session: ort.InferenceSession;
  let provider: ExecutionProvider = 'cpu';
  let cudaError: string | null = null;
  if (request.providers.includes('cuda')) {
    try {
      // Without the CUDA libraries onnxruntime throws here instead of falling back by itself.
      session = await ort.InferenceSession.create(request.model, options(['cuda', 'cpu']));
      provider = 'cuda';
    } catch (error) {
      cudaError = errorMessage(error);
      session = await ort.InferenceSession.create(request.model, options(['cpu']));
    }
  } else {
    session = await ort.InferenceSession.create(request.model, options(['cpu']));
  }
  const padId = tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
  loaded = { session, tokenizer, maxLength: request.maxLength, stripUrls: request.stripUrls, padId };
  // One warm-up run so the first real headline does not pay for lazy initialisation.
  await score(['warm up']);
  return { type: 'loaded', provider, cudaError, outputs: session.outputNames.length };
}

/** Rows per model call within a batch: grouping texts of similar length wastes little work on padding. */
const GROUP = 16;

async function score(texts: readonly string[]): Promise<number[][]> {
  if (!loaded) throw new Error('no model loaded');
  const { tokenizer, maxLength, padId } = loaded;
  const encoded = texts.map((text) => {
    const ids = tokenizer.encode(loaded?.stripUrls ? stripUrls(text) : text).ids;
    // The tokenizer does not truncate: keep the head and the closing special token.
    return ids.length > maxLength ? [...ids.slice(0, maxLength - 1), ids[ids.length - 1] ?? padId] : ids;
  });
  const order = encoded.map((_, i) => i).sort((a, b) => (encoded[a]?.length ?? 0) - (encoded[b]?.length ?? 0));
  const results: number[][] = new Array<number[]>(texts.length);
  for (let start = 0; start < order.length; start += GROUP) {
    const rows = order.slice(start, start + GROUP);
    const probabilities = await run(rows.map((i) => encoded[i] ?? []), padId);
    rows.forEach((row, k) => (results[row] = probabilities[k] ?? []));
  }
  return results;
}

async function run(encoded: readonly (readonly number[])[], padId: number): Promise<number[][]> {
  if (!loaded) throw new Error('no model loaded');
  const { session } = loaded;
  const width = Math.max(1, ...encoded.map((ids) => ids.length));
  const size = encoded.length * width;
  const inputIds = new BigInt64Array(size).fill(BigInt(padId));
  const mask = new BigInt64Array(size);
  encoded.forEach((ids, row) => {
    ids.forEach((id, col) => {
      inputIds[row * width + col] = BigInt(id);
      mask[row * width + col] = 1n;
    });
  });
  const dims = [encoded.length, width];
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', inputIds, dims);
    else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
    else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(size), dims);
    else throw new Error(`the model asks for an input "${name}" this runner does not provide`);
  }
  const outputName = session.outputNames[0];
  if (!outputName) throw new Error('the model has no outputs');
  const output = (await session.run(feeds))[outputName];
  if (!output || output.dims.length !== 2 || output.dims[0] !== encoded.length) {
    throw new Error(`the model's output "${outputName}" is not [batch, labels] logits`);
  }
  const labels = Number(output.dims[1]);
  const logits = output.data as Float32Array;
  return encoded.map((_, row) => softmax(logits.subarray(row * labels, (row + 1) * labels)));
}

function softmax(values: Float32Array): number[] {
  const max = Math.max(...values);
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
