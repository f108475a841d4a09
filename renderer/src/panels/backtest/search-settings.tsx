import { useEffect } from 'react';
import type { Objective, ParameterSpec, StrategyInfo } from '../../engine-client/api-types';
import { useBacktestLab, useBacktestLabStore } from './backtest-store';
import { OBJECTIVE_LABELS, defaultRanges, rangeCount, type RangeValues, type SearchFormValues } from './search-form';
import { Field } from './setup-view';

/** The optimiser's ranges (one row per numeric parameter) and its search settings, shared by Optimise and Walk-forward. */
export function SearchSettings({ strategy }: { readonly strategy: StrategyInfo | undefined }) {
  const store = useBacktestLabStore();
  const search = useBacktestLab((state) => state.search);
  const update = (patch: Partial<SearchFormValues>) => store.getState().updateSearch(patch);
  const numeric = strategy?.parameters.filter(isNumeric) ?? [];

  // New strategy, new ranges: start from its defaults.
  useEffect(() => {
    if (!strategy) return;
    const known = Object.keys(store.getState().search.ranges);
    const names = strategy.parameters.filter((p) => p.kind === 'number' || p.kind === 'integer').map((p) => p.name);
    if (known.length !== names.length || names.some((n) => !known.includes(n))) store.getState().updateSearch({ ranges: defaultRanges(strategy.parameters) });
  }, [strategy, store]);

  const setRange = (name: string, patch: Partial<RangeValues>) => {
    const current = search.ranges[name] ?? { vary: false, min: '', max: '', step: '' };
    update({ ranges: { ...search.ranges, [name]: { ...current, ...patch } } });
  };
  const combos = numeric.reduce((product, p) => {
    const r = search.ranges[p.name];
    if (!r?.vary) return product;
    const n = rangeCount({ min: Number(r.min), max: Number(r.max), step: Number(r.step) });
    return Number.isFinite(n) && n > 0 ? product * n : product;
  }, 1);

  return (
    <div className="bt-search">
      <table className="bt-table bt-ranges" aria-label="Parameter ranges">
        <thead>
          <tr>
            <th>Vary</th>
            <th>Parameter</th>
            <th>Min</th>
            <th>Max</th>
            <th>Step</th>
          </tr>
        </thead>
        <tbody>
          {numeric.map((p) => {
            const r = search.ranges[p.name];
            return (
              <tr key={p.name}>
                <td>
                  <input type="checkbox" aria-label={`Vary ${p.name}`} checked={r?.vary ?? false} onChange={(e) => setRange(p.name, { vary: e.target.checked })} data-testid={`bt-vary-${p.name}`} />
                </td>
                <td title={`${p.description} (${p.min} to ${p.max})`}>{p.name}</td>
                {(['min', 'max', 'step'] as const).map((field) => (
                  <td key={field}>
                    <input
                      className="input bt-range-input"
                      inputMode="decimal"
                      aria-label={`${p.name} ${field}`}
                      disabled={!r?.vary}
                      value={r?.[field] ?? ''}
                      onChange={(e) => setRange(p.name, { [field]: e.target.value })}
                      data-testid={`bt-range-${p.name}-${field}`}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {numeric.length === 0 && <p className="bt-hint">This strategy has no numeric parameter to optimise.</p>}
      <div className="bt-search-grid">
        <Field label="Method">
          <select className="input" value={search.method} onChange={(e) => update({ method: e.target.value === 'genetic' ? 'genetic' : 'grid' })} data-testid="bt-method">
            <option value="grid">Grid ({combos.toLocaleString('en-US')} sets)</option>
            <option value="genetic">Genetic</option>
          </select>
        </Field>
        <Field label="Objective">
          <select className="input" value={search.objective} onChange={(e) => update({ objective: e.target.value as Objective })} data-testid="bt-objective">
            {Object.entries(OBJECTIVE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seed">
          <input className="input" inputMode="numeric" value={search.seed} onChange={(e) => update({ seed: e.target.value })} data-testid="bt-seed" />
        </Field>
        {search.method === 'genetic' && (
          <>
            <Field label="Population">
              <input className="input" inputMode="numeric" value={search.population} onChange={(e) => update({ population: e.target.value })} />
            </Field>
            <Field label="Generations">
              <input className="input" inputMode="numeric" value={search.generations} onChange={(e) => update({ generations: e.target.value })} />
            </Field>
          </>
        )}
        <Field label="Patience">
          <input className="input" inputMode="numeric" value={search.patience} onChange={(e) => update({ patience: e.target.value })} title="Stop when the best has not improved for this many generations" />
        </Field>
        <Field label="Monte Carlo runs">
          <input className="input" inputMode="numeric" value={search.monteCarloRuns} onChange={(e) => update({ monteCarloRuns: e.target.value })} data-testid="bt-mc-runs" title="Reshuffles per candidate for the robustness score" />
        </Field>
      </div>
    </div>
  );
}

type NumericSpec = Extract<ParameterSpec, { kind: 'number' | 'integer' }>;

function isNumeric(spec: ParameterSpec): spec is NumericSpec {
  return spec.kind === 'number' || spec.kind === 'integer';
}
