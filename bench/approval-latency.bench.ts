/**
 * Approval latency, the two figures of the trading path:
 * 1. approve → the order received by the venue: ApprovalQueue.approve (risk check, SQLite journal of the
 *    decision and the order intent, ExecutionEngine) to the moment the Bybit emulator's account sees the
 *    order, through BybitExecutionClient (ccxt, signed HTTP on loopback). Also to the paper venue
 *    (SimExecutionClient), whose "receipt" is its submit call.
 * 2. proposal created → visible at a connected client: a live strategy signal published on the engine's
 *    bus in `stratus serve` to the approvals.proposal event parsed by a WebSocket client.
 * Median over runs of each run's p50 and p99 (milliseconds).
 */
import { join } from 'node:path';
import { SimExecutionClient } from '../engine/adapters/sim/sim-execution-client';
import { BTC_PERP } from '../engine/adapters/sim/test-instruments';
import { LiveClock } from '../engine/core/clock';
import { parseUnits } from '../engine/core/money';
import type { ExecutionClient } from '../engine/execution/execution-client';
import type { ProposalView } from '../engine/execution/execution-views';
import { venueAccount, portfolioAccount, type TradingAccount } from '../engine/execution/trading-account';
import { startServe } from '../engine/hosts/serve';
import type { Instrument } from '../engine/model/instrument';
import { MONEY_SCALE } from '../engine/model/order';
import { InstrumentRepository } from '../engine/store/repositories/instrument-repository';
import { BTC, startBybitFixture } from '../engine/testing/bybit-execution-fixture';
import { FaultyExecutionClient } from '../engine/testing/faulty-execution-client';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { benchSignal as signal, measure, PER_RUN, RUNS, startApprovalPath, WARMUP, type Figures } from './approval-path';
import { fmt, report } from './stats';

const TOKEN = 'bench-token-0123456789abcdef';
const trader = { kind: 'trader', via: 'ui' } as const;

/**
 * Approve → receipt on `client`: proposals made from signals (a limit buy well below the market, so orders
 * rest and the account stays the same), approved one at a time; `received` reports the venue's receipt.
 */
async function approveToReceipt(
  client: ExecutionClient,
  instrument: Instrument,
  price: number,
  limit: string,
  account: (clock: LiveClock) => TradingAccount,
  onReceipt: (listener: (clientOrderId: string) => void) => void,
): Promise<Figures> {
  const { queue, engine, close } = await startApprovalPath(client, instrument, price, account);
  const receivedAt = new Map<string, number>();
  onReceipt((id) => {
    if (!receivedAt.has(id)) receivedAt.set(id, performance.now());
  });
  const once = async (): Promise<number> => {
    const proposal = await queue.onSignal(signal(instrument, price));
    if (!proposal) throw new Error('no proposal was made');
    queue.modify(proposal.id, { price: limit, stop: Number(limit) * 0.9 }, trader);
    const began = performance.now();
    const approved = await queue.approve(proposal.id, trader);
    if (approved.status !== 'submitted' || !approved.clientOrderId) throw new Error(`approval ended ${approved.status}: ${approved.reason}`);
    const at = receivedAt.get(approved.clientOrderId);
    if (at === undefined) throw new Error(`the venue never saw ${approved.clientOrderId}`);
    // Untimed: a venue caps resting orders (Bybit at 500), so each one is cancelled before the next.
    await engine.cancel(approved.clientOrderId);
    return at - began;
  };
  try {
    return await measure(once);
  } finally {
    close();
  }
}

const BYBIT_BTC: Instrument = { ...BTC_PERP, venue: 'bybit', symbol: BTC };

