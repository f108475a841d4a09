import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLiveTradingServe, type LiveTradingServe } from '../testing/live-trading-serve';
import type { WsTestClient } from '../testing/ws-test-client';
import { LIVE_CONFIRMATION } from './execution-views';

/** The paper account is never reset while the engine trades live (against the Bybit emulator over the WebSocket API). */
describe('trading.resetPaper in live mode', () => {
  let live: LiveTradingServe;
  let client: WsTestClient;

  beforeEach(async () => {
    live = await startLiveTradingServe();
    ({ client } = live);
  });
  afterEach(() => live.close());

  it('refuses with a clear error while live, and resets again once back on paper', async () => {
    await client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION });
    await expect(client.call('trading.resetPaper', { balance: 5_000 })).rejects.toMatchObject({ type: 'ValidationError', message: expect.stringMatching(/while trading live/) });
    expect(await client.call('portfolio.get', {})).toMatchObject({ mode: 'live' });

    await client.call('trading.setMode', { mode: 'paper' });
    expect(await client.call('trading.resetPaper', { balance: 5_000 })).toMatchObject({ initialCash: '5000.00000000', venue: 'sim' });
    expect(await client.call('portfolio.get', {})).toMatchObject({ mode: 'paper', equity: '5000.00000000' });
  });
});
