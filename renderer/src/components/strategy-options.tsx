import type { StrategyInfo } from '../engine-client/api-types';

/** The strategies as a <select>'s options, the trader's own marked as such. */
export function StrategyOptions({ strategies }: { readonly strategies: readonly StrategyInfo[] }) {
  return (
    <>
      {strategies.map((s) => (
        <option key={s.name} value={s.name}>
          {s.name}
          {s.origin === 'user' ? ' (yours)' : ''}
        </option>
      ))}
    </>
  );
}
