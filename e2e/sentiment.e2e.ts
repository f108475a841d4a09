import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { FixtureServer } from '../engine/testing/fixture-servers/fixture-server';
import { rss2, type Headline } from '../engine/testing/fixture-servers/sentiment-fixtures';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, TOKEN, expect } from './serve-fixture';
import { startServeProcess, type ServeFixture } from './serve-process';

type NewsFixture = { readonly serve: ServeFixture; publish(headlines: Headline[]): Promise<void> };

/** `stratus serve` pointed (with --sentiment-config) at a local RSS server this test controls. */
const test = base.extend<{ news: NewsFixture }>({
  // eslint-disable-next-line no-empty-pattern
  news: async ({}, use) => {
    let headlines: Headline[] = [];
    const rss = new FixtureServer({ '/rss': () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss2(headlines) }) });
    await rss.start();
    const dir = mkdtempSync(join(tmpdir(), 'stratus-e2e-sentiment-'));
    const config = join(dir, 'sentiment.json');
    writeFileSync(config, JSON.stringify({ feeds: [{ id: 'local-news', name: 'Local news', url: `${rss.url}/rss` }], feedIntervalSeconds: 3600 }));
    const serve = await startServeProcess(200, { serveArgs: ['--sentiment-config', config] });
    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      await use({
        serve,
        publish: async (next) => {
          headlines = next;
          await client.call('sentiment.poll', {});
        },
      });
    } finally {
      await client.close();
      await serve.stop();
      await rss.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

test('a headline served by a local RSS feed appears scored in the news feed', async ({ page, news }) => {
  await page.goto(`${news.serve.url}#token=${TOKEN}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('tab-sentiment').click();
  const panel = page.getByTestId('sentiment-panel');
  await expect(panel).toBeVisible();

  await news.publish([
    { id: 'e2e-1', title: 'Bitcoin surges to record high as ETF inflows jump', link: 'https://news.example/btc-record', date: new Date() },
    { id: 'e2e-2', title: 'Ethereum bridge hacked, $40M drained', link: 'https://news.example/eth-hack', date: new Date() },
  ]);
  const items = panel.getByTestId('sentiment-item');
  await expect(items).toHaveCount(2);
  const btc = items.filter({ hasText: 'Bitcoin surges to record high' });
  await expect(btc.getByTestId('sentiment-label')).toHaveText(/^(Bullish|Bearish|Neutral) \d+%$/);
  await expect(btc).toContainText('BTC');
  await expect(btc).toContainText('etf');
  await expect(btc.getByRole('link')).toHaveAttribute('href', 'https://news.example/btc-record');
  const hack = items.filter({ hasText: 'Ethereum bridge hacked' });
  await expect(hack).toContainText('ETH');
  await expect(hack).toContainText('hack');
  await expect(page.getByTestId('sentiment-model')).toHaveAttribute('data-provider', 'cpu');
  await expect(page.getByTestId('sentiment-model')).toContainText('CPU');
  await expect(page.getByTestId('sentiment-gauges')).toContainText('BTC');
  await expect(page.getByTestId('sentiment-series')).not.toHaveAttribute('data-points', '0');
  await page.screenshot({ path: `${ARTIFACTS}/30-sentiment-feed.png` });

  // A later headline arrives live, at the top.
  await news.publish([{ id: 'e2e-3', title: 'Solana upgrade delayed after testnet outage', link: 'https://news.example/sol', date: new Date() }]);
  await expect(items).toHaveCount(3);
  await expect(items.first()).toContainText('Solana upgrade delayed');
  await expect(items.first()).toContainText('delay');
  await page.screenshot({ path: `${ARTIFACTS}/31-sentiment-live-headline.png` });

  // The feed settings list the default feeds (off) and the configured local one (on).
  const settings = page.getByTestId('feed-settings');
  await settings.locator('summary').click();
  await expect(settings.getByLabel('Local news')).toBeChecked();
  await expect(settings.getByLabel('CoinDesk')).not.toBeChecked();
  await page.getByLabel('Feed URL').fill('not a url');
  await page.screenshot({ path: `${ARTIFACTS}/32-sentiment-feed-settings.png` });
});
