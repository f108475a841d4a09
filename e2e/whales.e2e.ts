import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { parseUnits } from 'ethers';
import { randomAddress, startLocalChain } from '../engine/testing/local-chain/local-chain';
import { localChainSettings } from '../engine/testing/local-chain/onchain-harness';
import { ARTIFACTS, TOKEN, startServeProcess } from './serve-process';

test('a whale transfer on the local chain appears in the whale feed, pending, then final; a reorg retracts one', async ({ page }) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const chain = await startLocalChain();
  const dir = mkdtempSync(join(tmpdir(), 'stratus-e2e-onchain-'));
  const serve = { stop: async () => undefined } as { stop(): Promise<void> };
  try {
    const usdt = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: parseUnits('1000000000000', 6) });
    const weth = await chain.deployToken({ symbol: 'WETH', decimals: 18, supply: parseUnits('1000000', 18) });
    const exchange = randomAddress();
    const labelsFile = join(dir, 'labels.json');
    writeFileSync(labelsFile, JSON.stringify({ labels: [{ address: exchange, chain: 'local', name: 'Binance test wallet', entity: 'Binance', kind: 'exchange', source: 'e2e fixture' }] }));
    const local = localChainSettings([chain.wsUrl, chain.httpUrl], [], { startBlock: (await chain.blockNumber()) + 1, confirmations: 3 });
    const settings = {
      labelsFile,
      chains: [
        {
          ...local,
          tokens: [
            { symbol: 'USDT', address: await usdt.getAddress(), decimals: 6, stablecoin: true, thresholdUsd: 1_000_000 },
            { symbol: 'WETH', address: await weth.getAddress(), decimals: 18, priceAsset: 'ETH', thresholdUsd: 1_000_000, minAmountUnpriced: 300 },
          ],
        },
      ],
    };
    const settingsFile = join(dir, 'onchain.json');
    writeFileSync(settingsFile, JSON.stringify(settings));
    Object.assign(serve, await startServeProcess(10, { serveArgs: ['--onchain', settingsFile] }));
    const { url } = serve as unknown as { url: string };

    await page.goto(`${url}#token=${TOKEN}`);
    // Whales share the bottom dock with the trading panels, behind a tab.
    await page.getByTestId('tab-whales').click();
    const panel = page.getByTestId('whales-panel');
    await expect(panel).toHaveAttribute('data-loaded', 'true');
    await expect(page.getByTestId('chain-local')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('chain-ethereum')).toHaveAttribute('data-state', 'disabled');

    // The trader labels a wallet in the UI; a bad address is refused with the reason.
    await page.getByText('Label an address').click();
    await page.getByLabel('Address', { exact: true }).fill('0x1234');
    await page.getByLabel('Wallet name').fill('Fund wallet');
    await page.getByRole('button', { name: 'Add label' }).click();
    await expect(page.getByRole('alert')).toContainText('not an address');
    const fund = randomAddress();
    await page.getByLabel('Address', { exact: true }).fill(fund);
    await page.getByLabel('Owner').fill('Some Fund');
    await page.getByLabel('Kind').selectOption('fund');
    await page.getByRole('button', { name: 'Add label' }).click();
    await expect(page.getByText('Labelled Fund wallet')).toBeVisible();

    const toFund = (await (await usdt.getFunction('transfer')(fund, parseUnits('3000000', 6))).wait())?.hash ?? '';
    const inflow = (await (await usdt.getFunction('transfer')(exchange, parseUnits('25000000', 6))).wait())?.hash ?? '';
    const unpriced = (await (await weth.getFunction('transfer')(randomAddress(), parseUnits('500', 18))).wait())?.hash ?? '';
    const row = page.locator(`[data-testid="whale-row"][data-tx="${inflow}"]`);
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('25M');
    await expect(row).toContainText('$25M');
    await expect(row).toContainText('Binance test wallet');
    await expect(row).toContainText('Exchange inflow');
    await expect(row).toContainText('critical');
    await expect(row.getByRole('link', { name: 'tx ↗' })).toHaveAttribute('href', `https://explorer.invalid/tx/${inflow}`);
    const unpricedRow = page.locator(`[data-testid="whale-row"][data-tx="${unpriced}"]`);
    await expect(unpricedRow).toContainText('USD unknown');
    await expect(page.locator(`[data-testid="whale-row"][data-tx="${toFund}"]`)).toContainText('Fund wallet');
    await expect(page.getByTestId('exchange-net').first()).toContainText('Binance');
    await expect(page.getByTestId('net-flow')).toHaveAttribute('data-net-usd', '25000000');
    await page.screenshot({ path: `${ARTIFACTS}/10-whale-feed-pending.png` });

    await chain.mine(3);
    await expect(row).toHaveAttribute('data-status', 'final');
    await expect(unpricedRow).toHaveAttribute('data-status', 'final');
    await page.screenshot({ path: `${ARTIFACTS}/11-whale-feed-final.png` });

    // A reorg takes back a block: its whale transfer stays visible, marked as retracted.
    const snapshot = await chain.snapshot();
    const lost = (await (await usdt.getFunction('transfer')(randomAddress(), parseUnits('8000000', 6))).wait())?.hash ?? '';
    const lostRow = page.locator(`[data-testid="whale-row"][data-tx="${lost}"]`);
    await expect(lostRow).toHaveAttribute('data-status', 'pending');
    await chain.revert(snapshot);
    await chain.mine(2);
    await expect(lostRow).toHaveAttribute('data-status', 'retracted');
    await expect(lostRow).toContainText('retracted (reorg)');
    await page.screenshot({ path: `${ARTIFACTS}/12-whale-feed-retracted.png` });
  } finally {
    await serve.stop();
    await chain.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
