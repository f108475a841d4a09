import { ARTIFACTS, SERIES, TOKEN, expect, test } from './serve-fixture';

test.describe('the trader connects to stratus serve and watches the chart', () => {
  test('connects with the token and sees the stored candles, then a new candle arrives live', async ({ page, serve }) => {
    await page.goto(serve.url);
    await expect(page.getByRole('heading', { name: 'Connect to an engine' })).toBeVisible();
    await expect(page.getByTestId('engine-url')).toHaveValue(`${serve.url.replace('http', 'ws')}api`);
    await page.getByTestId('engine-token').fill(TOKEN);
    await page.screenshot({ path: `${ARTIFACTS}/01-connection-screen.png` });
    await page.getByTestId('connect').click();

    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    const chart = page.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-ready', 'true');
    await expect(chart).toHaveAttribute('data-candle-count', String(serve.stored.length));
    const last = serve.stored.at(-1);
    if (!last) throw new Error('no stored candles');
    await expect(chart).toHaveAttribute('data-last-close', String(last.close));
    await expect(page.getByLabel('Symbol')).toContainText(SERIES.symbol);
    await page.screenshot({ path: `${ARTIFACTS}/02-chart-stored-candles.png` });

    // A new bar appended through the API appears without a reload …
    const next = { openTime: last.openTime + 60_000, open: last.close, high: last.close + 250, low: last.close - 10, close: last.close + 200, volume: 42 };
    await serve.append([next]);
    await expect(chart).toHaveAttribute('data-candle-count', String(serve.stored.length + 1));
    await expect(chart).toHaveAttribute('data-last-close', String(next.close));
    // … and the still-open bar changing updates it in place.
    await serve.append([{ ...next, high: next.high + 100, close: next.close + 90, volume: 60 }]);
    await expect(chart).toHaveAttribute('data-candle-count', String(serve.stored.length + 1));
    await expect(chart).toHaveAttribute('data-last-close', String(next.close + 90));
    // The legend follows the crosshair; with the pointer off the chart it shows the newest bar.
    await page.mouse.move(5, 5);
    await expect(page.getByTestId('chart-legend')).toContainText((next.close + 90).toFixed(2));
    await page.screenshot({ path: `${ARTIFACTS}/03-chart-live-candle.png` });
  });

  test('a wrong token is refused with a clear message', async ({ page, serve }) => {
    await page.goto(serve.url);
    await page.getByTestId('engine-token').fill('not-the-right-token-at-all');
    await page.getByTestId('connect').click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(/refused this token/i);
    await expect(page.getByTestId('chart')).toHaveCount(0);
    await page.screenshot({ path: `${ARTIFACTS}/04-wrong-token.png` });
  });

  test('the URL printed by stratus serve connects at once and is remembered', async ({ page, serve }) => {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('chart')).toHaveAttribute('data-ready', 'true');
    expect(new URL(page.url()).hash).toBe('');
    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('chart')).toHaveAttribute('data-candle-count', String(serve.stored.length));
  });
});
