// Runs the benchmarks in bench/ (all, or those named on the command line): each is bundled with
// esbuild into .tmp/bench and run with Node, and prints its own figures. Timing never fails a build.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const wanted = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}
// Benchmarks that start `stratus serve` run the built CLI.
if (spawnSync(process.execPath, ['scripts/build-engine.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
let failed = 0;
for (const file of benches) {
  const out = `.tmp/bench/${file.replace(/\.ts$/, '.mjs')}`;
  await build({ entryPoints: [`bench/${file}`], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' });
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
