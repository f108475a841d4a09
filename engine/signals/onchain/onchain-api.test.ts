import { join } from 'node:path';
import { parseUnits, type Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainStatus, TransferEvent } from '../../api/types';
import { startServe, type RunningServe } from '../../hosts/serve';
import { eventually } from '../../testing/eventually';
import { randomAddress, startLocalChain, type LocalChain } from '../../testing/local-chain/local-chain';
import { localChainSettings } from '../../testing/local-chain/onchain-harness';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'onchain-api-token-0123456789';

describe('the on-chain API of stratus serve', () => {
  let chain: LocalChain;
  let token: Contract;
  let serve: RunningServe;
  let client: WsTestClient;
  const dir = tempDir('stratus-onchain-api-');

  beforeAll(async () => {
    chain = await startLocalChain();
    token = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: parseUnits('1000000000000', 6) });
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
  });
  afterAll(async () => {
    await client.close();
    await serve.close();
    await chain.close();
    dir.remove();
  });

  it('starts with every chain disabled when nothing is configured', async () => {
    const statuses = await client.call('onchain.status', {});
    expect(statuses.map((s) => [s.chain, s.state, s.reason])).toEqual(
      ['ethereum', 'arbitrum', 'base', 'bsc', 'polygon'].map((id) => [id, 'disabled', 'no RPC URL configured']),
    );
  });

  it('rejects bad settings clearly and keeps running', async () => {
    await expect(client.call('onchain.configure', { chains: [{ id: 'Bad Id' }] })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('onchain.configure', { chains: [{ id: 'l2', rpcUrls: ['http://127.0.0.1:1'] }] })).rejects.toThrow(/needs a chainId/);
    expect((await client.call('onchain.settings', {})).chains).toEqual([]);
  });

  it('is configured through the API, then streams a transfer, its finality and the exchange flow to a subscriber', async () => {
    client.subscribe({ 'onchain.transfer': null, 'onchain.flow': null, 'onchain.status': null });
    await client.waitFor((m) => m.type === 'subscribed');
    const exchange = randomAddress();
    await client.call('onchain.addLabel', { address: exchange, chain: 'local', name: 'Desk wallet', entity: 'OTC Desk', kind: 'exchange' });
    const startBlock = (await chain.blockNumber()) + 1;
    const statuses = await client.call('onchain.configure', {
      chains: [localChainSettings([chain.wsUrl], [{ contract: token, address: await token.getAddress(), symbol: 'USDT', decimals: 6 }], { startBlock, confirmations: 2 })],
    });
    expect(statuses.find((s: ChainStatus) => s.chain === 'local')).toBeDefined();
    await eventually(async () => (await client.call('onchain.status', {})).find((s) => s.chain === 'local')?.state === 'live', { timeoutMs: 10_000 });

    const hash = (await (await token.getFunction('transfer')(exchange, parseUnits('12000000', 6))).wait())?.hash;
    const transferEvents = () => client.events.filter((e) => e.stream === 'onchain.transfer').map((e) => e.payload as TransferEvent);
    await eventually(() => transferEvents().some((e) => e.kind === 'new' && e.transfer.txHash === hash), { timeoutMs: 10_000 });
    expect(transferEvents()[0]?.transfer).toMatchObject({ classification: 'exchange-inflow', toLabel: { entity: 'OTC Desk', source: 'added by the trader' }, valueUsd: 12_000_000, status: 'pending' });
    await eventually(() => client.events.some((e) => e.stream === 'onchain.flow'), { timeoutMs: 5_000 });

    await chain.mine(1);
    await eventually(() => transferEvents().some((e) => e.kind === 'final' && e.transfer.txHash === hash), { timeoutMs: 10_000 });
    const feed = await client.call('onchain.transfers', { limit: 10 });
    expect(feed.map((t) => [t.txHash, t.status])).toEqual([[hash, 'final']]);
    const features = await client.call('onchain.features', { windowMs: 3_600_000 });
    expect(features).toEqual([expect.objectContaining({ token: 'USDT', exchange: 'OTC Desk', net: 12_000_000, netUsd: 12_000_000 })]);
    const flows = await client.call('onchain.flows', { token: 'USDT' });
    expect(flows).toEqual([expect.objectContaining({ chain: 'local', exchange: 'OTC Desk', inflow: 12_000_000, transfers: 1 })]);
  });

  it('manages the trader\'s labels and refuses bad ones', async () => {
    await expect(client.call('onchain.addLabel', { address: '0x1234', chain: '*', name: 'x', entity: 'x', kind: 'exchange' })).rejects.toMatchObject({ type: 'ValidationError' });
    const labels = await client.call('onchain.labels', {});
    expect(labels.builtin.length).toBeGreaterThan(20);
    expect(labels.user.map((l) => l.entity)).toEqual(['OTC Desk']);
    const address = labels.user[0]?.address ?? '';
    await client.call('onchain.removeLabel', { chain: 'local', address });
    await expect(client.call('onchain.removeLabel', { chain: 'local', address })).rejects.toMatchObject({ type: 'NotFoundError' });
  });
});
