import { useState } from 'react';
import { useCan } from '../../app/access';
import type { BacktestResult, LookaheadReport, MonteCarloReport } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { isTimeframe } from '../../stores/timeframes';
import { formatPercent, formatSignedPercent, formatUtcTime } from './backtest-format';
import { describeFailure } from './lab-actions';

type ValidationProps = { readonly client: Pick<EngineClient, 'call'>; readonly result: BacktestResult };

/**
 * The checks a trader runs before trusting a result: Monte Carlo over the run's trades (drawdown
 * distribution, probability of ruin) and the lookahead check of the strategy on the same data.
 */
export function ValidationSection({ client, result }: ValidationProps) {
  const [monteCarlo, setMonteCarlo] = useState<MonteCarloReport | null>(null);
  const [lookahead, setLookahead] = useState<LookaheadReport | null>(null);
  const [busy, setBusy] = useState<'mc' | 'la' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const monteCarloCan = useCan('backtest.monteCarlo');
  const lookaheadCan = useCan('backtest.lookahead');

  const run = <T,>(kind: 'mc' | 'la', call: () => Promise<T>, done: (value: T) => void) => {
    setBusy(kind);
    setError(null);
    call()
      .then(done, (failure: unknown) => setError(describeFailure(failure)))
      .finally(() => setBusy(null));
  };

  return (
    <div className="bt-validation" data-testid="bt-validation">
      <div className="bt-validation-buttons">
        <button
          type="button"
          className="button bt-small"
          disabled={busy !== null || result.trades.length === 0 || !monteCarloCan.allowed}
          title={monteCarloCan.hint}
          data-testid="bt-monte-carlo"
          onClick={() => run('mc', () => client.call('backtest.monteCarlo', { id: result.id, runs: 1_000, seed: 1, ruinThreshold: 0.5 }), setMonteCarlo)}
        >
          {busy === 'mc' ? 'Reshuffling…' : 'Monte Carlo'}
        </button>
        <button
          type="button"
          className="button bt-small"
          disabled={busy !== null || !isTimeframe(result.timeframe) || !lookaheadCan.allowed}
          title={lookaheadCan.hint}
          data-testid="bt-lookahead"
          onClick={() => {
            const timeframe = result.timeframe;
            if (!isTimeframe(timeframe)) return;
            run('la', () => client.call('backtest.lookahead', { venue: result.venue, symbol: result.symbol, timeframe, strategy: result.strategy, params: { ...result.params }, from: result.from, to: result.to }), setLookahead);
          }}
        >
          {busy === 'la' ? 'Checking…' : 'Lookahead check'}
        </button>
      </div>
      {error && (
        <p role="alert" className="bt-alert">
          {error}
        </p>
      )}
      {monteCarlo && <MonteCarloView report={monteCarlo} />}
      {lookahead && (
        <div className="bt-lookahead" data-testid="bt-lookahead-report" data-passed={lookahead.passed}>
          <strong className={lookahead.passed ? 'bt-up' : 'bt-down'}>{lookahead.passed ? 'No lookahead found' : `${lookahead.findings.length} lookahead finding${lookahead.findings.length === 1 ? '' : 's'}`}</strong>
          <span className="bt-faint">
            {' '}
            {lookahead.cuts} cuts over {lookahead.bars.toLocaleString('en-US')} bars, {lookahead.signals} signals
          </span>
          {lookahead.findings.length > 0 && (
            <ul className="bt-findings">
              {lookahead.findings.slice(0, 20).map((f) => (
                <li key={`${f.time}-${f.kind}-${f.detail}`}>
                  <span className="mono">{formatUtcTime(f.time)}</span> {f.kind}: {f.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function MonteCarloView({ report }: { readonly report: MonteCarloReport }) {
  const max = Math.max(1, ...report.histogram.map((b) => b.count));
  return (
    <div className="bt-monte-carlo" data-testid="bt-monte-carlo-report">
      <div className="bt-mc-figures mono">
        <span title={`Share of ${report.runs.toLocaleString('en-US')} reshuffles that fell to ${formatPercent(report.ruinThreshold, 0)} of the start`}>
          ruin <strong className={report.probabilityOfRuin > 0.01 ? 'bt-down' : 'bt-up'}>{formatPercent(report.probabilityOfRuin)}</strong>
        </span>
        <span title="Max drawdown: median, 95th percentile and worst of the reshuffles">
          DD p50 {formatPercent(report.maxDrawdown.p50)} · p95 {formatPercent(report.maxDrawdown.p95)} · worst {formatPercent(report.maxDrawdown.worst)}
        </span>
        <span title="Final return: 5th, 50th and 95th percentiles">
          return {formatSignedPercent(report.finalReturn.p5, 1)} / {formatSignedPercent(report.finalReturn.p50, 1)} / {formatSignedPercent(report.finalReturn.p95, 1)}
        </span>
      </div>
      <div className="bt-histogram" role="img" aria-label="Distribution of max drawdown over the reshuffles">
        {report.histogram.map((bin) => (
          <i key={bin.from} style={{ height: `${(bin.count / max) * 100}%` }} title={`${formatPercent(bin.from)}–${formatPercent(bin.to)}: ${bin.count}`} />
        ))}
      </div>
    </div>
  );
}
