import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, SERIES, TOKEN, startServeProcess } from './serve-process';

/** Types text into a lab field the way a trader does: select what is there, type over it. */
async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
}

test.describe('the backtest lab', () => {
  test.setTimeout(180_000);

  test('runs a backtest, shows its results and trades on the chart, compares runs, optimises with a heatmap and walks forward', async ({ page }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const serve = await startServeProcess(2_000);
    const engine = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      await page.goto(`${serve.url}#token=${TOKEN}`);
      const chart = page.getByTestId('chart');
      await expect(chart).toHaveAttribute('data-ready', 'true');
      const lab = page.getByTestId('backtest-lab');
      await expect(lab).toHaveAttribute('data-size', 'collapsed');

      // A parameter out of range and an impossible date are refused before anything is sent.
      await page.getByTestId('bt-tab-setup').click();
      await expect(lab).toHaveAttribute('data-size', 'open');
      await expect(page.getByTestId('bt-series')).toHaveValue(`${SERIES.venue}|${SERIES.symbol}|${SERIES.timeframe}`);
      await page.getByTestId('bt-strategy').selectOption('sma-cross');
      await fill(page, 'bt-param-fast', '1');
      await fill(page, 'bt-from', '2030-01-01');
      await page.getByTestId('bt-run').click();
      const problems = page.getByTestId('bt-run-problems');
      await expect(problems).toContainText('fast must be between 2 and 200');
      await expect(problems).toContainText('From is after the last stored bar (2025-01-02)');
      await page.screenshot({ path: `${ARTIFACTS}/80-backtest-setup-errors.png` });

      // A run with costs, on the whole stored series.
      await fill(page, 'bt-from', '');
      await fill(page, 'bt-param-fast', '5');
      await fill(page, 'bt-param-slow', '20');
      await fill(page, 'bt-taker', '0.055');
      await page.getByTestId('bt-slippage').selectOption('fixed');
      await fill(page, 'bt-slippage-bps', '3');
      await page.getByTestId('bt-run').click();
      const results = page.getByTestId('bt-results');
      await expect(results).toBeVisible({ timeout: 60_000 });
      const runId = await results.getAttribute('data-run');
      expect(runId).toBeTruthy();

      // What the lab shows is what the engine stored.
      const stored = await engine.call('backtest.get', { id: runId! });
      expect(stored.trades.length).toBeGreaterThan(2);
      expect(stored.config).toMatchObject({ params: { fast: 5, slow: 20 }, fees: { takerBps: 5.5 }, slippage: { mode: 'fixed', bps: 3 } });
      await expect(page.getByTestId('bt-trade-row')).toHaveCount(stored.trades.length);
      const returnPct = `${(stored.metrics.totalReturn * 100).toFixed(2)}%`;
      await expect(page.getByTestId('bt-metric-totalReturn')).toContainText(returnPct);
      await expect(page.getByTestId('bt-metric-trades')).toContainText(String(stored.metrics.trades));
      await expect(page.getByTestId('bt-equity')).toHaveAttribute('data-curves', '1');
      await expect(page.getByTestId('bt-regimes')).toBeVisible();
      const markerCount = stored.trades.length + stored.trades.filter((t) => t.exitTime !== undefined).length;
      const markers = page.getByTestId('backtest-trade-markers');
      await expect(markers).toHaveAttribute('data-count', String(markerCount));
      await expect(markers).toHaveAttribute('data-run', runId!);
      await page.screenshot({ path: `${ARTIFACTS}/81-backtest-results.png` });

      // Sorted by PnL, the best trade first; a click frames it on the chart.
      await page.getByTestId('bt-sort-pnl').click();
      const best = stored.trades.reduce((b, t, i) => (t.pnl > (stored.trades[b]?.pnl ?? -Infinity) ? i : b), 0);
      const firstRow = page.getByTestId('bt-trade-row').first();
      await expect(firstRow).toHaveAttribute('data-index', String(best));
      await firstRow.click();
      await expect(markers).toHaveAttribute('data-focused', String(best));
      await expect(firstRow).toHaveAttribute('aria-selected', 'true');
      await chart.screenshot({ path: `${ARTIFACTS}/82-backtest-trade-on-chart.png` });
      // The keyboard does the same: the next row, Enter.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const second = await page.getByTestId('bt-trade-row').nth(1).getAttribute('data-index');
      await expect(markers).toHaveAttribute('data-focused', second!);

      // A second run with other parameters on the second day, with regimes fitted on the bars before it.
      await page.getByTestId('bt-tab-setup').click();
      await fill(page, 'bt-param-fast', '8');
      await fill(page, 'bt-param-slow', '40');
      await fill(page, 'bt-from', '2025-01-02');
      await page.getByTestId('bt-regime').selectOption('fit-before');
      await fill(page, 'bt-regime-train', '800');
      await page.getByTestId('bt-run').click();
      await expect(results).not.toHaveAttribute('data-run', runId!, { timeout: 60_000 });
      const secondId = (await results.getAttribute('data-run'))!;
      const secondRun = await engine.call('backtest.get', { id: secondId });
      expect(secondRun.from).toBe(Date.UTC(2025, 0, 2));
      const regimeRows = page.getByTestId('bt-regime-row');
      await expect(regimeRows).toHaveCount(secondRun.byRegime.length);
      expect(secondRun.byRegime.some((row) => row.regime !== 'none')).toBe(true);

      // Before trusting it: Monte Carlo over its trades, and the lookahead check of the strategy.
      await page.getByTestId('bt-monte-carlo').click();
      await expect(page.getByTestId('bt-monte-carlo-report')).toContainText('ruin');
      await page.getByTestId('bt-lookahead').click();
      await expect(page.getByTestId('bt-lookahead-report')).toHaveAttribute('data-passed', 'true', { timeout: 60_000 });
      await expect(page.getByTestId('bt-lookahead-report')).toContainText('No lookahead found');
      await page.screenshot({ path: `${ARTIFACTS}/87-backtest-regimes-validation.png` });
      // Back to the whole series without regimes for the searches below.
      await page.getByTestId('bt-tab-setup').click();
      await fill(page, 'bt-from', '');
      await page.getByTestId('bt-regime').selectOption('none');
      await page.getByTestId('bt-tab-compare').click();
      const picks = page.getByTestId('bt-compare-pick');
      await expect(picks).toHaveCount(2);
      await picks.nth(0).check();
      await picks.nth(1).check();
      await page.getByTestId('bt-compare-run').click();
      await expect(page.getByTestId('bt-compare-table')).toBeVisible();
      await expect(page.getByTestId('bt-compare-equity')).toHaveAttribute('data-curves', '2');
      await page.screenshot({ path: `${ARTIFACTS}/83-backtest-compare.png` });

      // A small grid: fast 4, 6, 8 × slow 15, 20, 25.
      await page.getByTestId('bt-tab-optimize').click();
      await page.getByTestId('bt-method').selectOption('grid');
      await page.getByTestId('bt-vary-fast').check();
      await page.getByTestId('bt-vary-slow').check();
      await fill(page, 'bt-range-fast-min', '4');
      await fill(page, 'bt-range-fast-max', '8');
      await fill(page, 'bt-range-fast-step', '2');
      await fill(page, 'bt-range-slow-min', '15');
      await fill(page, 'bt-range-slow-max', '25');
      await fill(page, 'bt-range-slow-step', '5');
      await fill(page, 'bt-mc-runs', '20');
      await page.getByTestId('bt-optimize-run').click();
      const optimization = page.getByTestId('bt-optimization');
      await expect(optimization).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
      await expect(optimization).toHaveAttribute('data-rows', '9');
      await expect(page.getByTestId('bt-opt-row')).toHaveCount(9);
      const heatmap = page.getByTestId('bt-heatmap');
      await expect(heatmap).toHaveAttribute('data-x', 'fast');
      await expect(heatmap).toHaveAttribute('data-y', 'slow');
      await expect(page.getByTestId('bt-heatmap-cell')).toHaveCount(9);
      await expect(page.getByTestId('bt-heatmap-legend')).toBeVisible();
      // The best set is named until a cell is hovered; the table sorts by any part of the fitness.
      const search = await engine.call('backtest.optimization', { id: (await page.getByTestId('bt-past-optimizations').inputValue()) });
      const top = search.rows[0]!;
      await expect(page.getByTestId('bt-heatmap-readout')).toContainText(`Best: fast ${String(top.params.fast)}, slow ${String(top.params.slow)}: Fitness ${top.fitness.toFixed(2)}`);
      await page.getByTestId('bt-opt-sort-survival').click();
      const survival = await page.getByTestId('bt-opt-row').evaluateAll((rows) => rows.map((row) => Number(row.children[5]?.textContent)));
      expect(survival).toEqual([...survival].sort((a, b) => b - a));
      await page.getByTestId('bt-heatmap-cell').nth(4).hover();
      await expect(page.getByTestId('bt-heatmap-readout')).toContainText(/fast 6, slow 20: Fitness \d/);
      await page.screenshot({ path: `${ARTIFACTS}/84-backtest-optimise-heatmap.png` });

      // Walk-forward over the same ranges: two windows, each optimised in-sample and traded out-of-sample.
      await page.getByTestId('bt-tab-walkforward').click();
      await fill(page, 'bt-wf-windows', '2');
      await page.getByTestId('bt-wf-run').click();
      const walk = page.getByTestId('bt-wf-result');
      await expect(walk).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
      await expect(page.getByTestId('bt-wf-window')).toHaveCount(2);
      await expect(page.getByTestId('bt-wf-timeline')).toBeVisible();
      await expect(page.getByTestId('bt-wf-equity')).toHaveAttribute('data-curves', '1');
      await page.getByTestId('bt-enlarge').click();
      await expect(lab).toHaveAttribute('data-size', 'tall');
      await page.screenshot({ path: `${ARTIFACTS}/85-backtest-walkforward.png` });

      // Collapsed, the lab is one bar and the chart has the room back.
      await page.getByTestId('bt-collapse').click();
      await expect(lab).toHaveAttribute('data-size', 'collapsed');
      await expect(page.getByTestId('bt-headline')).toBeVisible();
      await page.screenshot({ path: `${ARTIFACTS}/86-backtest-collapsed.png` });
    } finally {
      await engine.close();
      await serve.stop();
    }
  });
});
