#!/usr/bin/env node
// The `stratus` command: runs the bundled engine CLI built by `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/stratus.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error('stratus: the engine is not built yet; run `npm run build` first');
  process.exit(1);
}
await import(bundle.href);
