import { generateCandles } from '../engine/testing/candles';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, SERIES, TOKEN, expect, test } from './serve-fixture';

test.describe('the trader runs a strategy on the chart series and sees its signals', () => {
  test('attach sma-cross, signals arrive live as markers and cards, survive a reload, detach', async ({ page, serve }) => {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    const chart = page.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-ready', 'true');
    const panel = page.getByTestId('signals-panel');
    await expect(panel).toBeVisible();
    await expect(page.getByTestId('signals-empty')).toBeVisible();

    // A parameter out of range is refused with the reason, and nothing is attached.
    await page.getByTestId('strategy-picker').selectOption('sma-cross');
    await panel.getByRole('button', { name: 'Parameters' }).click();
    await page.getByTestId('param-fast').fill('5');
    await page.getByTestId('param-slow').fill('900');
    await page.getByTestId('attach-strategy').click();
    await expect(panel.getByRole('alert')).toContainText('slow must be between 3 and 500');
    await page.screenshot({ path: `${ARTIFACTS}/60-signals-bad-parameter.png` });

    // The series has a regime model, so signals carry the regime and entries it holds back are dimmed.
    const api = await WsTestClient.connect(serve.apiUrl, TOKEN);
    await api.call('regime.fit', { ...SERIES, states: 4, seed: 1 });
    // The trader's override: no new sma-cross entries in stress.
    await api.call('regime.setModulation', { overrides: { 'sma-cross': { stress: { entriesAllowed: false } } } });
    await api.close();

    await page.getByTestId('param-slow').fill('15');
    await page.getByTestId('attach-strategy').click();
    const running = page.getByTestId('running-strategy');
    await expect(running).toHaveAttribute('data-strategy', 'sma-cross');
    await expect(running).toHaveAttribute('data-state', 'running');
    await expect(running).toContainText('fast 5 · slow 15');
    // Warm-up on the stored bars is silent: nothing is signalled for the past.
    await expect(page.getByTestId('signal-markers')).toHaveAttribute('data-count', '0');

    // New bars arrive through the engine's data path; the strategy follows them live.
    const last = serve.stored.at(-1)!;
    const next = generateCandles(240, { start: last.openTime + 60_000, price: last.close, seed: 77 });
    for (let i = 0; i < next.length; i += 40) await serve.append(next.slice(i, i + 40));
    // Each append returns once the engine has run the strategy over its bars: the stored signals are final
    // now, and the window must show exactly those (reading the markers mid-stream would race the events).
    const engine = await WsTestClient.connect(serve.apiUrl, TOKEN);
    const count = (await engine.call('strategy.signals', { series: SERIES, limit: 1_000 })).length;
    await engine.close();
    expect(count).toBeGreaterThan(4);
    const markers = page.getByTestId('signal-markers');
    await expect(markers).toHaveAttribute('data-count', String(count));
    const rows = page.getByTestId('signal-row');
    await expect(rows).toHaveCount(count);
    await expect(rows.first()).toContainText(/SMA 5 crossed (above|below) SMA 15/);
    await expect(page.locator('[data-testid="signal-row"][data-direction="long"]').first()).toContainText('stop');
    await expect(running).toContainText('last bar');
    // Every signal names its regime; sma-cross is held back in ranges.
    await expect(page.locator('[data-testid="signal-row"] .regime-chip')).toHaveCount(count);
    const heldBack = Number(await markers.getAttribute('data-suppressed'));
    expect(heldBack).toBeGreaterThan(0);
    const heldRows = page.locator('[data-testid="signal-row"][data-suppressed="true"]');
    await expect(heldRows).toHaveCount(heldBack);
    await expect(heldRows.first()).toContainText('entries are suppressed in the stress regime');
    await page.screenshot({ path: `${ARTIFACTS}/61-signals-live.png` });
    await chart.screenshot({ path: `${ARTIFACTS}/62-signals-chart-markers.png` });
    await heldRows.first().scrollIntoViewIfNeeded();
    await page.getByTestId('panel-signals').screenshot({ path: `${ARTIFACTS}/63-signals-panel-list.png` });

    // Stored signals come back after a reload: markers are loaded for the visible series.
    await page.reload();
    await expect(chart).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('signal-markers')).toHaveAttribute('data-count', String(count));
    await expect(page.getByTestId('signal-row')).toHaveCount(count);

    await page.getByRole('button', { name: 'Detach sma-cross' }).click();
    await expect(page.getByTestId('running-strategy')).toHaveCount(0);
    await expect(panel).toContainText('No strategy runs on this series.');
    await page.screenshot({ path: `${ARTIFACTS}/64-signals-detached.png` });
  });
});
