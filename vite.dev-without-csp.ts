import type { Plugin } from 'vite';

/**
 * The dev servers (`vite` and `electron-vite dev`) inject an inline React Refresh preamble that the
 * page's CSP (scripts from 'self' only) would block. Only a dev server drops the tag; built pages keep it.
 */
export function devWithoutCsp(): Plugin {
  return {
    name: 'stratus-dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}
