import type { SizingMode } from '../engine-client/api-types';

type SizingModeName = SizingMode['mode'];

/**
 * The position-sizing mode picker of the live sizing settings and the backtest lab: the modes in the
 * caller's order, in the caller's words (the lab names what a backtest does with them, e.g. whole lots).
 */
export function SizingModeSelect<M extends SizingModeName>({
  modes,
  value,
  testId,
  onChange,
}: {
  readonly modes: readonly { readonly mode: M; readonly label: string }[];
  readonly value: M;
  readonly testId: string;
  readonly onChange: (mode: M) => void;
}) {
  return (
    <select
      className="input"
      data-testid={testId}
      value={value}
      onChange={(e) => {
        const picked = modes.find((m) => m.mode === e.target.value);
        if (picked) onChange(picked.mode);
      }}
    >
      {modes.map((m) => (
        <option key={m.mode} value={m.mode}>
          {m.label}
        </option>
      ))}
    </select>
  );
}
