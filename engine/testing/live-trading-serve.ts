import type { BybitEmulator } from './bybit-emulator/bybit-emulator';
import { startBybitFixture, TEST_KEY, TEST_SECRET } from './bybit-execution-fixture';
import { tempDir } from './temp-dir';
import { startTradingServe, UP_ONCE_STRATEGY, type TradingServe } from './trading-serve';

export type LiveTradingServe = TradingServe & {
  readonly emulator: BybitEmulator;
  /** Closes the client, the serve and the emulator, forgets the keys and removes the folder. */
  close(): Promise<void>;
};

/**
 * `stratus serve` (with UP_ONCE_STRATEGY) able to trade live on the local Bybit emulator: its keys are in
 * the environment, where the engine's server secret store reads them.
 */
export async function startLiveTradingServe(): Promise<LiveTradingServe> {
  const { emulator, stop } = await startBybitFixture();
  process.env.STRATUS_BYBIT_API_KEY = TEST_KEY;
  process.env.STRATUS_BYBIT_API_SECRET = TEST_SECRET;
  const dir = tempDir();
  const release = async (): Promise<void> => {
    delete process.env.STRATUS_BYBIT_API_KEY;
    delete process.env.STRATUS_BYBIT_API_SECRET;
    await stop();
    dir.remove();
  };
  const started = await startTradingServe(dir.path, UP_ONCE_STRATEGY, { venueEndpoints: { bybit: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl } } }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const { serve, client } = started;
  return {
    serve,
    client,
    emulator,
    close: async () => {
      await client.close();
      await serve.close();
      await release();
    },
  };
}
