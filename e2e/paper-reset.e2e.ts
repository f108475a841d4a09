import { expect, test } from '@playwright/test';
import { ARTIFACTS, TOKEN } from './serve-process';
import { PAPER_SERIES as SERIES, startPaperTrading, type PaperTrading } from './paper-trading';

test.describe('the admin resets the paper account from the settings', () => {
  let trading: PaperTrading;
  test.beforeEach(async () => {
    trading = await startPaperTrading({ historySeed: 7, barSeed: 100 });
  });
  test.afterEach(() => trading.stop());

  test('the confirmation names what goes; after it the window shows the fresh balance and no position', async ({ page }) => {
    const { api, serve } = trading;
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });
    await trading.barsUntilProposal();
    const [proposal] = (await api.call('approvals.list', {})).filter((p) => p.status === 'pending');
    await api.call('approvals.approve', { id: proposal!.id });
    await trading.oneBar();
    await expect.poll(async () => (await api.call('portfolio.get', {})).positions.filter((p) => p.side !== 'flat').length).toBe(1);

    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    await page.getByTestId('tab-positions').click();
    await expect(page.getByTestId('position-row')).toHaveCount(1);

    await page.getByTestId('open-trading-settings').click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByTestId('settings-mode').click();
    await dialog.getByTestId('paper-reset-balance').fill('25000');
    await dialog.getByTestId('paper-reset-open').click();
    const confirm = dialog.getByTestId('paper-reset-confirm');
    await expect(confirm).toContainText('Reset the paper account to 25,000.00 USDT?');
    await expect(confirm).toContainText(`1 open position (${SERIES.symbol})`);
    await expect(confirm).toContainText('dropped without trading');
    const resting = (await api.call('orders.list', { status: 'open' })).length;
    await expect(confirm).toContainText(`${resting} resting order${resting === 1 ? '' : 's'}, cancelled.`);
    await dialog.screenshot({ path: `${ARTIFACTS}/a0-paper-reset-confirmation.png` });

    await dialog.getByTestId('paper-reset-confirm-button').click();
    await expect(dialog.getByTestId('paper-reset-result')).toContainText('Paper account reset to 25,000.00 USDT');
    await expect(dialog.getByTestId('paper-reset-result')).toContainText(`1 position(s) dropped, ${resting} order(s) cancelled`);
    await dialog.screenshot({ path: `${ARTIFACTS}/a1-paper-reset-result.png` });
    await page.keyboard.press('Escape');

    // The paper.reset event reloads the window's portfolio: no position, the fresh equity.
    await expect(page.getByTestId('position-row')).toHaveCount(0);
    await expect(page.getByTestId('equity')).toHaveText('25,000.00');
    expect(await api.call('portfolio.get', {})).toMatchObject({ equity: '25000.00000000', positions: [] });
    await page.screenshot({ path: `${ARTIFACTS}/a2-paper-reset-positions.png` });
  });
});
