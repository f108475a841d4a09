// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveToggle } from '../components/live-toggle';
import { SymbolSearch } from '../components/symbol-search';
import type { AttachmentInfo, Role, SeriesKey } from '../engine-client/api-types';
import { AlertCentre } from '../panels/alerts/alert-centre';
import { makeAlert, makeTelegram } from '../panels/alerts/alert-fixtures';
import { AlertItem } from '../panels/alerts/alert-item';
import { labResult, labStrategies } from '../panels/backtest/backtest-fixtures';
import { BacktestLabContext, createBacktestLabStore } from '../panels/backtest/backtest-store';
import { JobProgress, RunBar } from '../panels/backtest/job-progress';
import { LabActions } from '../panels/backtest/lab-actions';
import { RunList } from '../panels/backtest/run-list';
import { ValidationSection } from '../panels/backtest/validation-section';
import { DownloadDialog } from '../panels/data/download-dialog';
import { GapReport } from '../panels/data/gap-report';
import { RegimePanel } from '../panels/regime/regime-panel';
import { FeedSettings } from '../panels/sentiment/feed-settings';
import { AttachForm } from '../panels/signals/attach-form';
import { RunningList } from '../panels/signals/signals-panel';
import { renderWithEngine } from '../panels/trading/panel-test-harness';
import { LabelForm } from '../panels/whales/label-form';
import { createMarketStore } from '../stores/market-store';
import { ADMIN_ONLY_HINT, canCall, VIEW_ONLY_HINT, WATCH_ONLY_HINT } from './access';
import { roleMayCall, whoAs, type ControlMethod } from './role-fixtures';
import { useEngineClient } from './stores-context';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
const never = { call: () => new Promise<never>(() => undefined) };
const noop = (): void => undefined;
const attachment: AttachmentInfo = {
  id: 'att-1', strategy: 'sma-cross', series, params: { fast: 5 }, warmUp: 31, lastBarTime: null, lastSignal: null, createdAt: 0, status: { state: 'running' },
};

/** Components that take the client as a prop get the window's own, so that the test answers their reads. */
function WithClient({ children }: { readonly children: (client: ReturnType<typeof useEngineClient>) => ReactNode }) {
  return <>{children(useEngineClient())}</>;
}

type Gate = {
  readonly method: ControlMethod;
  readonly render: () => ReactNode;
  /** The disabled control (a button, or the fieldset around a form). */
  readonly control: string;
  /** Where the hint shows, when not on the control itself. */
  readonly hintOn?: string;
  readonly answers?: Record<string, unknown>;
  readonly open?: string;
  readonly market?: boolean;
};

const GATES: readonly Gate[] = [
  { method: 'strategy.detach', render: () => <RunningList running={[attachment]} strategies={labStrategies} onDetach={noop} />, control: '[data-testid="detach-strategy"]' },
  {
    method: 'strategy.attach',
    render: () => <WithClient>{(client) => <AttachForm client={client} series={series} strategies={labStrategies} onAttached={noop} />}</WithClient>,
    control: '[data-testid="attach-strategy"]',
  },
  { method: 'regime.fit', render: () => <RegimePanel />, control: '[data-testid="regime-fit"]', answers: { 'regime.model': { model: null, fitting: null } }, market: true },
  ...(['backtest.run', 'backtest.optimize', 'backtest.walkforward'] as const).map((method) => ({
    method,
    render: () => (
      <form>
        <RunBar method={method} action="Go" busy="Going…" disabled={false} job={undefined} jobLabel="Going" onCancel={noop} testId="bt-go" problems={[]} />
      </form>
    ),
    control: '[data-testid="bt-go"]',
  })),
  {
    method: 'backtest.cancel',
    render: () => <JobProgress job={{ jobId: 'job-1', kind: 'backtest', done: 1, total: 4, state: 'running', startedAt: 0 }} label="Backtesting" onCancel={noop} testId="bt-job" />,
    control: '[data-testid="bt-job-cancel"]',
  },
  { method: 'backtest.delete', render: () => <StoredRuns />, control: '[data-testid="bt-run-delete"]' },
  { method: 'backtest.monteCarlo', render: () => <ValidationSection client={never} result={labResult} />, control: '[data-testid="bt-monte-carlo"]' },
  { method: 'backtest.lookahead', render: () => <ValidationSection client={never} result={labResult} />, control: '[data-testid="bt-lookahead"]' },
  { method: 'data.download', render: () => <DownloadDialog client={never} series={series} jobs={[]} onClose={noop} />, control: '[data-testid="download-start"]' },
  {
    method: 'data.fillGaps',
    render: () => <WithClient>{(client) => <GapReport client={client} series={series} />}</WithClient>,
    control: '[data-testid="fill-gaps"]',
    answers: { 'data.gaps': [{ from: 60_000, to: 120_000, missing: 2 }] },
  },
  {
    method: 'data.loadInstruments',
    render: () => (
      <SymbolSearch
        client={never}
        stored={[]}
        venues={[{ id: 'bybit', name: 'Bybit', capabilities: { nativeTimeframes: ['1m'], candlesPerRequest: 1_000, streams: { candles: true, trades: true, book: false, ticker: false }, kinds: ['spot'] } }]}
        value={null}
        onChange={noop}
      />
    ),
    open: '[data-testid="symbol-picker"]',
    control: '[data-testid="load-instruments-bybit"]',
  },
  { method: 'data.watch', render: () => <LiveToggle client={never} series={series} watched={false} />, control: '[data-testid="live-toggle"]' },
  { method: 'data.unwatch', render: () => <LiveToggle client={never} series={series} watched />, control: '[data-testid="live-toggle"]' },
  { method: 'alerts.markRead', render: () => <AlertItem alert={makeAlert({ read: false })} now={0} onMarkRead={noop} onOpenProposal={noop} />, control: '[data-testid="alert-mark-read"]' },
  {
    method: 'alerts.markRead',
    render: () => <AlertCentre />,
    answers: { 'alerts.list': [makeAlert({ id: 'a1', read: false })], 'alerts.telegram': makeTelegram({}) },
    open: '[data-testid="alert-bell"]',
    control: '[data-testid="alert-mark-all"]',
  },
  {
    method: 'sentiment.configure',
    render: () => <WithClient>{(client) => <FeedSettings client={client} />}</WithClient>,
    answers: { 'sentiment.config': { feeds: [{ id: 'coindesk', url: 'https://example.test/rss', enabled: true }] }, 'sentiment.defaultFeeds': [] },
    control: '[data-testid="feed-settings-fields"]',
    hintOn: '[data-testid="feed-settings-fields"] button[type="submit"]',
  },
  {
    method: 'onchain.addLabel',
    render: () => <WithClient>{(client) => <LabelForm client={client} />}</WithClient>,
    control: '[data-testid="label-fields"]',
    hintOn: '[data-testid="label-fields"] button[type="submit"]',
  },
];

