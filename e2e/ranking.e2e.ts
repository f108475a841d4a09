import { mkdirSync } from 'node:fs';
import { test as base } from '@playwright/test';
import type { Candle } from '../engine/api/types';
import { rankingScenario } from '../engine/testing/ranking-scenario';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, TOKEN, expect } from './serve-fixture';
import { startServeProcess, type ServeFixture } from './serve-process';

const BARS = 1_200;

/** `stratus serve` holding the hourly ranking scenario (several series whose right ranking is known) and a trained ml-direction model. */
type MarketFixture = ServeFixture & { appendBtc(candles: readonly Candle[]): Promise<void> };

const test = base.extend<{ market: MarketFixture }>({
  // eslint-disable-next-line no-empty-pattern
  market: async ({}, use) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const serve = await startServeProcess(0);
    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      for (const [symbol, candles] of Object.entries(rankingScenario(BARS, Date.UTC(2025, 0, 1)))) {
        await client.call('data.appendCandles', { venue: 'binance', symbol, timeframe: '1h', candles });
      }
      await client.call('ml.train', { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', horizon: 12 });
      // A regime model for the uptrend: its current regime enters that row's trend score and rationale.
      await client.call('regime.fit', { venue: 'binance', symbol: 'UP/USDT', timeframe: '1h', states: 4, seed: 1 });
      await use({ ...serve, appendBtc: async (candles) => void (await client.call('data.appendCandles', { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', candles: [...candles] })) });
    } finally {
      await client.close();
      await serve.stop();
    }
  },
});

test('the ranking panel lists the series by confidence, flags anomalies, explains each and opens a row in the chart', async ({ page, market }) => {
  await page.goto(`${market.url}#token=${TOKEN}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('tab-ranking').click();
  const panel = page.getByTestId('ranking-panel');
  // The frame is what the trader sees: the panel's body scrolls inside it.
  const frame = page.getByTestId('panel-ranking');
  await expect(panel).toHaveAttribute('data-count', '7');
  const rows = panel.getByTestId('ranking-row');
  await expect(rows.first()).toHaveAttribute('data-symbol', 'UP/USDT');
  await expect(rows.first()).toContainText('▲');
  await expect(panel.locator('[data-symbol="SPIKE/USDT"] [data-testid="anomaly-badge"]')).toHaveAttribute('data-kind', 'volume-spike');
  await expect(panel.locator('[data-symbol="JUMP/USDT"] [data-testid="anomaly-badge"]')).toHaveAttribute('data-kind', 'price-jump');
  await expect(panel.locator('[data-symbol="DECOUPLE/USDT"] [data-testid="anomaly-badge"]')).toHaveAttribute('data-kind', 'correlation-breakdown');
  await expect(panel.locator('[data-symbol="ETH/USDT"]')).toHaveAttribute('data-anomalies', '');
  await expect(panel.getByTestId('ml-models')).toContainText(/BTC\/USDT 1h v1 · h=12 · acc \d+\.\d% vs \d+\.\d% · AUC 0\.\d{3}/);
  await frame.screenshot({ path: `${ARTIFACTS}/70-ranking-table.png` });
  await page.screenshot({ path: `${ARTIFACTS}/70-ranking-workstation.png` });

  // The rationale opens under the row.
  await panel.getByRole('button', { name: 'Why UP/USDT' }).click();
  await expect(panel.getByTestId('ranking-rationale')).toContainText(/^strong uptrend \(ADX \d+/);
  await expect(panel.getByTestId('ranking-rationale')).toContainText(/regime (trend-up|trend-down|range|stress) \(\d+%\)/);
  await frame.screenshot({ path: `${ARTIFACTS}/70-ranking-uptrend-rationale.png` });
  await panel.getByRole('button', { name: 'Why DECOUPLE/USDT' }).click();
  await expect(panel.getByTestId('ranking-rationale')).toContainText(/Anomalies: correlation to BTC\/USDT -?0\.\d\d, long-run 0\.\d\d/);
  await frame.screenshot({ path: `${ARTIFACTS}/70-ranking-anomaly-rationale.png` });

  // The trained model runs as a strategy: attached from the Strategies & signals panel to BTC/USDT (shown in
  // the chart), it signals on the bars that close next, with its probability and the features behind it.
  await page.getByTestId('tab-signals').click();
  const signals = page.getByTestId('signals-panel');
  await signals.getByTestId('strategy-picker').selectOption('ml-direction');
  await signals.getByRole('button', { name: 'Parameters' }).click();
  await signals.getByTestId('param-threshold').fill('0.51');
  await signals.getByTestId('attach-strategy').click();
  await expect(signals.getByTestId('running-strategy')).toHaveAttribute('data-strategy', 'ml-direction');
  await market.appendBtc(rankingScenario(BARS + 40, Date.UTC(2025, 0, 1))['BTC/USDT']!.slice(BARS));
  await expect(signals.getByTestId('signal-row').first()).toContainText(/P\((up|down)\) 0\.\d{3}|inside the no-trade band/);
  await signals.getByTestId('signal-row').first().scrollIntoViewIfNeeded();
  await page.getByTestId('panel-signals').screenshot({ path: `${ARTIFACTS}/70-ranking-ml-direction-signals.png` });

  // Clicking a row shows that series in the chart.
  await page.getByTestId('tab-ranking').click();
  await panel.locator('[data-symbol="SOL/USDT"]').click();
  await expect(page.getByLabel('Symbol')).toContainText('SOL/USDT');
  await expect(panel.locator('[data-symbol="SOL/USDT"]')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chart')).toHaveAttribute('data-candle-count', String(BARS));
  await page.screenshot({ path: `${ARTIFACTS}/70-ranking-selects-chart.png` });

  // Fewer rows on request.
  await panel.getByLabel('Top N').selectOption('5');
  await expect(panel).toHaveAttribute('data-count', '5');
});
