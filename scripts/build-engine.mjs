// Bundles the `stratus` CLI (and with it `stratus serve`) into dist/cli for plain Node, and the local
// Bybit emulator beside it (`npm run emulator`), which end-to-end tests and demos run as a process.
// Dependencies stay external: they are installed next to it, and native addons cannot be bundled.
import { build } from 'esbuild';

const started = performance.now();
await build({
  entryPoints: {
    stratus: 'engine/cli/main.ts',
    'bybit-emulator': 'engine/testing/bybit-emulator/main.ts',
    // The sentiment model's worker thread runs from its own file beside the CLI.
    'sentiment-worker': 'engine/signals/sentiment/runner/inference-worker.ts',
    // The regime fit runs in a worker thread from its own file too.
    'regime-worker': 'engine/regime/fit-worker.ts',
    // The optimiser's backtests run in worker threads on every core.
    'backtest-worker': 'engine/backtest/optimizer/optimizer-worker.ts',
    // The ml-direction training runs in a worker thread from its own file too.
    'ml-train-worker': 'engine/strategy/strategies/ml-direction/ml-train-worker.ts',
  },
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`engine built in ${Math.round(performance.now() - started)} ms → dist/cli (stratus.js, bybit-emulator.js, sentiment-worker.js, regime-worker.js, backtest-worker.js, ml-train-worker.js)`);