function StoredRuns() {
  const lab = createBacktestLabStore();
  lab.getState().setRuns([labResult]);
  return (
    <BacktestLabContext.Provider value={lab}>
      <WithClient>{(client) => <RunList actions={new LabActions(client, lab)} />}</WithClient>
    </BacktestLabContext.Provider>
  );
}

const ROLES: readonly Role[] = ['viewer', 'trader', 'admin'];

describe('every control that changes the engine is usable exactly when the role may call its method', () => {
  let view: ReturnType<typeof renderWithEngine> | undefined;
  afterEach(() => {
    view?.unmount();
    view = undefined;
  });

  for (const gate of GATES) {
    for (const role of ROLES) {
      const allowed = roleMayCall(role, gate.method);
      it(`${gate.method} (${gate.control}) for a ${role}: ${allowed ? 'enabled' : 'disabled with the hint'}`, async () => {
        const market = createMarketStore(null);
        if (gate.market) market.getState().selectSeries(series);
        view = renderWithEngine(gate.render(), { market });
        await view.answer({ 'auth.whoami': whoAs(role), ...gate.answers });
        if (gate.open) view.click(gate.open);
        const control = view.host.querySelector(gate.control);
        if (!(control instanceof HTMLButtonElement || control instanceof HTMLFieldSetElement)) throw new Error(`no control ${gate.control}`);
        expect(control.disabled).toBe(!allowed);
        const hinted = view.host.querySelector(gate.hintOn ?? gate.control) as HTMLElement;
        const expected = allowed ? null : role === 'viewer' ? WATCH_ONLY_HINT : ADMIN_ONLY_HINT;
        if (expected) expect(hinted.title).toBe(expected);
        else expect([WATCH_ONLY_HINT, ADMIN_ONLY_HINT, VIEW_ONLY_HINT]).not.toContain(hinted.title);
      });
    }
  }
});

describe('canCall', () => {
  it('allows everything before the engine says who the connection is, and then exactly its allowed methods', () => {
    expect(canCall(null, 'trading.setMode')).toEqual({ allowed: true, hint: undefined });
    expect(canCall(whoAs('admin'), 'trading.setMode')).toEqual({ allowed: true, hint: undefined });
    expect(canCall(whoAs('trader'), 'trading.setMode')).toEqual({ allowed: false, hint: ADMIN_ONLY_HINT });
    expect(canCall(whoAs('trader'), 'regime.fit')).toEqual({ allowed: true, hint: undefined });
    // A viewer is told it only watches, or, for the decisions, that it cannot decide, cancel or halt.
    expect(canCall(whoAs('viewer'), 'regime.fit')).toEqual({ allowed: false, hint: WATCH_ONLY_HINT });
    expect(canCall(whoAs('viewer'), 'trading.setMode')).toEqual({ allowed: false, hint: WATCH_ONLY_HINT });
    for (const method of ['approvals.approve', 'approvals.snooze', 'orders.cancel', 'risk.kill'] as const) expect(canCall(whoAs('viewer'), method)).toEqual({ allowed: false, hint: VIEW_ONLY_HINT });
    // A method the engine did not list (an engine older than the window) is refused as the engine would.
    expect(canCall({ role: 'admin', allowed: [] }, 'regime.fit').allowed).toBe(false);
  });
});
