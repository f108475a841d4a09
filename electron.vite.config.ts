import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { devWithoutCsp } from './vite.dev-without-csp';

// Runtime dependencies stay outside the bundles: native addons (better-sqlite3) cannot be bundled,
// ccxt is large and loaded on first use, and the rest ship in node_modules beside the app anyway.
const runtimeDependencies = ['better-sqlite3', 'ws', 'zod', 'commander', 'cli-progress', 'ccxt', 'onnxruntime-node', '@huggingface/tokenizers', 'fast-xml-parser'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: runtimeDependencies },
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The engine, run by main in a utility process (out/main/engine-host.js).
          'engine-host': resolve('engine/hosts/utility-process-host.ts'),
          // The sentiment model's worker thread, loaded by the engine from beside engine-host.js.
          'sentiment-worker': resolve('engine/signals/sentiment/runner/inference-worker.ts'),
          // The regime fit's worker thread, likewise.
          'regime-worker': resolve('engine/regime/fit-worker.ts'),
          // The optimiser's backtest workers, likewise.
          'backtest-worker': resolve('engine/backtest/optimizer/optimizer-worker.ts'),
          // The ml-direction training worker, likewise.
          'ml-train-worker': resolve('engine/strategy/strategies/ml-direction/ml-train-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload gets only a tiny require(): everything but 'electron' must be bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules, and under "type": "module" a .js file would be read as one.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react(), devWithoutCsp()],
    build: {
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
