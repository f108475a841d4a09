import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, TOKEN } from './serve-process';
import { PAPER_SERIES as SERIES, startPaperTrading, type PaperTrading } from './paper-trading';

const API_KEY = 'e2eKeyAbCdEf123456';
const API_SECRET = 'e2e-secret-Zq9xW7vU5tS3';
const money = (value: string): string => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value));

test.describe('the trader approves a strategy proposal on paper, sees the fill and the position, and the kill switch stops new orders', () => {
  let trading: PaperTrading;
  let serve: PaperTrading['serve'];
  let api: PaperTrading['api'];
  let secrets: string;

  test.beforeEach(async () => {
    trading = await startPaperTrading({ historySeed: 7, barSeed: 100, apiKeys: { [API_KEY]: API_SECRET } });
    ({ serve, api, secrets } = trading);
  });
  test.afterEach(() => trading.stop());

  const barsUntilProposal = (): Promise<void> => trading.barsUntilProposal();
  const oneBar = (): Promise<void> => trading.oneBar();

  async function open(page: Page): Promise<void> {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('mode-badge')).toHaveAttribute('data-mode', 'paper');
  }

  test('a proposal arrives live, is approved with the keyboard, fills, and shows as a position', async ({ page }) => {
    await open(page);
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    // With a regime model the proposals carry the regime they were made in.
    await api.call('regime.fit', { ...SERIES, states: 3, seed: 1 });
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });

    await barsUntilProposal();
    const card = page.getByTestId('proposal').first();
    await expect(card).toBeVisible();
    await expect(card).toHaveAttribute('data-selected', 'true');
    const [proposal] = (await api.call('approvals.list', {})).filter((p) => p.status === 'pending');
    await expect(card).toHaveAttribute('data-proposal-id', proposal!.id);
    const preview = page.getByTestId('risk-preview');
    await expect(preview).toContainText('Entry');
    await expect(preview).toContainText('% of equity');
    await expect(card).toContainText(/SMA 3 crossed (above|below) SMA 8/);
    // Where price is now against the entry, from the bars the window receives.
    await expect(page.getByTestId('price-now')).toContainText('from entry');
    expect(proposal!.regime).toBeDefined();
    await expect(card.locator('.regime-chip')).toHaveClass(new RegExp(`regime-${proposal!.regime}`));
    await expect(page.getByTestId('countdown').first()).toHaveText(/^\d+:\d\d$/);
    await expect(page.getByTestId('waiting-chip')).toContainText('1 to approve');
    await page.screenshot({ path: `${ARTIFACTS}/90-approvals-queue.png` });
    await page.getByTestId('panel-approvals').screenshot({ path: `${ARTIFACTS}/91-approvals-risk-preview.png` });

    // Keyboard first: Q takes the queue, A approves the selected proposal.
    await page.keyboard.press('q');
    await page.keyboard.press('a');
    await expect(page.getByTestId('decision-feedback')).toContainText('Approved');
    await expect(page.locator(`[data-testid="proposal"][data-proposal-id="${proposal!.id}"]`)).toHaveCount(0);

    const [submitted] = await api.call('approvals.list', { status: ['submitted'] });
    expect(submitted?.id).toBe(proposal!.id);
    await page.getByTestId('tab-orders').click();
    const order = page.locator(`[data-testid="order-row"][data-client-order-id="${submitted!.clientOrderId}"]`);
    await expect(order).toBeVisible();
    await oneBar();
    await expect(order).toHaveAttribute('data-status', 'filled');
    await page.screenshot({ path: `${ARTIFACTS}/92-orders-filled.png` });
    await page.getByTestId('tab-fills').click();
    await expect(page.getByTestId('fill-row')).toHaveCount(1);

    const [fill] = await api.call('orders.fills', {});
    await expect(page.getByTestId('fill-row')).toContainText(money(fill!.price));

    await page.getByTestId('tab-positions').click();
    const position = page.getByTestId('position-row');
    await expect(position).toHaveAttribute('data-symbol', SERIES.symbol);
    await expect(position).toHaveAttribute('data-side', proposal!.side === 'buy' ? 'long' : 'short');
    await expect(page.getByTestId('exposure-row')).toHaveCount(1);
    // The window shows the engine's own figures, live: equity and PnL as portfolio.get has them now.
    await oneBar();
    await expect
      .poll(async () => {
        const engine = await api.call('portfolio.get', {});
        const shown = [await page.getByTestId('equity').textContent(), await page.getByTestId('unrealized-pnl').textContent()];
        return shown[0] === money(engine.equity) && shown[1]?.replace(/[+−]/, '') === money(engine.unrealizedPnl).replace('-', '');
      })
      .toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/93-positions-pnl.png` });

    await page.getByTestId('approvals-view-audit').click();
    await expect(page.locator('[data-testid="audit-entry"][data-action="approved"]')).toContainText('you');
    await page.getByTestId('panel-approvals').screenshot({ path: `${ARTIFACTS}/94-approvals-audit.png` });
  });

  test('the trader snoozes a proposal for the length picked on its card; it waits out of the queue until then', async ({ page }) => {
    await open(page);
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });
    await barsUntilProposal();
    const card = page.getByTestId('proposal').first();
    await expect(card).toHaveAttribute('data-selected', 'true');
    const id = await card.getAttribute('data-proposal-id');
    await page.getByTestId('snooze-minutes').selectOption('15');
    await expect(page.getByTestId('snooze')).toHaveAttribute('title', 'Hide for 15 min (S)');
    await page.getByTestId('panel-approvals').screenshot({ path: `${ARTIFACTS}/90b-approvals-snooze-length.png` });
    const before = Date.now();
    await page.getByTestId('snooze').click();
    const snoozed = page.locator(`[data-testid="proposal"][data-proposal-id="${id}"]`);
    await expect(snoozed).toHaveAttribute('data-status', 'snoozed');
    const [view] = await api.call('approvals.list', { status: ['snoozed'] });
    expect(view?.id).toBe(id);
    expect(view!.snoozedUntil! - before).toBeGreaterThanOrEqual(15 * 60_000);
    expect(view!.snoozedUntil! - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const back = new Date(view!.snoozedUntil!).toLocaleTimeString('en-GB', { hour12: false }).slice(0, 5);
    await expect(snoozed).toContainText(`snoozed → ${back}`);
    await page.getByTestId('panel-approvals').screenshot({ path: `${ARTIFACTS}/90c-approvals-snoozed.png` });
  });

  test('the kill switch halts trading: the queue empties and nothing new reaches the venue until resumed', async ({ page }) => {
    await open(page);
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });
    await barsUntilProposal();
    await expect(page.getByTestId('proposal')).not.toHaveCount(0);

    // The global control in the top bar, always in view.
    await page.getByTestId('trading-bar').getByTestId('kill-switch').click();
    await expect(page.getByTestId('risk-chip')).toHaveText('HALTED');
    await expect(page.getByTestId('queue-empty')).toBeVisible();
    await page.getByTestId('tab-risk').click();
    await expect(page.getByTestId('risk-state')).toHaveAttribute('data-state', 'HALTED');
    await page.screenshot({ path: `${ARTIFACTS}/95-risk-halted.png` });

    // New bars, new signals: no order is sent while halted.
    const ordersBefore = (await api.call('orders.list', {})).length;
    for (let i = 0; i < 10; i++) await oneBar();
    const pending = (await api.call('approvals.list', {})).filter((p) => p.status === 'pending');
    for (const p of pending) await api.call('approvals.approve', { id: p.id }).catch(() => undefined);
    expect((await api.call('orders.list', {})).filter((o) => o.status !== 'rejected')).toHaveLength(ordersBefore);

    // Resuming asks first.
    const riskPanel = page.getByTestId('risk-panel');
    await riskPanel.getByTestId('resume').click();
    await expect(riskPanel.getByTestId('resume-confirm')).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/96-risk-resume-confirm.png` });
    await riskPanel.getByTestId('resume-confirm').click();
    await expect(page.getByTestId('risk-state')).toHaveAttribute('data-state', 'ACTIVE');
    await expect(page.getByTestId('risk-chip')).toHaveCount(0);

    // Trading again: the next proposal, approved with one click, becomes an order.
    await barsUntilProposal();
    const [next] = (await api.call('approvals.list', {})).filter((p) => p.status === 'pending');
    await page.locator(`[data-testid="proposal"][data-proposal-id="${next!.id}"]`).click();
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('decision-feedback')).toContainText('Approved');
    const [sent] = await api.call('approvals.list', { status: ['submitted'] });
    await page.getByTestId('tab-orders').click();
    await expect(page.locator(`[data-testid="order-row"][data-client-order-id="${sent!.clientOrderId}"]`)).toBeVisible();
  });

  test('settings: keys are write-only, live trading needs the typed confirmation, and the badge says LIVE', async ({ page }) => {
    await open(page);
    await page.getByTestId('open-trading-settings').click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByTestId('settings-mode').click();
    await expect(dialog.getByTestId('live-unavailable')).toContainText('no Bybit API keys');

    await dialog.getByTestId('settings-keys').click();
    await expect(dialog.getByTestId('keys-status')).toHaveText('No key stored.');
    await expect(dialog.getByTestId('key-secret')).toHaveAttribute('type', 'password');
    await dialog.getByTestId('key-id').fill(API_KEY);
    await dialog.getByTestId('key-secret').fill(API_SECRET);
    await dialog.getByTestId('save-key').click();
    await expect(dialog.getByTestId('keys-status')).toContainText('is stored');
    await expect(dialog.getByTestId('keys-status')).not.toContainText(API_KEY);
    await expect(dialog.getByTestId('key-secret')).toHaveValue('');
    // Neither the page nor the engine's answers nor its files hold the secret in clear.
    expect(await page.content()).not.toContain(API_SECRET);
    expect(JSON.stringify(await api.call('keys.status', {}))).not.toContain(API_SECRET);
    expect(readFileSync(join(secrets, 'secrets.enc')).toString('latin1')).not.toContain(API_SECRET);
    await page.screenshot({ path: `${ARTIFACTS}/97-settings-keys.png` });

    // Live: offered now that keys exist, enabled only by the exact sentence.
    await dialog.getByTestId('settings-mode').click();
    const confirmation = dialog.getByTestId('live-confirmation');
    await expect(confirmation).toBeVisible();
    await confirmation.fill('i understand');
    await expect(dialog.getByTestId('switch-live')).toBeDisabled();
    const { confirmation: sentence } = await api.call('trading.mode', {});
    await confirmation.fill(sentence);
    await page.screenshot({ path: `${ARTIFACTS}/98-settings-live-confirmation.png` });
    await dialog.getByTestId('switch-live').click();
    await expect(page.getByTestId('mode-badge')).toHaveAttribute('data-mode', 'live');
    await expect(page.getByTestId('mode-badge')).toHaveText('LIVE');
    expect((await api.call('trading.mode', {})).mode).toBe('live');
    await page.screenshot({ path: `${ARTIFACTS}/99-live-mode.png` });

    await dialog.getByTestId('switch-paper').click();
    await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');

    // Position sizing of one strategy: typed in percent, stored by the engine as its fraction.
    await dialog.getByTestId('settings-sizing').click();
    const smaRow = dialog.locator('[data-testid="sizing-row"][data-strategy="sma-cross"]');
    await smaRow.getByTestId('sizing-edit').click();
    await smaRow.getByTestId('sizing-mode').selectOption('risk-per-trade');
    await smaRow.getByTestId('sizing-riskFraction').fill('0.5');
    await smaRow.getByTestId('sizing-save').click();
    await expect(smaRow.getByTestId('sizing-current')).toHaveText('risk 0.5 % of equity per trade');
    const sizing = await api.call('trading.sizing', { strategy: 'sma-cross' });
    expect(sizing.strategies.find((s) => s.strategy === 'sma-cross')?.sizing).toEqual({ mode: 'risk-per-trade', riskFraction: 0.005 });
    await page.screenshot({ path: `${ARTIFACTS}/9a-settings-sizing.png` });
  });
});
