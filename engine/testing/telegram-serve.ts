import type { Clock } from '../core/clock';
import type { TelegramStatusView } from '../alerts/alert-types';
import type { ProposalView } from '../execution/execution-views';
import { LIVE_CONFIRMATION } from '../execution/execution-views';
import type { RunningServe } from '../hosts/serve';
import type { BybitEmulator } from './bybit-emulator/bybit-emulator';
import { startBybitFixture, TEST_KEY, TEST_SECRET } from './bybit-execution-fixture';
import { eventually } from './eventually';
import { TelegramBotApiServer, type FixtureMessage } from './fixture-servers/telegram-bot-api';
import { tempDir } from './temp-dir';
import { flatMinuteBar, startTradingServe, UP_ONCE_STRATEGY } from './trading-serve';
import type { WsTestClient } from './ws-test-client';

/** Wall-clock time that a test can move ahead (to end a snooze) while servers keep real time. */
export class ShiftedClock implements Clock {
  private shift = 0;

  now(): number {
    return Date.now() + this.shift;
  }

  advance(ms: number): void {
    this.shift += ms;
  }
}

export type TelegramServe = {
  readonly serve: RunningServe;
  readonly client: WsTestClient;
  readonly emulator: BybitEmulator;
  readonly telegram: TelegramBotApiServer;
  readonly clock: ShiftedClock;
  statuses(): TelegramStatusView[];
  /** Live mode and a strategy that signals once: its proposal. */
  propose(): Promise<ProposalView>;
  /** The proposal of `propose`, and the Telegram message that offers it. */
  proposalMessage(): Promise<{ readonly proposal: ProposalView; readonly message: FixtureMessage }>;
  close(): Promise<void>;
};

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;

/**
 * `stratus serve` trading live against the Bybit emulator, its Telegram bot switched on for `chatId` and
 * talking to a local Bot API server, on a clock the test can move ahead. Everything it starts, `close` stops.
 */
export async function startTelegramServe(botToken: string, chatId: number): Promise<TelegramServe> {
  const { emulator, stop: stopBybit } = await startBybitFixture();
  const telegram = new TelegramBotApiServer(botToken);
  await telegram.start();
  process.env.STRATUS_BYBIT_API_KEY = TEST_KEY;
  process.env.STRATUS_BYBIT_API_SECRET = TEST_SECRET;
  process.env.STRATUS_TELEGRAM_BOT_TOKEN = botToken;
  const dir = tempDir();
  const clock = new ShiftedClock();
  const { serve, client } = await startTradingServe(dir.path, UP_ONCE_STRATEGY, {
    venueEndpoints: { bybit: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl } },
    telegram: { apiRoot: telegram.apiRoot, pollTimeoutSeconds: 1 },
    clock,
  });
  const close = async (): Promise<void> => {
    delete process.env.STRATUS_BYBIT_API_KEY;
    delete process.env.STRATUS_BYBIT_API_SECRET;
    delete process.env.STRATUS_TELEGRAM_BOT_TOKEN;
    await client.close();
    await serve.close();
    await telegram.stop();
    await stopBybit();
    dir.remove();
  };
  const statuses = (): TelegramStatusView[] => client.events.filter((e) => e.stream === 'alerts.status').map((e) => e.payload as TelegramStatusView);
  try {
    client.subscribe({ 'alerts.status': null, 'alerts.raised': null, 'approvals.proposal': null });
    await client.waitFor((m) => m.type === 'subscribed');
    await client.call('alerts.setTelegram', { enabled: true, allowedChatIds: [String(chatId)] });
    await eventually(() => {
      if (statuses().at(-1)?.state !== 'running') throw new Error(`the bot is ${statuses().at(-1)?.state ?? 'not started'}`);
      return true;
    });
  } catch (error) {
    await close();
    throw error;
  }
  const propose = async (): Promise<ProposalView> => {
    await client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION });
    await client.call('strategy.attach', { strategy: 'up-once', series, params: {} });
    await client.call('data.appendCandles', { ...series, candles: [flatMinuteBar(0, 60_000), flatMinuteBar(1, 60_010)] });
    return eventually(async () => {
      const [p] = await client.call('approvals.list', {});
      if (!p) throw new Error('no proposal yet');
      return p;
    });
  };
  return {
    serve,
    client,
    emulator,
    telegram,
    clock,
    statuses,
    propose,
    proposalMessage: async () => {
      const proposal = await propose();
      const message = await eventually(() => {
        const found = telegram.messages.find((m) => m.reply_markup !== undefined);
        if (!found) throw new Error('no message with buttons yet');
        return found;
      });
      return { proposal, message };
    },
    close,
  };
}
