/** Which engine a window talks to: the one the desktop app runs, or one reached over the network. */
export type EngineTarget = { readonly kind: 'local' } | { readonly kind: 'remote'; readonly url: string };

/** The address a trader reads for a target, e.g. in the top bar. */
export function describeTarget(target: EngineTarget): string {
  if (target.kind === 'local') return 'This computer';
  try {
    return new URL(target.url).host;
  } catch {
    return target.url;
  }
}
