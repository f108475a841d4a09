/**
 * Telegram approval latency: a tap on a proposal's Approve button in Telegram → the order on the wire at
 * the Bybit emulator. The tap is a callback_query update injected into a local Bot API server while the
 * engine's bot long-polls it (grammY over HTTP on loopback); the bot checks the chat, the signature and
 * the expiry, records the callback, and approves through the approval queue (risk check, SQLite journal,
 * ExecutionEngine, BybitExecutionClient with ccxt's signed HTTP). Baseline: the same approval called
 * directly, as the window's Approve button does. Median over runs of each run's p50 and p99 (ms).
 */
import { BTC_PERP } from '../engine/adapters/sim/test-instruments';
import { LiveClock } from '../engine/core/clock';
import { newId } from '../engine/core/ids';
import { AlertStore } from '../engine/alerts/alert-store';
import type { AlertView } from '../engine/alerts/alert-types';
import { TelegramBot } from '../engine/alerts/telegram/telegram-bot';
import type { ProposalView } from '../engine/execution/execution-views';
import { venueAccount } from '../engine/execution/trading-account';
import type { Instrument } from '../engine/model/instrument';
import { BTC, startBybitFixture } from '../engine/testing/bybit-execution-fixture';
import { TelegramBotApiServer, type FixtureMessage } from '../engine/testing/fixture-servers/telegram-bot-api';
import { benchSignal, measure, startApprovalPath, type Figures } from './approval-path';
import { fmt, report } from './stats';
import { loadavg } from 'node:os';

const RUNS = 5;
const PER_RUN = 100;
const WARMUP = 20;
const CHAT = 5_550_001;
const BOT_TOKEN = '7012345678:AAH-bench_token-0123456789abcdefghijkl';
const PRICE = 60_000;
const LIMIT = '50000';
const trader = { kind: 'trader', via: 'ui' } as const;
const BYBIT_BTC: Instrument = { ...BTC_PERP, venue: 'bybit', symbol: BTC };

const load = (): string => loadavg().map((n) => n.toFixed(2)).join(' ');
const loadBefore = load();

const bybit = await startBybitFixture();
const telegram = new TelegramBotApiServer(BOT_TOKEN);
await telegram.start();
const path = await startApprovalPath(bybit.client, BYBIT_BTC, PRICE, () => venueAccount('bybit', 'USDT', () => BYBIT_BTC));
const store = new AlertStore(path.db);
store.setTelegram({ enabled: true, allowedChatIds: [String(CHAT)] }, Date.now());
const bot = new TelegramBot({
  store,
  clock: new LiveClock(),
  approvals: {
    get: (id) => path.queue.get(id),
    approve: (id, by) => path.queue.approve(id, by),
    reject: (id, reason, by) => path.queue.reject(id, reason, by),
    snooze: (id, minutes, by) => path.queue.snooze(id, minutes, by),
    audit: (query) => path.queue.auditLog(query),
  },
  token: async () => BOT_TOKEN,
  onStatus: () => {},
  log: (message) => console.error(message),
  apiRoot: telegram.apiRoot,
  pollTimeoutSeconds: 30,
});

const receivedAt = new Map<string, number>();
bybit.emulator.account.listen({ order: (order) => void (receivedAt.has(order.orderLinkId) || receivedAt.set(order.orderLinkId, performance.now())) });

/** A pending limit buy well below the market (it rests; it is cancelled after each sample). */
async function pendingProposal() {
  const proposal = await path.queue.onSignal(benchSignal(BYBIT_BTC, PRICE));
  if (!proposal) throw new Error('no proposal was made');
  return path.queue.modify(proposal.id, { price: LIMIT, stop: Number(LIMIT) * 0.9 }, trader);
}

async function settle(proposalId: string): Promise<number> {
  const [decided] = path.queue.list({ status: ['submitted', 'failed', 'approved'], limit: 1 }).filter((p) => p.id === proposalId);
  if (decided?.status !== 'submitted' || !decided.clientOrderId) throw new Error(`approval ended ${decided?.status ?? 'unknown'}: ${decided?.reason ?? ''}`);
  const at = receivedAt.get(decided.clientOrderId);
  if (at === undefined) throw new Error(`the venue never saw ${decided.clientOrderId}`);
  // Untimed: Bybit caps resting orders at 500, so each one is cancelled before the next.
  await path.engine.cancel(decided.clientOrderId);
  return at;
}

