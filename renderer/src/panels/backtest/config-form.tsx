import { useState, type ReactNode } from 'react';
import { useMarket } from '../../app/stores-context';
import type { StrategyInfo } from '../../engine-client/api-types';
import { useBacktestLab } from './backtest-store';
import type { ConfigCheck } from './search-form';

/** What the Optimise and Walk-forward forms share: the setup's strategy and data, the search, and the form's problems. */
export function useSearchForm(strategies: readonly StrategyInfo[]) {
  const form = useBacktestLab((state) => state.form);
  const search = useBacktestLab((state) => state.search);
  const series = useMarket((state) => state.series);
  const [problems, setProblems] = useState<string[]>([]);
  const strategy = strategies.find((s) => s.name === form.strategy);
  /** Starts the job when the config checks out; otherwise lists every problem. */
  const submit = <T,>(check: ConfigCheck<T>, start: (config: T) => Promise<void>): void => {
    setProblems(check.ok ? [] : check.problems);
    if (check.ok) void start(check.config);
  };
  return { form, search, series, strategy, problems, submit };
}

/** A lab form in the left column: the lab's own messages instead of the browser's, Enter anywhere submits. */
export function ConfigForm({ label, onSubmit, children }: { readonly label: string; readonly onSubmit: () => void; readonly children: ReactNode }) {
  return (
    <form
      className="bt-fieldset bt-optimize-config"
      noValidate
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
