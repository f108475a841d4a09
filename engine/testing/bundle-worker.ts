import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { findPackagePath } from '../core/package-root';

/**
 * Bundles a worker thread's entry (a path from the package root) for tests and benchmarks that run from
 * source: a worker thread cannot load TypeScript. Built into .tmp/ of the package so its dependencies
 * resolve from node_modules.
 */
export async function bundleWorker(entry: string, name: string): Promise<string> {
  const root = findPackagePath('package.json');
  if (!root) throw new Error('package root not found');
  const outDir = join(root, '..', '.tmp', name, String(process.pid));
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(root, '..', entry)],
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

/** The sentiment inference worker, bundled. */
export function buildSentimentWorker(): Promise<string> {
  return bundleWorker('engine/signals/sentiment/runner/inference-worker.ts', 'sentiment-worker');
}

/** The shipped model directory (models/sentiment). */
export function shippedModelDir(): string {
  const dir = findPackagePath(join('models', 'sentiment'));
  if (!dir) throw new Error('models/sentiment not found');
  return dir;
}
