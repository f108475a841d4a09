import { useMemo, useState, type ReactNode } from 'react';
import { useMarket } from '../../app/stores-context';
import type { StrategyInfo } from '../../engine-client/api-types';
import { SizingModeSelect } from '../../components/sizing-mode-select';
import { defaultValues } from '../signals/signal-state';
import { SIZING_CHOICES, checkForm, seriesId, type BacktestFormValues } from './backtest-form';
import { formatUtcDate } from './backtest-format';
import { useBacktestLab, useBacktestLabStore } from './backtest-store';
import { RunBar } from './job-progress';
import type { LabActions } from './lab-actions';
import { ParamFields } from './param-fields';
import { RunList } from './run-list';
import { StrategyOptions } from '../../components/strategy-options';

type SetupViewProps = { readonly strategies: readonly StrategyInfo[]; readonly actions: LabActions };

/** Everything a run needs, in the order a trader decides it: strategy, data, costs, sizing, execution. */
export function SetupView({ strategies, actions }: SetupViewProps) {
  const store = useBacktestLabStore();
  const form = useBacktestLab((state) => state.form);
  const job = useBacktestLab((state) => state.jobs.backtest);
  const series = useMarket((state) => state.series);
  const [problems, setProblems] = useState<string[]>([]);
  const update = (patch: Partial<BacktestFormValues>) => store.getState().updateForm(patch);

  const strategy = strategies.find((s) => s.name === form.strategy) ?? strategies[0];
  const summary = useMemo(() => series.find((s) => seriesId(s) === form.series), [series, form.series]);

  const run = () => {
    const check = checkForm(form, strategy?.parameters, series);
    if (!check.ok) {
      setProblems(check.problems);
      return;
    }
    setProblems([]);
    void actions.runBacktest(check.request);
  };

  return (
    <form
      className="bt-setup"
      noValidate
      aria-label="Backtest setup"
      data-testid="backtest-setup"
      onSubmit={(event) => {
        event.preventDefault();
        run();
      }}
    >
      <div className="bt-setup-columns">
        <Fieldset legend="Strategy">
          <select
            className="input"
            aria-label="Strategy"
            data-testid="bt-strategy"
            value={strategy?.name ?? ''}
            onChange={(e) => {
              const next = strategies.find((s) => s.name === e.target.value);
              if (next) update({ strategy: next.name, params: defaultValues(next.parameters) });
            }}
          >
            <StrategyOptions strategies={strategies} />
          </select>
          {strategy && <p className="bt-hint">{strategy.description}</p>}
          {strategy && <ParamFields parameters={strategy.parameters} values={form.params} onChange={(params) => update({ params })} idPrefix="bt-param" />}
        </Fieldset>

        <Fieldset legend="Data">
          <Field label="Series">
            <select className="input" data-testid="bt-series" value={form.series} onChange={(e) => update({ series: e.target.value })}>
              {form.series === '' && <option value="">No stored series</option>}
              {series.map((s) => (
                <option key={seriesId(s)} value={seriesId(s)}>
                  {s.symbol} · {s.timeframe} · {s.venue} ({s.count.toLocaleString('en-US')} bars)
                </option>
              ))}
            </select>
          </Field>
          <div className="bt-dates">
            <Field label="From (UTC)">
              <input className="input" type="date" data-testid="bt-from" value={form.from} min={summary ? formatUtcDate(summary.firstOpenTime) : undefined} max={summary ? formatUtcDate(summary.lastOpenTime) : undefined} onChange={(e) => update({ from: e.target.value })} />
            </Field>
            <Field label="To (UTC)">
              <input className="input" type="date" data-testid="bt-to" value={form.to} min={summary ? formatUtcDate(summary.firstOpenTime) : undefined} max={summary ? formatUtcDate(summary.lastOpenTime) : undefined} onChange={(e) => update({ to: e.target.value })} />
            </Field>
          </div>
          {summary && (
            <p className="bt-hint">
              Stored {formatUtcDate(summary.firstOpenTime)} to {formatUtcDate(summary.lastOpenTime)}; empty dates take it all.
            </p>
          )}
          <Field label="Initial equity">
            <input className="input" inputMode="decimal" data-testid="bt-equity" value={form.initialEquity} onChange={(e) => update({ initialEquity: e.target.value })} />
          </Field>
        </Fieldset>

        <Fieldset legend="Costs">
          <div className="bt-pair">
            <Field label="Maker fee %">
              <input className="input" inputMode="decimal" data-testid="bt-maker" value={form.makerFeePct} onChange={(e) => update({ makerFeePct: e.target.value })} />
            </Field>
            <Field label="Taker fee %">
              <input className="input" inputMode="decimal" data-testid="bt-taker" value={form.takerFeePct} onChange={(e) => update({ takerFeePct: e.target.value })} />
            </Field>
          </div>
          <Field label="Slippage">
            <select className="input" data-testid="bt-slippage" value={form.slippage} onChange={(e) => update({ slippage: e.target.value as BacktestFormValues['slippage'] })}>
              <option value="none">None</option>
              <option value="fixed">Fixed basis points</option>
              <option value="volatility">Scaled by volatility and volume</option>
            </select>
          </Field>
          {form.slippage === 'fixed' && (
            <Field label="Slippage (bps)">
              <input className="input" inputMode="decimal" data-testid="bt-slippage-bps" value={form.slippageBps} onChange={(e) => update({ slippageBps: e.target.value })} />
            </Field>
          )}
          {form.slippage === 'volatility' && (
            <Field label="× bar range">
              <input className="input" inputMode="decimal" data-testid="bt-slippage-factor" value={form.slippageVolFactor} onChange={(e) => update({ slippageVolFactor: e.target.value })} />
            </Field>
          )}
        </Fieldset>

        <Fieldset legend="Sizing">
          <Field label="Mode">
            <SizingModeSelect modes={SIZING_CHOICES} value={form.sizing} testId="bt-sizing" onChange={(sizing) => update({ sizing })} />
          </Field>
          <SizingFields form={form} update={update} />
          <Field label="Max leverage">
            <input className="input" inputMode="decimal" data-testid="bt-leverage" value={form.maxLeverage} onChange={(e) => update({ maxLeverage: e.target.value })} />
          </Field>
        </Fieldset>

        <Fieldset legend="Execution">
          <Field label="Market orders fill">
            <select className="input" data-testid="bt-fill" value={form.fillTiming} onChange={(e) => update({ fillTiming: e.target.value as BacktestFormValues['fillTiming'] })}>
              <option value="next-open">At the next bar's open</option>
              <option value="close">At the signal bar's close</option>
            </select>
          </Field>
          <Field label="Approval">
            <select className="input" data-testid="bt-approval" value={form.approval} onChange={(e) => update({ approval: e.target.value as BacktestFormValues['approval'] })}>
              <option value="approve-all">Approve every proposal</option>
              <option value="delay">Approve after N bars</option>
            </select>
          </Field>
          {form.approval === 'delay' && (
            <Field label="Delay (bars)">
              <input className="input" inputMode="numeric" value={form.approvalDelayBars} onChange={(e) => update({ approvalDelayBars: e.target.value })} />
            </Field>
          )}
          <Field label="Regimes">
            <select className="input" data-testid="bt-regime" value={form.regime} onChange={(e) => update({ regime: e.target.value as BacktestFormValues['regime'] })}>
              <option value="none">None</option>
              <option value="fit-before">Fit on bars before the test</option>
              <option value="stored">Replay the states the engine stored</option>
            </select>
          </Field>
          {form.regime === 'fit-before' && (
            <Field label="Training bars">
              <input className="input" inputMode="numeric" value={form.regimeTrainBars} onChange={(e) => update({ regimeTrainBars: e.target.value })} data-testid="bt-regime-train" />
            </Field>
          )}
          <label className="bt-check">
            <input type="checkbox" checked={form.closeAtEnd} onChange={(e) => update({ closeAtEnd: e.target.checked })} data-testid="bt-close-at-end" />
            Close open positions at the end
          </label>
        </Fieldset>

        <RunList actions={actions} />
      </div>

      <RunBar method="backtest.run" action="Run backtest" busy="Running…" disabled={!strategy} job={job} jobLabel="Backtesting" onCancel={() => void actions.cancel('backtest')} testId="bt-run" problems={problems} />
    </form>
  );
}

