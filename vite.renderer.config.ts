import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble that the page's CSP (scripts from 'self'
 * only) would block. Only `vite` serve drops the meta tag; built pages always keep it.
 */
function devWithoutCsp(): Plugin {
  return {
    name: 'stratus-dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/** The browser build of the renderer: what `stratus serve` serves from dist/web. */
export default defineConfig({
  root,
  base: './',
  plugins: [react(), devWithoutCsp()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1_000,
  },
  server: { host: '127.0.0.1' },
});