/** The proposal's message, sent by the bot as an alert would send it. */
async function offer(proposal: ProposalView): Promise<FixtureMessage> {
  const alert: AlertView = { id: newId(), at: Date.now(), kind: 'proposal', severity: 'warning', title: 'approve?', body: proposal.rationale, symbol: proposal.symbol, proposalId: proposal.id, read: false, channels: ['in-app', 'telegram'], suppressed: null };
  if (!(await bot.send(alert, proposal))) throw new Error(`the proposal message was not sent: ${bot.view().message ?? ''}`);
  // Let the bot's long poll be waiting again, as it is when a trader taps.
  await new Promise((resolve) => setImmediate(resolve));
  return telegram.messages.at(-1)!;
}

let viaTelegram: Figures;
let direct: Figures;
let snoozeViaTelegram: Figures;
let snoozeDirect: Figures;
try {
  await bot.restart();
  for (let i = 0; bot.view().state !== 'running'; i++) {
    if (i > 500) throw new Error(`the bot did not start: ${bot.view().message ?? bot.view().state}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  viaTelegram = await measure(
    async () => {
      const proposal = await pendingProposal();
      const message = await offer(proposal);
      const approve = message.reply_markup!.inline_keyboard[0]![0]!.callback_data!;
      const began = performance.now();
      const tap = telegram.tap({ chatId: CHAT, userId: CHAT, messageId: message.message_id, data: approve });
      const answer = await telegram.answerTo(tap);
      if (!answer.text?.startsWith('✅')) throw new Error(`the tap was answered "${answer.text ?? ''}"`);
      return (await settle(proposal.id)) - began;
    },
    { runs: RUNS, perRun: PER_RUN, warmup: WARMUP },
  );
  direct = await measure(
    async () => {
      const proposal = await pendingProposal();
      const began = performance.now();
      await path.queue.approve(proposal.id, trader);
      return (await settle(proposal.id)) - began;
    },
    { runs: RUNS, perRun: PER_RUN, warmup: WARMUP },
  );
  // Snooze 15 min: from the tap to its answer, the proposal snoozed in the queue (untimed: it is rejected after).
  snoozeViaTelegram = await measure(
    async () => {
      const proposal = await pendingProposal();
      const message = await offer(proposal);
      const snooze = message.reply_markup!.inline_keyboard[1]![0]!.callback_data!;
      const began = performance.now();
      const answer = await telegram.answerTo(telegram.tap({ chatId: CHAT, userId: CHAT, messageId: message.message_id, data: snooze }));
      const took = performance.now() - began;
      if (!answer.text?.startsWith('💤') || path.queue.get(proposal.id).status !== 'snoozed') throw new Error(`the snooze tap was answered "${answer.text ?? ''}"`);
      path.queue.reject(proposal.id, undefined, trader);
      return took;
    },
    { runs: RUNS, perRun: PER_RUN, warmup: WARMUP },
  );
  snoozeDirect = await measure(
    async () => {
      const proposal = await pendingProposal();
      const began = performance.now();
      path.queue.snooze(proposal.id, 15, trader);
      const took = performance.now() - began;
      path.queue.reject(proposal.id, undefined, trader);
      return took;
    },
    { runs: RUNS, perRun: PER_RUN, warmup: WARMUP },
  );
} finally {
  await bot.stop();
  path.close();
  await telegram.stop();
  await bybit.stop();
}

const ms = (n: number) => `${fmt(n, 2)} ms`;
report(`Telegram approval latency (median of ${RUNS} runs × ${PER_RUN}, after ${WARMUP} untimed)`, [
  ['tap → Bybit emulator order, p50', ms(viaTelegram.p50)],
  ['tap → Bybit emulator order, p99', ms(viaTelegram.p99)],
  ['baseline: approve in the window → emulator order, p50', ms(direct.p50)],
  ['baseline: approve in the window → emulator order, p99', ms(direct.p99)],
  ['Telegram path / direct, p50', `${fmt(viaTelegram.p50 / direct.p50, 2)}×`],
  ['Snooze 15 min tap → answered, snoozed, p50', ms(snoozeViaTelegram.p50)],
  ['Snooze 15 min tap → answered, snoozed, p99', ms(snoozeViaTelegram.p99)],
  ["baseline: the queue's snooze call alone, p50", ms(snoozeDirect.p50)],
  ['load average (1, 5, 15 min) before / after', `${loadBefore} / ${load()}`],
]);