const fixture = await startBybitFixture();
let bybit: Figures;
let bybitBaseline: Figures;
try {
  // Baseline: the Bybit client alone (ccxt, signing, HTTP, the emulator), no queue, risk or journal.
  const receivedAt = new Map<string, number>();
  const off = fixture.emulator.account.listen({ order: (order) => void (receivedAt.has(order.orderLinkId) || receivedAt.set(order.orderLinkId, performance.now())) });
  let seq = 0;
  bybitBaseline = await measure(async () => {
    const clientOrderId = `base-${process.pid}-${++seq}`;
    const request = { clientOrderId, venue: 'bybit', symbol: BTC, side: 'buy' as const, type: 'limit' as const, quantity: 1n, price: 500_000n, timeInForce: 'GTC' as const, reduceOnly: false, createdAt: Date.now() };
    const began = performance.now();
    await fixture.client.submit(request);
    const at = receivedAt.get(clientOrderId);
    if (at === undefined) throw new Error(`the venue never saw ${clientOrderId}`);
    await fixture.client.cancel(BTC, clientOrderId);
    return at - began;
  });
  off();
  bybit = await approveToReceipt(
    fixture.client,
    BYBIT_BTC,
    60_000,
    '50000',
    () => venueAccount('bybit', 'USDT', () => BYBIT_BTC),
    (listener) => fixture.emulator.account.listen({ order: (order) => listener(order.orderLinkId) }),
  );
} finally {
  await fixture.stop();
}

const paperInstrument: Instrument = { ...BYBIT_BTC, symbol: 'BTCUSDT' };
const paperClock = new LiveClock();
const paper = new SimExecutionClient({ instruments: [paperInstrument], clock: paperClock, initialCash: parseUnits('1000000', MONEY_SCALE) });
paper.onTrade('BTCUSDT', { id: 't1', time: Date.now(), price: 60_000, amount: 1, side: 'buy' });
// The paper venue's receipt is the moment its submit is called.
const paperClient = new FaultyExecutionClient(paper);
const paperFigures = await approveToReceipt(
  paperClient,
  paperInstrument,
  60_000,
  '50000',
  () => portfolioAccount(paper.portfolio, () => [paperInstrument]),
  (listener) => (paperClient.beforeSubmit = (request) => listener(request.clientOrderId)),
);

// Proposal created → visible at a WebSocket client of `stratus serve`.
const dir = tempDir('stratus-bench-');
const serve = await startServe({ databasePath: join(dir.path, 'bench.db'), port: 0, token: TOKEN, staticDir: null, rateLimit: { perSecond: 1e6, burst: 1e6 } });
const wsInstrument: Instrument = { ...BYBIT_BTC, symbol: 'BTCUSDT' };
new InstrumentRepository(serve.engine.db).upsertMany([wsInstrument]);
const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
let visible: Figures;
try {
  client.subscribe({ 'approvals.proposal': null });
  await client.waitFor((m) => m.type === 'subscribed');
  const seen = new Map<string, (at: number) => void>();
  client.socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; stream?: string; payload?: ProposalView };
    if (message.type === 'event' && message.stream === 'approvals.proposal' && message.payload) seen.get(message.payload.signalId)?.(performance.now());
  });
  const once = async (): Promise<number> => {
    const s = signal(wsInstrument, 60_000);
    const arrived = new Promise<number>((resolve) => seen.set(s.id, resolve));
    const began = performance.now();
    serve.engine.bus.publish(`strategy.signal.bench.bybit.BTCUSDT.1h`, s);
    const at = await arrived;
    seen.delete(s.id);
    return at - began;
  };
  visible = await measure(once);
} finally {
  await client.close();
  await serve.close();
  dir.remove();
}

const ms = (n: number) => `${fmt(n, 2)} ms`;
report(`Approval latency (median of ${RUNS} runs × ${PER_RUN}, after ${WARMUP} untimed)`, [
  ['approve → Bybit emulator order, p50', ms(bybit.p50)],
  ['approve → Bybit emulator order, p99 (goal ≤ 5 ms)', ms(bybit.p99)],
  ['baseline: BybitExecutionClient.submit alone → emulator, p50', ms(bybitBaseline.p50)],
  ['baseline: BybitExecutionClient.submit alone → emulator, p99', ms(bybitBaseline.p99)],
  ['approve → paper venue (SimExecutionClient), p50', ms(paperFigures.p50)],
  ['approve → paper venue (SimExecutionClient), p99', ms(paperFigures.p99)],
  ['proposal → WebSocket client, p50', ms(visible.p50)],
  ['proposal → WebSocket client, p99 (goal ≤ 50 ms)', ms(visible.p99)],
]);
