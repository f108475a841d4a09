import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUnits, type Contract } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CandleRepository } from '../../store/repositories/candle-repository';
import { eventually } from '../../testing/eventually';
import { randomAddress, startLocalChain, type LocalChain } from '../../testing/local-chain/local-chain';
import { localChainSettings, startOnchainEngine } from '../../testing/local-chain/onchain-harness';
import { tempDir } from '../../testing/temp-dir';

const usdt = (n: number): bigint => parseUnits(String(n), 6);

describe('the on-chain watcher on a local chain', () => {
  let chain: LocalChain;
  let token: Contract;
  let tokenAddress: string;
  let dir: ReturnType<typeof tempDir>;
  let engine: ReturnType<typeof startOnchainEngine> | null = null;
  let exchange: string;
  let labelsFile: string;

  beforeAll(async () => {
    chain = await startLocalChain();
    token = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: usdt(1e12) });
    tokenAddress = await token.getAddress();
  });
  afterAll(async () => {
    await chain.close();
  });
  beforeEach(() => {
    dir = tempDir('stratus-onchain-');
    exchange = randomAddress();
    labelsFile = join(dir.path, 'labels.json');
    writeFileSync(labelsFile, JSON.stringify({ labels: [{ address: exchange, chain: 'local', name: 'Test Exchange hot wallet', entity: 'Test Exchange', kind: 'exchange', source: 'test fixture' }] }));
  });
  afterEach(async () => {
    await engine?.stop();
    engine = null;
    dir.remove();
  });

  const start = async (overrides = {}, urls = [chain.wsUrl]) => {
    const startBlock = (await chain.blockNumber()) + 1;
    engine = startOnchainEngine(dir.path, [localChainSettings(urls, [{ contract: token, address: tokenAddress, symbol: 'USDT', decimals: 6 }], { startBlock, ...overrides })], { labelsFile });
    await engine.start();
    return engine;
  };
  const send = async (to: string, amount: bigint): Promise<string> => {
    const receipt = await (await token.getFunction('transfer')(to, amount)).wait();
    return receipt?.hash ?? '';
  };

  it('publishes transfers at or above the threshold and exchange transfers of any size, labelled and classified', async () => {
    const e = await start();
    const small = await send(randomAddress(), usdt(500_000));
    const whale = await send(randomAddress(), usdt(2_000_000));
    const smallIn = await send(exchange, usdt(200_000));
    const bigIn = await send(exchange, usdt(5_000_000));
    await eventually(() => e.events.received.filter((r) => r.event.kind === 'new').length === 3, { timeoutMs: 10_000 });
    const news = e.events.received.filter((r) => r.event.kind === 'new').map((r) => r.event.transfer);
    expect(news.map((t) => t.txHash).sort()).toEqual([whale, smallIn, bigIn].sort());
    expect(news.some((t) => t.txHash === small)).toBe(false);

    const byTx = new Map(news.map((t) => [t.txHash, t]));
    expect(byTx.get(whale)).toMatchObject({ whale: true, classification: 'whale-to-whale', fromLabel: null, toLabel: null, valueUsd: 2_000_000, severity: 'medium', status: 'pending', token: 'USDT', amount: '2000000.0' });
    expect(byTx.get(smallIn)).toMatchObject({ whale: false, classification: 'exchange-inflow', severity: 'low' });
    expect(byTx.get(bigIn)).toMatchObject({ whale: true, classification: 'exchange-inflow', severity: 'critical', toLabel: { entity: 'Test Exchange', source: 'test fixture' } });
    expect(byTx.get(bigIn)?.explorerUrl).toBe(`https://explorer.invalid/tx/${bigIn}`);
    expect(byTx.get(bigIn)?.blockTime).toBeGreaterThan(0);
    expect(byTx.get(bigIn)?.receivedAt).toBeGreaterThanOrEqual(byTx.get(bigIn)?.blockTime ?? 0);

    // The whale feed holds whales only; the exchange flow counts both inflows.
    expect(e.service.transfers({ limit: 50 }).map((t) => t.txHash).sort()).toEqual([whale, bigIn].sort());
    const flows = e.service.features(24 * 3_600_000, 'USDT');
    expect(flows).toEqual([expect.objectContaining({ exchange: 'Test Exchange', inflow: 5_200_000, outflow: 0, net: 5_200_000, netUsd: 5_200_000, transfers: 2 })]);

    // Three confirmations: two more blocks make all of them final, and each is announced once.
    await chain.mine(3);
    await eventually(() => e.events.received.filter((r) => r.event.kind === 'final').length === 3, { timeoutMs: 10_000 });
    expect(e.service.transfers({ limit: 50 }).every((t) => t.status === 'final')).toBe(true);
    expect(e.events.duplicates()).toBe(0);
  });

  it('classifies mints, burns, outflows and exchange-to-exchange moves, and values a priced token by the stored candle close', async () => {
    const e = await start();
    const other = randomAddress();
    e.service.addLabel({ address: other.toLowerCase(), chain: '*', name: 'Other cold wallet', entity: 'Other Exchange', kind: 'exchange', source: 'added in the UI' });
    const minted = (await (await token.getFunction('mint')(randomAddress(), usdt(3_000_000))).wait())?.hash;
    const burned = (await (await token.getFunction('burn')(usdt(1_500_000))).wait())?.hash;
    const toOther = await send(other, usdt(4_000_000));
    await eventually(() => e.events.received.length >= 3, { timeoutMs: 10_000 });
    const byTx = new Map(e.events.received.map((r) => [r.event.transfer.txHash, r.event.transfer]));
    expect(byTx.get(minted ?? '')?.classification).toBe('stablecoin-mint');
    expect(byTx.get(burned ?? '')?.classification).toBe('stablecoin-burn');
    expect(byTx.get(toOther)).toMatchObject({ classification: 'exchange-inflow', toLabel: { name: 'Other cold wallet' } });
  });

  it('leaves the USD value unknown without a price, and uses the newest candle close once there is one', async () => {
    const wbtc = await chain.deployToken({ symbol: 'WBTC', decimals: 8, supply: 10n ** 16n });
    const wbtcAddress = await wbtc.getAddress();
    const startBlock = (await chain.blockNumber()) + 1;
    engine = startOnchainEngine(dir.path, [
      { ...localChainSettings([chain.httpUrl], [], { startBlock }), tokens: [{ symbol: 'WBTC', address: wbtcAddress, decimals: 8, stablecoin: false, priceAsset: 'BTC', thresholdUsd: 1_000_000, minAmountUnpriced: 10 }] },
    ]);
    await engine.start();
    const e = engine;
    const unpriced = (await (await wbtc.getFunction('transfer')(randomAddress(), 20n * 10n ** 8n)).wait())?.hash;
    await eventually(() => e.events.received.length === 1, { timeoutMs: 10_000 });
    expect(e.events.received[0]?.event.transfer).toMatchObject({ txHash: unpriced, priceUsd: null, valueUsd: null, whale: true });

    new CandleRepository(e.db).upsertMany({ venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1m' }, [{ openTime: Date.now() - 60_000, open: 50_000, high: 50_500, low: 49_900, close: 50_000, volume: 1 }], Date.now());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const priced = (await (await wbtc.getFunction('transfer')(randomAddress(), 30n * 10n ** 8n)).wait())?.hash;
    await eventually(() => e.events.received.length === 2, { timeoutMs: 10_000 });
    expect(e.events.received[1]?.event.transfer).toMatchObject({ txHash: priced, priceUsd: 50_000, valueUsd: 1_500_000, whale: true });
  });

  it('reports large native-coin transfers when asked to, with the USD value unknown without an ETH price', async () => {
    const e = await start({ native: true });
    const signer = await chain.signer(1);
    const big = await (await signer.sendTransaction({ to: randomAddress(), value: parseUnits('400', 18) })).wait();
    await (await signer.sendTransaction({ to: randomAddress(), value: parseUnits('5', 18) })).wait();
    await eventually(() => e.events.received.length === 1, { timeoutMs: 10_000 });
    expect(e.events.received[0]?.event.transfer).toMatchObject({ txHash: big?.hash, logIndex: -1, token: 'ETH', tokenAddress: null, amount: '400.0', valueUsd: null, whale: true });
  });

  it('retracts the transfers of blocks a reorg removed, and picks up what the new chain holds', async () => {
    const e = await start({ confirmations: 5 });
    const snapshot = await chain.snapshot();
    const lost = await send(exchange, usdt(3_000_000));
    await eventually(() => e.events.received.some((r) => r.event.transfer.txHash === lost && r.event.kind === 'new'), { timeoutMs: 10_000 });
    expect(e.service.features(3_600_000 * 24)[0]?.inflow).toBe(3_000_000);

    await chain.revert(snapshot);
    const kept = await send(randomAddress(), usdt(7_000_000));
    await chain.mine(2);
    await eventually(() => e.events.received.some((r) => r.event.kind === 'retracted' && r.event.transfer.txHash === lost), { timeoutMs: 10_000 });
    await eventually(() => e.events.received.some((r) => r.event.kind === 'new' && r.event.transfer.txHash === kept), { timeoutMs: 10_000 });
    expect(e.service.transfers({ limit: 50 }).map((t) => t.txHash)).toEqual([kept]);
    expect(e.service.transfers({ limit: 50, includeRetracted: true }).find((t) => t.txHash === lost)?.status).toBe('retracted');
    expect(e.service.features(3_600_000 * 24)[0]?.inflow ?? 0).toBe(0);
    expect(e.events.duplicates()).toBe(0);
  });

  it('resumes after a stop from its last block: nothing missed, nothing twice', async () => {
    const e1 = await start();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push(await send(randomAddress(), usdt(1_000_000 + i)));
    await eventually(() => e1.events.received.filter((r) => r.event.kind === 'new').length === 5, { timeoutMs: 10_000 });
    const firstRun = e1.events.received.map((r) => r.event);
    await e1.service.stop();
    e1.db.close();
    engine = null;

    // While the engine is down the chain goes on.
    for (let i = 0; i < 7; i++) sent.push(await send(randomAddress(), usdt(2_000_000 + i)));
    await chain.mine(3);
    const e2 = startOnchainEngine(dir.path, [localChainSettings([chain.wsUrl], [{ contract: token, address: tokenAddress, symbol: 'USDT', decimals: 6 }], { startBlock: 0 })], { labelsFile });
    engine = e2;
    await e2.start();
    await eventually(() => e2.events.received.filter((r) => r.event.kind === 'new').length === 7, { timeoutMs: 10_000 });
    await eventually(() => e2.service.transfers({ limit: 100 }).every((t) => t.status === 'final'), { timeoutMs: 10_000 });
    const all = [...firstRun, ...e2.events.received.map((r) => r.event)];
    const published = new Set(all.filter((x) => x.kind === 'new').map((x) => x.transfer.txHash));
    expect(sent.filter((hash) => !published.has(hash))).toEqual([]);
    expect(all.filter((x) => x.kind === 'new')).toHaveLength(sent.length);
    expect(e2.repository.countTransfers('local')).toBe(sent.length);
  });

  it('publishes all 1,000 transfers of one block', async () => {
    const e = await start({ confirmations: 1 });
    const recipients = Array.from({ length: 1_000 }, () => randomAddress());
    const receipt = await (await token.getFunction('batchTransfer')(recipients, recipients.map(() => usdt(1_500_000)), { gasLimit: 150_000_000 })).wait();
    expect(receipt?.logs).toHaveLength(1_000);
    await eventually(() => e.events.received.filter((r) => r.event.kind === 'new').length === 1_000, { timeoutMs: 20_000 });
    const transfers = e.events.received.map((r) => r.event.transfer);
    expect(new Set(transfers.map((t) => t.id)).size).toBe(1_000);
    expect(new Set(transfers.map((t) => t.blockNumber))).toEqual(new Set([receipt?.blockNumber]));
    expect(new Set(transfers.map((t) => t.to))).toEqual(new Set(recipients.map((r) => r.toLowerCase())));
    expect(transfers.every((t) => t.status === 'final')).toBe(true);
  });
});