function SizingFields({ form, update }: { readonly form: BacktestFormValues; readonly update: (patch: Partial<BacktestFormValues>) => void }) {
  const input = (label: string, key: 'quantity' | 'fractionPct' | 'riskPct' | 'atrMultiple' | 'kellyFraction') => (
    <Field label={label} key={key}>
      <input className="input" inputMode="decimal" data-testid={`bt-${key}`} value={form[key]} onChange={(e) => update({ [key]: e.target.value })} />
    </Field>
  );
  switch (form.sizing) {
    case 'fixed-quantity':
      return input('Quantity (base units)', 'quantity');
    case 'equity-fraction':
      return input('Fraction of equity %', 'fractionPct');
    case 'all-equity':
      return <p className="bt-hint">As many whole lots as the cash buys.</p>;
    case 'risk-per-trade':
      return input('Risk per trade % (needs a stop)', 'riskPct');
    case 'volatility-target':
      return (
        <div className="bt-pair">
          {input('Risk %', 'riskPct')}
          {input('ATR multiple', 'atrMultiple')}
        </div>
      );
    case 'kelly':
      return (
        <div className="bt-pair">
          {input('Kelly fraction', 'kellyFraction')}
          {input('Cap % of equity', 'fractionPct')}
        </div>
      );
  }
}

function Fieldset({ legend, children }: { readonly legend: string; readonly children: ReactNode }) {
  return (
    <fieldset className="bt-fieldset">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

export function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <label className="bt-field">
      <span>{label}</span>
      {children}
    </label>
  );
}
