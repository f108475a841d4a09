import { useEffect, useState } from 'react';
import type { SeriesKey, StrategyInfo } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { defaultValues, parseParams } from './signal-state';
import { useCan } from '../../app/access';
import { StrategyOptions } from '../../components/strategy-options';
import { errorText } from '../../format/format';

type AttachFormProps = {
  readonly client: EngineClient;
  readonly series: SeriesKey;
  readonly strategies: readonly StrategyInfo[];
  readonly onAttached: () => void;
};

/** Picks a strategy, fills its parameters (from its ParameterSpec) and attaches it to the series on the chart. */
export function AttachForm({ client, series, strategies, onAttached }: AttachFormProps) {
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const attachCan = useCan('strategy.attach');
  const chosen = strategies.find((s) => s.name === name) ?? strategies[0];

  useEffect(() => {
    if (chosen) setValues(defaultValues(chosen.parameters));
    setProblems([]);
  }, [chosen]);

  if (!chosen) return null;
  const attach = () => {
    const { params, problems: found } = parseParams(chosen.parameters, values);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    client
      .call('strategy.attach', { strategy: chosen.name, series, params })
      .then(
        () => {
          setOpen(false);
          onAttached();
        },
        (failure: unknown) => setProblems([errorText(failure)]),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="attach-form"
      aria-label="Attach a strategy"
      onSubmit={(event) => {
        event.preventDefault();
        attach();
      }}
    >
      <div className="attach-row">
        <select className="input attach-select" aria-label="Strategy" data-testid="strategy-picker" value={chosen.name} onChange={(e) => setName(e.target.value)}>
          <StrategyOptions strategies={strategies} />
        </select>
        <button type="button" className="button button-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide parameters' : 'Parameters'}
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !attachCan.allowed} title={attachCan.hint} data-testid="attach-strategy">
          Attach
        </button>
      </div>
      <p className="attach-description">{chosen.description}</p>
      {open && (
        <div className="param-grid">
          {chosen.parameters.map((spec) => (
            <label key={spec.name} className="param-field" title={spec.description}>
              <span className="param-name">{spec.name}</span>
              {spec.kind === 'boolean' ? (
                <input
                  type="checkbox"
                  checked={values[spec.name] === 'true'}
                  onChange={(e) => setValues({ ...values, [spec.name]: String(e.target.checked) })}
                  data-testid={`param-${spec.name}`}
                />
              ) : spec.kind === 'choice' ? (
                <select className="input" value={values[spec.name] ?? ''} onChange={(e) => setValues({ ...values, [spec.name]: e.target.value })} data-testid={`param-${spec.name}`}>
                  {spec.choices.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              ) : (
                <input
                  className="input"
                  inputMode="decimal"
                  value={values[spec.name] ?? ''}
                  onChange={(e) => setValues({ ...values, [spec.name]: e.target.value })}
                  data-testid={`param-${spec.name}`}
                />
              )}
            </label>
          ))}
        </div>
      )}
      {problems.length > 0 && (
        <ul role="alert" className="attach-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
