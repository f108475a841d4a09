/**
 * Page load to 100,000 candles drawn, in Debian's Chromium against the real `stratus serve`:
 * from navigation (with the token in the URL, as serve prints it) until the chart reports that it has
 * drawn every bar. Fresh browser context per run, so nothing is cached.
 * Baseline: the same `data.candles` call made by a Node WebSocket client (transfer + JSON, no drawing).
 */
import { chromium } from 'playwright-core';
import { startServeProcess, TOKEN, SERIES } from '../e2e/serve-process';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { fmt, median, report } from './stats';

const RUNS = 5;
const CANDLES = 100_000;

const serve = await startServeProcess(CANDLES);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pageLoads: number[] = [];
const apiOnly: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const began = performance.now();
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await page.waitForFunction(
      (count) => {
        const chart = document.querySelector('[data-testid="chart"]');
        return chart?.getAttribute('data-ready') === 'true' && chart.getAttribute('data-candle-count') === String(count);
      },
      CANDLES,
      { polling: 'raf', timeout: 30_000 },
    );
    pageLoads.push(performance.now() - began);
    await context.close();

    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    const callStart = performance.now();
    const columns = await client.call('data.candles', { ...SERIES });
    apiOnly.push(performance.now() - callStart);
    if (columns.openTime.length !== CANDLES) throw new Error(`expected ${CANDLES} candles, got ${columns.openTime.length}`);
    await client.close();
  }
} finally {
  await browser.close();
  await serve.stop();
}

report(`Chart load in Chromium: page load → ${fmt(CANDLES)} candles drawn, ${RUNS} runs, median`, [
  ['page load to chart drawn', `${fmt(median(pageLoads))} ms  goal ≤ 1,000 ms`],
  ['baseline: data.candles from a Node client', `${fmt(median(apiOnly))} ms`],
  ['all page loads', pageLoads.map((ms) => fmt(ms)).join(', ') + ' ms'],
]);
