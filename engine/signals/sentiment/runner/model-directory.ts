import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ValidationError } from '../../../core/errors';

/** What the engine needs from a Hugging Face-format sequence-classification directory. */
export type ModelDirectory = {
  readonly dir: string;
  readonly name: string;
  readonly modelPath: string;
  readonly tokenizer: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
  /** Labels in output order (id2label). */
  readonly labels: readonly string[];
  /** Polarity of each label in [-1, 1]: bearish or negative −1, bullish or positive +1, anything else 0. */
  readonly polarity: readonly number[];
  readonly maxLength: number;
  readonly stripUrls: boolean;
  /** The manifest's validation metrics, when the directory has a manifest.json. */
  readonly metrics: ModelMetrics | null;
};

export type ModelMetrics = {
  readonly dataset: string;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly confusion?: readonly (readonly number[])[];
};

/** Reads and checks a model directory; every problem is a ValidationError that names the file and what is wrong. */
export function readModelDirectory(dir: string): ModelDirectory {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ValidationError(`model directory ${dir} does not exist`);
  const modelPath = join(dir, 'model.onnx');
  if (!existsSync(modelPath)) throw new ValidationError(`model directory ${dir} has no model.onnx`);
  const config = readJson(dir, 'config.json', true);
  const tokenizer = readJson(dir, 'tokenizer.json', true);
  const tokenizerConfig = readJson(dir, 'tokenizer_config.json', false) ?? {};
  const manifest = readJson(dir, 'manifest.json', false);
  if (!config || !tokenizer) throw new ValidationError(`model directory ${dir} is incomplete`);
  const labels = labelsOf(dir, config.id2label);
  if (typeof tokenizer.model !== 'object' || tokenizer.model === null) {
    throw new ValidationError(`${join(dir, 'tokenizer.json')} is not a tokenizer.json (no "model" section)`);
  }
  const declared = manifest?.polarity;
  const polarity = labels.map((label) => {
    if (isRecord(declared) && typeof declared[label] === 'number') return declared[label];
    if (/bear|neg/i.test(label)) return -1;
    if (/bull|pos/i.test(label)) return 1;
    return 0;
  });
  const maxLength = Math.min(
    512,
    numberOr(tokenizerConfig.model_max_length, Infinity),
    numberOr(config.max_position_embeddings, 512),
  );
  const preprocess = isRecord(manifest?.preprocess) ? manifest.preprocess : {};
  const metrics = isRecord(manifest?.metrics) ? (manifest.metrics as ModelMetrics) : null;
  return {
    dir,
    name: typeof manifest?.name === 'string' ? manifest.name : basename(dir),
    modelPath,
    tokenizer,
    tokenizerConfig,
    labels,
    polarity,
    maxLength,
    stripUrls: preprocess.stripUrls !== false,
    metrics,
  };
}

function readJson(dir: string, file: string, required: boolean): Record<string, unknown> | null {
  const path = join(dir, file);
  if (!existsSync(path)) {
    if (required) throw new ValidationError(`model directory ${dir} has no ${file}`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new ValidationError(`${path} must hold a JSON object`);
  return value;
}

function labelsOf(dir: string, id2label: unknown): string[] {
  if (!isRecord(id2label) || Object.keys(id2label).length < 2) {
    throw new ValidationError(`${join(dir, 'config.json')} needs "id2label" with at least two labels`);
  }
  const entries = Object.entries(id2label).map(([id, label]) => [Number(id), label] as const);
  const labels: string[] = [];
  for (const [id, label] of entries) {
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || typeof label !== 'string') {
      throw new ValidationError(`${join(dir, 'config.json')}: id2label must map 0…${entries.length - 1} to label names`);
    }
    labels[id] = label;
  }
  return labels;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
