// For traders with an NVIDIA card: downloads onnxruntime-node's CUDA execution provider libraries, which npm
// does not ship (the project's .npmrc skips them so that `npm ci` works offline and on machines without a GPU).
//
//   npm run sentiment:install-cuda
//
// Needs an internet connection, an NVIDIA driver, and the CUDA 12 runtime and cuDNN 9 libraries on the
// library path (Linux: the nvidia-cuda-runtime / libcudnn9 packages, or the CUDA toolkit). Restart the engine
// afterwards: the sentiment status then shows "GPU (CUDA)"; if the CUDA provider still fails to load, the
// engine says why and keeps running on the CPU.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('onnxruntime-node/package.json'));
const installer = join(packageDir, 'script', 'install.js');
if (!existsSync(installer)) {
  console.error(`onnxruntime-node's installer is missing (${installer}); run npm install first`);
  process.exit(1);
}
if (process.platform !== 'linux' && process.platform !== 'win32') {
  console.error(`onnxruntime-node has CUDA builds for Linux and Windows only, not ${process.platform}`);
  process.exit(1);
}
// The environment variable wins over the project's `onnxruntime-node-install=skip`.
const result = spawnSync(process.execPath, [installer], {
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
});
if (result.status !== 0) {
  console.error('the CUDA libraries could not be installed; the engine will keep using the CPU');
  process.exit(result.status ?? 1);
}
const bin = join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
const cuda = existsSync(bin) ? readdirSync(bin).filter((f) => /cuda/i.test(f)) : [];
console.log(cuda.length ? `installed: ${cuda.join(', ')}` : `no CUDA library found in ${bin}`);
