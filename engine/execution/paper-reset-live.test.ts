import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServe } from '../hosts/serve';
import { startBybitFixture, TEST_KEY, TEST_SECRET } from '../testing/bybit-execution-fixture';
import { tempDir } from '../testing/temp-dir';
import { startTradingServe, UP_ONCE_STRATEGY } from '../testing/trading-serve';
import type { WsTestClient } from '../testing/ws-test-client';
import { LIVE_CONFIRMATION } from './execution-views';

/** The paper account is never reset while the engine trades live (against the Bybit emulator over the WebSocket API). */
describe('trading.resetPaper in live mode', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;
  let stopFixture: () => Promise<void>;

  beforeEach(async () => {
    const fixture = await startBybitFixture();
    stopFixture = fixture.stop;
    process.env.STRATUS_BYBIT_API_KEY = TEST_KEY;
    process.env.STRATUS_BYBIT_API_SECRET = TEST_SECRET;
    dir = tempDir();
    ({ serve, client } = await startTradingServe(dir.path, UP_ONCE_STRATEGY, { venueEndpoints: { bybit: { restUrl: fixture.emulator.restUrl, wsUrl: fixture.emulator.wsUrl } } }));
  });

  afterEach(async () => {
    delete process.env.STRATUS_BYBIT_API_KEY;
    delete process.env.STRATUS_BYBIT_API_SECRET;
    await client.close();
    await serve.close();
    await stopFixture();
    dir.remove();
  });

  it('refuses with a clear error while live, and resets again once back on paper', async () => {
    await client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION });
    await expect(client.call('trading.resetPaper', { balance: 5_000 })).rejects.toMatchObject({ type: 'ValidationError', message: expect.stringMatching(/while trading live/) });
    expect(await client.call('portfolio.get', {})).toMatchObject({ mode: 'live' });

    await client.call('trading.setMode', { mode: 'paper' });
    expect(await client.call('trading.resetPaper', { balance: 5_000 })).toMatchObject({ initialCash: '5000.00000000', venue: 'sim' });
    expect(await client.call('portfolio.get', {})).toMatchObject({ mode: 'paper', equity: '5000.00000000' });
  });
});
