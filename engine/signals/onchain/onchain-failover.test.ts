import { parseUnits, type Contract } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors';
import { eventually } from '../../testing/eventually';
import { randomAddress, startLocalChain, type LocalChain } from '../../testing/local-chain/local-chain';
import { localChainSettings, startOnchainEngine } from '../../testing/local-chain/onchain-harness';
import { startRangeLimitedRpc } from '../../testing/local-chain/range-limited-rpc';
import { startTcpProxy } from '../../testing/local-chain/tcp-proxy';
import { tempDir } from '../../testing/temp-dir';
import { parseOnchainSettings, resolveChains } from './onchain-config';

describe('on-chain connections and settings', () => {
  let chain: LocalChain;
  let token: Contract;
  let tokenAddress: string;
  let dir: ReturnType<typeof tempDir>;
  let engine: ReturnType<typeof startOnchainEngine> | null = null;

  beforeAll(async () => {
    chain = await startLocalChain();
    token = await chain.deployToken({ symbol: 'USDC', decimals: 6, supply: parseUnits('1000000000000', 6) });
    tokenAddress = await token.getAddress();
  });
  afterAll(async () => {
    await chain.close();
  });
  beforeEach(() => {
    dir = tempDir('stratus-onchain-');
  });
  afterEach(async () => {
    await engine?.stop();
    engine = null;
    dir.remove();
  });

  const settings = async (urls: string[], overrides = {}) =>
    localChainSettings(urls, [{ contract: token, address: tokenAddress, symbol: 'USDC', decimals: 6 }], { startBlock: (await chain.blockNumber()) + 1, ...overrides });
  const send = async (amount: number): Promise<string> => (await (await token.getFunction('transfer')(randomAddress(), parseUnits(String(amount), 6))).wait())?.hash ?? '';

  it('fails over to the next RPC URL when the first one dies, and misses nothing meanwhile', async () => {
    const proxy = await startTcpProxy(chain.port);
    engine = startOnchainEngine(dir.path, [await settings([`ws://127.0.0.1:${proxy.port}`, chain.httpUrl])]);
    await engine.start();
    const e = engine;
    const before = await send(1_000_000);
    await eventually(() => e.events.received.some((r) => r.event.transfer.txHash === before), { timeoutMs: 10_000 });
    expect(e.service.statuses()[0]).toMatchObject({ state: 'live', rpcIndex: 0 });

    await proxy.close();
    const during = await send(2_000_000);
    const after = await send(3_000_000);
    await eventually(() => [during, after].every((h) => e.events.received.some((r) => r.event.transfer.txHash === h)), { timeoutMs: 10_000 });
    expect(e.service.statuses()[0]).toMatchObject({ state: 'polling', rpcIndex: 1, rpcUrl: chain.httpUrl });
    expect(e.events.duplicates()).toBe(0);
  });

  it('goes back to the first URL once it works again', async () => {
    let proxy = await startTcpProxy(chain.port);
    const port = proxy.port;
    engine = startOnchainEngine(dir.path, [await settings([`ws://127.0.0.1:${port}`, chain.httpUrl])], { primaryRetryMs: 200 });
    await engine.start();
    const e = engine;
    await eventually(() => e.service.statuses()[0]?.state === 'live', { timeoutMs: 10_000 });
    await proxy.close();
    await eventually(() => e.service.statuses()[0]?.rpcIndex === 1, { timeoutMs: 10_000 });
    proxy = await startTcpProxy(chain.port, port);
    try {
      await eventually(() => e.service.statuses()[0]?.state === 'live' && e.service.statuses()[0]?.rpcIndex === 0, { timeoutMs: 10_000 });
      const hash = await send(1_500_000);
      await eventually(() => e.events.received.some((r) => r.event.transfer.txHash === hash), { timeoutMs: 10_000 });
    } finally {
      await engine.stop();
      engine = null;
      await proxy.close();
    }
  });

  it('catches up within a provider\'s block-range limit, splitting ranges the provider refuses', async () => {
    const first = (await chain.blockNumber()) + 1;
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) {
      sent.push(await send(1_000_000 + i));
      await chain.mine(4);
    }
    const limited = await startRangeLimitedRpc(chain.httpUrl, 5);
    try {
      // The configured chunk is 1,000 blocks; the provider takes 5 at most.
      engine = startOnchainEngine(dir.path, [await settings([limited.url], { startBlock: first })]);
      await engine.start();
      const e = engine;
      await eventually(() => sent.every((h) => e.events.received.some((r) => r.event.transfer.txHash === h)), { timeoutMs: 15_000 });
      expect(limited.refused()).toBeGreaterThan(0);
      expect(e.events.received.filter((r) => r.event.kind === 'new')).toHaveLength(sent.length);
    } finally {
      await engine?.stop();
      engine = null;
      await limited.close();
    }
  });

  it('keeps retrying with backoff while every URL is down, then catches up', async () => {
    const proxy = await startTcpProxy(chain.port);
    const deadPort = proxy.port;
    await proxy.close();
    engine = startOnchainEngine(dir.path, [await settings([`http://127.0.0.1:${deadPort}`])]);
    await engine.start();
    const e = engine;
    await eventually(() => e.service.statuses()[0]?.state === 'error', { timeoutMs: 10_000 });
    expect(e.service.statuses()[0]?.reason).toMatch(/127\.0\.0\.1/);
    const hash = await send(4_000_000);
    // The chain is reachable again on a new URL given through the settings: the watcher resumes from its cursor.
    await e.service.configure({ chains: [await settings([chain.wsUrl], { startBlock: 0 })] });
    await eventually(() => e.events.received.some((r) => r.event.transfer.txHash === hash), { timeoutMs: 10_000 });
  });

  it('refuses an endpoint that serves another chain, with the reason in the status', async () => {
    engine = startOnchainEngine(dir.path, [{ ...(await settings([chain.httpUrl])), chainId: 5 }]);
    await engine.start();
    const e = engine;
    await eventually(() => e.service.statuses()[0]?.reason?.includes('serves chain id 1337, not 5'), { timeoutMs: 10_000 });
  });

  it('starts with every default chain disabled when no RPC URL is configured', async () => {
    engine = startOnchainEngine(dir.path, []);
    await engine.start();
    const statuses = engine.service.statuses();
    expect(statuses.map((s) => s.chain)).toEqual(['ethereum', 'arbitrum', 'base', 'bsc', 'polygon']);
    expect(statuses.every((s) => s.state === 'disabled' && s.reason === 'no RPC URL configured')).toBe(true);
  });

  it('rejects bad settings with the field that is wrong, and keeps the old ones', () => {
    expect(() => parseOnchainSettings({ chains: [{ id: 'ethereum', rpcUrls: ['ftp://x'] }] }, 'test')).toThrow(/rpcUrls.0/);
    expect(() => parseOnchainSettings({ chains: [{ id: 'mychain', rpcUrls: ['http://127.0.0.1:1'] }] }, 'test')).toThrow(/needs a chainId/);
    expect(() => parseOnchainSettings({ chains: [{ id: 'x', chainId: 1, tokens: [{ symbol: 'T', address: '0xdAC17F958D2ee523a2206206994597C13D831ec8', decimals: 6 }] }] }, 'test')).toThrow(ValidationError);
    expect(() => parseOnchainSettings({ chains: [], extra: 1 }, 'test')).toThrow(ValidationError);
    const resolved = resolveChains(parseOnchainSettings({ chains: [{ id: 'ethereum', rpcUrls: ['wss://eth.example/ws'], thresholds: { USDT: 5_000_000 } }] }, 'test'));
    const ethereum = resolved.find((c) => c.config.id === 'ethereum');
    expect(ethereum?.enabled).toBe(true);
    expect(ethereum?.config.tokens.find((t) => t.symbol === 'USDT')).toMatchObject({ thresholdUsd: 5_000_000, decimals: 6, address: '0xdAC17F958D2ee523a2206206994597C13D831ec7' });
    expect(ethereum?.config.tokens.find((t) => t.symbol === 'WBTC')?.thresholdUsd).toBe(1_000_000);
  });
});
