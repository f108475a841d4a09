import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateRegimeCandles } from '../engine/testing/regime-candles';
import { ARTIFACTS, SERIES, TOKEN, startServeProcess } from './serve-process';

const MINUTE = 60_000;

test('the trader fits a regime model from the Regime panel, sees the band under the chart, and it follows live candles', async ({ page }) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A market with known regimes, in one-minute bars that all closed before now.
  const count = 3_000;
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - (count + 10) * MINUTE;
  const { candles } = generateRegimeCandles(count + 5, { seed: 4, start, stepMs: MINUTE, stay: 0.985 });
  const serve = await startServeProcess(0);
  try {
    await serve.append(candles.slice(0, 120));
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('chart')).toHaveAttribute('data-candle-count', '120');
    const panel = page.getByTestId('regime-panel');
    await expect(panel).toHaveAttribute('data-loaded', 'true');
    await expect(page.getByTestId('regime-empty')).toContainText(`No regime model for ${SERIES.symbol} ${SERIES.timeframe} yet`);

    // Too few candles: the panel says how many are needed.
    await panel.getByRole('button', { name: 'Fit model' }).click();
    await expect(panel.getByRole('alert')).toContainText(/120 stored, at least \d+ needed/);
    await page.screenshot({ path: `${ARTIFACTS}/50-regime-not-enough-candles.png` });

    await serve.append(candles.slice(120, count));
    await expect(page.getByTestId('chart')).toHaveAttribute('data-candle-count', String(count));
    await panel.getByRole('button', { name: 'Fit model' }).click();
    await expect(page.getByTestId('regime-now')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('regime-probabilities').locator('li')).toHaveCount(4);
    await expect(page.getByTestId('regime-heatmap').locator('tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('regime-drivers').locator('li')).toHaveCount(5);
    await expect(page.getByTestId('regime-model')).toContainText('v1 · 4 states');
    await expect(panel.getByRole('button', { name: 'Refit model' })).toBeVisible();
    const band = page.getByTestId('regime-band');
    await expect(band).toHaveAttribute('data-points', /^[1-9]\d+$/);
    const points = Number(await band.getAttribute('data-points'));
    await page.screenshot({ path: `${ARTIFACTS}/51-regime-fitted.png` });
    await panel.screenshot({ path: `${ARTIFACTS}/52-regime-panel-now.png` });
    await page.getByTestId('regime-heatmap').scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${ARTIFACTS}/53-regime-panel-transitions.png` });

    // Live: each closed candle adds a bar to the band and moves the panel on.
    for (const candle of candles.slice(count, count + 5)) await serve.append([candle]);
    await expect(band).toHaveAttribute('data-points', String(points + 5));
    const lastTime = new Date(candles[count + 4]!.openTime).toISOString().slice(0, 16).replace('T', ' ');
    await expect(page.getByTestId('regime-now')).toContainText(lastTime);
    await page.getByTestId('regime-drivers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/54-regime-live.png` });
    await page.getByText('State profiles').click();
    await page.getByTestId('regime-model').scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${ARTIFACTS}/55-regime-profiles-and-model.png` });
  } finally {
    await serve.stop();
  }
});
