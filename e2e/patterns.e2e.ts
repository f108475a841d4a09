import { detectPatterns } from '../engine/indicators/patterns/pattern-detector';
import type { Candle } from '../engine/api/types';
import { generateCandles } from '../engine/testing/candles';
import { ARTIFACTS, TOKEN, expect, test } from './serve-fixture';
import { CHART_TREND_PERIOD } from '../renderer/src/panels/chart/indicators/pattern-markers';

/**
 * A slide of twelve bars (the trend a reversal needs), then a long fall, a small star at the low and a rise
 * past the fall's midpoint: a morning star (docs/indicators.md).
 */
function morningStar(after: Candle): Candle[] {
  const slide = Array.from({ length: 12 }, (_, i): Candle => {
    const open = after.close * (1 - 0.003 * i);
    return { openTime: after.openTime + (i + 1) * 60_000, open, high: open * 1.0005, low: open * 0.9965, close: open * 0.997, volume: 25 };
  });
  const p = slide.at(-1)!.close;
  const t = slide.at(-1)!.openTime + 60_000;
  return [
    ...slide,
    { openTime: t, open: p, high: p * 1.001, low: p * 0.979, close: p * 0.98, volume: 30 },
    { openTime: t + 60_000, open: p * 0.98, high: p * 0.9805, low: p * 0.978, close: p * 0.979, volume: 20 },
    { openTime: t + 120_000, open: p * 0.9792, high: p * 0.9925, low: p * 0.979, close: p * 0.992, volume: 40 },
  ];
}

test.describe('candlestick patterns on the chart', () => {
  test('the trader turns patterns on beside a strategy’s signals, sees them follow new bars, keeps them after a reload, removes them', async ({ page, serve }) => {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    const chart = page.getByTestId('chart');
    await expect(chart).toHaveAttribute('data-ready', 'true');

    // A strategy's signal markers are on the same candles: both layers must keep drawing.
    await page.getByTestId('strategy-picker').selectOption('sma-cross');
    const panel = page.getByTestId('signals-panel');
    await panel.getByRole('button', { name: 'Parameters' }).click();
    await page.getByTestId('param-fast').fill('5');
    await page.getByTestId('param-slow').fill('15');
    await page.getByTestId('attach-strategy').click();
    await expect(page.getByTestId('running-strategy')).toHaveAttribute('data-state', 'running');

    await page.getByTestId('indicators-button').click();
    const option = page.getByTestId('indicator-picker').locator('[data-indicator="patterns"]');
    await expect(option).toContainText('Candlestick patterns');
    await expect(option).toHaveAttribute('aria-pressed', 'false');
    await option.click();
    const chip = page.locator('[data-testid="indicator-chip"][data-indicator="patterns"]');
    await expect(chip).toHaveAttribute('data-status', 'ready');
    const markers = page.getByTestId('pattern-markers');
    // The stored series' patterns, as the engine's streaming detector finds them bar by bar.
    await expect(markers).toHaveAttribute('data-count', String(detectPatterns(serve.stored, { trendPeriod: CHART_TREND_PERIOD }).length));
    await expect(chip).toContainText(`Patterns${detectPatterns(serve.stored, { trendPeriod: CHART_TREND_PERIOD }).length}`);
    await expect(page.getByTestId('indicators-button')).toContainText('1');

    // New bars, ending with a known morning star: the markers follow each closed bar, and so do the signals.
    const last = serve.stored.at(-1)!;
    const next = generateCandles(80, { start: last.openTime + 60_000, price: last.close, seed: 77 });
    const star = morningStar(next.at(-1)!);
    for (let i = 0; i < next.length; i += 40) await serve.append(next.slice(i, i + 40));
    await serve.append(star);
    const all = [...serve.stored, ...next, ...star];
    const expected = detectPatterns(all, { trendPeriod: CHART_TREND_PERIOD });
    expect(expected.filter((m) => m.pattern === 'morning-star').map((m) => m.openTime)).toContain(star.at(-1)!.openTime);
    await expect(chart).toHaveAttribute('data-candle-count', String(all.length));
    await expect(markers).toHaveAttribute('data-count', String(expected.length));
    await expect(page.getByTestId('signal-markers')).not.toHaveAttribute('data-count', '0');
    await page.mouse.move(5, 5);
    await page.screenshot({ path: `${ARTIFACTS}/44-indicators-patterns.png` });

    // Remembered per browser; × turns them off and the picker offers them again.
    await page.reload();
    await expect(chart).toHaveAttribute('data-ready', 'true');
    await expect(chip).toHaveAttribute('data-status', 'ready');
    await expect(markers).toHaveAttribute('data-count', String(expected.length));
    await chip.hover();
    await chip.getByRole('button', { name: 'Remove Patterns' }).click();
    await expect(chip).toHaveCount(0);
    await expect(markers).toHaveCount(0);
    await page.getByTestId('indicators-button').click();
    await expect(page.getByTestId('indicator-picker').locator('[data-indicator="patterns"]')).toHaveAttribute('aria-pressed', 'false');
  });
});
