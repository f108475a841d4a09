import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { findPackagePath } from '../core/package-root';

/**
 * Bundles the sentiment inference worker for tests and benchmarks that run from source (a worker thread
 * cannot load TypeScript). Built into .tmp/ of the package so its dependencies resolve from node_modules.
 */
export async function buildSentimentWorker(): Promise<string> {
  const root = findPackagePath('package.json');
  if (!root) throw new Error('package root not found');
  const outDir = join(root, '..', '.tmp', 'sentiment-worker', String(process.pid));
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'sentiment-worker.mjs');
  await build({
    entryPoints: [join(root, '..', 'engine/signals/sentiment/runner/inference-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** The shipped model directory (models/sentiment). */
export function shippedModelDir(): string {
  const dir = findPackagePath(join('models', 'sentiment'));
  if (!dir) throw new Error('models/sentiment not found');
  return dir;
}
