import { ARTIFACTS, TOKEN, expect, test } from './serve-fixture';

test.describe('indicator overlays on the chart', () => {
  test('the trader adds EMA and Bollinger on price, RSI and MACD below, edits one, sees it update live, and keeps them after a reload', async ({ page, serve }) => {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    const chart = page.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-ready', 'true');
    const chips = page.getByTestId('indicator-chip');
    await expect(chips).toHaveCount(0);

    const add = async (id: string): Promise<void> => {
      await page.getByTestId('indicators-button').click();
      const picker = page.getByTestId('indicator-picker');
      await expect(picker).toBeVisible();
      await picker.locator(`[data-indicator="${id}"]`).click();
      await expect(picker).toHaveCount(0);
      await expect(page.locator(`[data-testid="indicator-chip"][data-indicator="${id}"]`)).toHaveAttribute('data-status', 'ready');
    };

    await page.getByTestId('indicators-button').click();
    await expect(page.getByTestId('indicator-picker')).toContainText('Exponential moving average');
    await expect(page.getByTestId('indicator-picker')).toContainText('Relative strength index');
    await page.screenshot({ path: `${ARTIFACTS}/40-indicators-picker.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('indicator-picker')).toHaveCount(0);

    await add('ema');
    await add('bollinger');
    await add('rsi');
    await add('macd');
    await expect(chips).toHaveCount(4);
    const ema = page.locator('[data-testid="indicator-chip"][data-indicator="ema"]');
    const rsi = page.locator('[data-testid="indicator-chip"][data-indicator="rsi"]');
    // 500 stored candles: EMA(21) has 480 values, RSI(14) 486 (first at input period + 1).
    await expect(ema).toHaveAttribute('data-points', '480');
    await expect(rsi).toHaveAttribute('data-points', '486');
    await expect(ema).toContainText('EMA 21');
    await expect(page.locator('[data-testid="indicator-chip"][data-indicator="bollinger"]')).toContainText('Bollinger 20 2');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: `${ARTIFACTS}/41-indicators-overlays.png` });

    // Edit EMA: an out-of-range period is explained and not applied; a valid one redraws it.
    await ema.getByRole('button', { name: 'EMA 21', exact: true }).click();
    const editor = page.getByTestId('indicator-editor');
    await expect(editor).toBeVisible();
    await editor.locator('input[data-param="period"]').fill('0');
    await editor.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('indicator-editor-error')).toHaveText('Period must be a whole number from 1 to 1000');
    await page.screenshot({ path: `${ARTIFACTS}/42-indicators-editor-error.png` });
    await editor.locator('input[data-param="period"]').fill('50');
    await editor.locator('input[data-param="period"]').press('Enter');
    await expect(editor).toHaveCount(0);
    await expect(ema).toContainText('EMA 50');
    await expect(ema).toHaveAttribute('data-points', '451');

    // A bar closing updates every overlay.
    const last = serve.stored.at(-1);
    if (!last) throw new Error('no stored candles');
    await serve.append([{ openTime: last.openTime + 60_000, open: last.close, high: last.close + 300, low: last.close - 20, close: last.close + 250, volume: 40 }]);
    await expect(chart).toHaveAttribute('data-candle-count', String(serve.stored.length + 1));
    await expect(ema).toHaveAttribute('data-points', '452');
    await expect(rsi).toHaveAttribute('data-points', '487');

    // Remembered per browser: a reload brings the same four back, with the edited period.
    await page.reload();
    await expect(chart).toHaveAttribute('data-ready', 'true');
    await expect(chips).toHaveCount(4);
    await expect(ema).toContainText('EMA 50');
    await expect(ema).toHaveAttribute('data-status', 'ready');

    // Removing RSI takes its pane away.
    await rsi.hover();
    await rsi.getByRole('button', { name: 'Remove RSI 14' }).click();
    await expect(chips).toHaveCount(3);
    await expect(page.locator('[data-testid="indicator-chip"][data-indicator="macd"]')).toHaveAttribute('data-status', 'ready');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: `${ARTIFACTS}/43-indicators-after-edit-and-remove.png` });
  });
});
