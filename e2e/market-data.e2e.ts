import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { BybitEmulator } from '../engine/testing/bybit-emulator/bybit-emulator';
import { ARTIFACTS, TOKEN, startServeProcess } from './serve-process';

const DAY = 86_400_000;

test.describe('the trader picks a Bybit instrument, watches it live and downloads its history', () => {
  let emulator: BybitEmulator;
  let serve: Awaited<ReturnType<typeof startServeProcess>>;

  test.beforeEach(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    emulator = await BybitEmulator.start({ historyMinutes: 3 * 1440, tradesPerMinute: 600 });
    emulator.startClock({ speed: 1 });
    serve = await startServeProcess(0, { serveArgs: ['--venue-endpoint', `bybit=${emulator.restUrl}`] });
  });
  test.afterEach(async () => {
    await serve.stop();
    await emulator.stop();
  });

  test('searches, goes live, survives a dropped venue, and downloads with progress', async ({ page }) => {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');

    await page.getByTestId('symbol-picker').click();
    await page.getByTestId('load-instruments-bybit').click();
    await page.getByTestId('symbol-search').fill('btc');
    await expect(page.locator('[data-testid="symbol-option"][data-symbol="BTC/USDT:USDT"]')).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/20-market-symbol-search.png` });
    await page.locator('[data-testid="symbol-option"][data-symbol="BTC/USDT:USDT"]').click();

    // Picking a venue instrument streams it: the backfill fills the chart, then trades move the open bar.
    const chart = page.getByTestId('chart');
    await expect(page.getByLabel('Symbol')).toContainText('BTC/USDT:USDT');
    await expect(page.getByTestId('live-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(chart).toHaveAttribute('data-ready', 'true');
    await expect.poll(async () => Number(await chart.getAttribute('data-candle-count')), { timeout: 15_000 }).toBeGreaterThan(900);
    const feed = page.locator('[data-testid="feed-status"][data-venue="bybit"]');
    await expect(feed).toHaveAttribute('data-state', 'connected');
    const firstClose = await chart.getAttribute('data-last-close');
    await expect.poll(() => chart.getAttribute('data-last-close'), { timeout: 10_000 }).not.toBe(firstClose);
    await page.screenshot({ path: `${ARTIFACTS}/21-market-live-chart.png` });

    // The venue drops every connection and refuses new ones: the feed says so, then recovers by itself.
    emulator.streams.setRefusing(true);
    emulator.streams.dropConnections();
    await expect(feed).toHaveAttribute('data-state', 'reconnecting');
    await page.screenshot({ path: `${ARTIFACTS}/22-market-feed-reconnecting.png` });
    emulator.streams.setRefusing(false);
    await expect(feed).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    const afterReconnect = await chart.getAttribute('data-last-close');
    await expect.poll(() => chart.getAttribute('data-last-close'), { timeout: 10_000 }).not.toBe(afterReconnect);

    await page.getByTestId('open-download').click();
    const dialog = page.getByTestId('download-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('gap-report')).toHaveAttribute('data-gaps', '0');
    await page.getByTestId('download-since').fill(new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10));
    await page.getByTestId('download-start').click();
    await expect(dialog.getByTestId('download-progress')).toBeVisible();
    await expect(dialog.getByTestId('download-progress')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await page.screenshot({ path: `${ARTIFACTS}/23-market-download-done.png` });
    await page.getByTestId('download-close').click();
    await expect.poll(async () => Number(await chart.getAttribute('data-candle-count')), { timeout: 10_000 }).toBeGreaterThan(2 * 1440);
    await page.getByTestId('tab-data').click();
    await expect(page.getByTestId('downloads')).toContainText('Done');
    await page.screenshot({ path: `${ARTIFACTS}/24-market-chart-after-download.png` });
  });
});
