import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalChain, type LocalChain } from './local-chain';

describe('the local chain', () => {
  let chain: LocalChain;
  beforeAll(async () => {
    chain = await startLocalChain();
  });
  afterAll(async () => {
    await chain.close();
  });

  it('deploys the compiled ERC-20 and moves tokens with Transfer logs', async () => {
    const token = await chain.deployToken({ symbol: 'USDT', decimals: 6, supply: 10n ** 15n });
    const to = chain.accounts[1] ?? '';
    const receipt = await (await token.getFunction('transfer')(to, 5_000_000n)).wait();
    expect(receipt?.logs).toHaveLength(1);
    expect(await token.getFunction('balanceOf')(to)).toBe(5_000_000n);
    expect(await token.getFunction('decimals')()).toBe(6n);
  });

  it('reverts to a snapshot, dropping the blocks mined after it', async () => {
    const before = await chain.blockNumber();
    const id = await chain.snapshot();
    await chain.mine(3);
    expect(await chain.blockNumber()).toBe(before + 3);
    await chain.revert(id);
    expect(await chain.blockNumber()).toBe(before);
  });
});
