import ganache from 'ganache';
import { Contract, ContractFactory, JsonRpcProvider, Network, Wallet, type JsonRpcSigner } from 'ethers';
import { compileTestToken } from './compile-token';

export const LOCAL_CHAIN_ID = 1337;
/** Enough gas in one block for a thousand-transfer batch to fresh addresses. */
const BLOCK_GAS_LIMIT = 200_000_000;

export type LocalChain = {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly provider: JsonRpcProvider;
  /** Unlocked, funded accounts of the chain. */
  readonly accounts: readonly string[];
  signer(index?: number): Promise<JsonRpcSigner>;
  /** Compiles (cached) and deploys the test ERC-20; the whole supply goes to account 0. */
  deployToken(options: { symbol: string; decimals: number; supply: bigint }): Promise<Contract>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  mine(blocks?: number): Promise<void>;
  blockNumber(): Promise<number>;
  close(): Promise<void>;
};

/** Ganache in this process: HTTP and WebSocket JSON-RPC on one loopback port, a block per transaction. */
export async function startLocalChain(options: { port?: number } = {}): Promise<LocalChain> {
  const server = ganache.server({
    logging: { quiet: true },
    chain: { chainId: LOCAL_CHAIN_ID },
    wallet: { deterministic: true, totalAccounts: 5 },
    miner: { blockGasLimit: BLOCK_GAS_LIMIT, defaultTransactionGasLimit: 'estimate' },
  });
  await new Promise<void>((resolve, reject) => server.listen(options.port ?? 0, (error) => (error ? reject(error) : resolve())));
  const address = server.address();
  const port = address.port;
  const httpUrl = `http://127.0.0.1:${port}`;
  const network = Network.from(LOCAL_CHAIN_ID);
  const provider = new JsonRpcProvider(httpUrl, network, { staticNetwork: network, batchMaxCount: 1 });
  const accounts = (await provider.send('eth_accounts', [])) as string[];
  const send = (method: string, params: unknown[] = []): Promise<unknown> => provider.send(method, params);

  return {
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    provider,
    accounts,
    signer: (index = 0) => provider.getSigner(index),
    deployToken: async ({ symbol, decimals, supply }) => {
      const artifact = await compileTestToken();
      const factory = new ContractFactory(artifact.abi, artifact.bytecode, await provider.getSigner(0));
      const token = await factory.deploy(`${symbol} test token`, symbol, decimals, supply);
      await token.waitForDeployment();
      return new Contract(await token.getAddress(), artifact.abi, await provider.getSigner(0));
    },
    snapshot: async () => (await send('evm_snapshot')) as string,
    revert: async (id) => {
      const ok = await send('evm_revert', [id]);
      if (ok !== true) throw new Error(`evm_revert ${id} failed`);
    },
    mine: async (blocks = 1) => {
      for (let i = 0; i < blocks; i++) await send('evm_mine');
    },
    blockNumber: async () => Number(await send('eth_blockNumber')),
    close: async () => {
      provider.destroy();
      await server.close();
    },
  };
}

/** A throwaway address for recipients of test transfers. */
export function randomAddress(): string {
  return Wallet.createRandom().address;
}
