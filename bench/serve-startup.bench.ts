/**
 * `stratus serve` start to first answered API call: spawn the real CLI on a fresh database
 * (migrations included) and on an existing one, wait for its API line, connect, call system.ping.
 * Baseline: `node -e 0`, the floor any Node process start pays.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { fmt, median, report } from './stats';

const RUNS = 7;
const TOKEN = 'bench-token-0123456789abcdef';

async function startToFirstCall(databasePath: string): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, ['bin/stratus.js', 'serve', '--db', databasePath, '--port', '0', '--token', TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const apiUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /API (ws:\/\/\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const client = await WsTestClient.connect(apiUrl, TOKEN);
    await client.call('system.ping', {});
    const elapsed = performance.now() - began;
    await client.close();
    return elapsed;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const dir = tempDir('stratus-bench-');
const fresh: number[] = [];
const existing: number[] = [];
const nodeStart: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const path = join(dir.path, `run-${run}.db`);
    fresh.push(await startToFirstCall(path));
    existing.push(await startToFirstCall(path));
    const began = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(performance.now() - began);
  }
} finally {
  dir.remove();
}

report(`stratus serve: spawn → first answered API call, ${RUNS} runs, median`, [
  ['fresh database (runs migrations)', `${fmt(median(fresh))} ms  goal ≤ 500 ms`],
  ['existing database', `${fmt(median(existing))} ms  goal ≤ 500 ms`],
  ['baseline: node -e 0', `${fmt(median(nodeStart))} ms`],
  ['existing / baseline', `${fmt(median(existing) / median(nodeStart), 1)}×`],
]);
