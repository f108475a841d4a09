import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { MessageBus } from '../core/message-bus';
import type { FillView, ProposalView, RiskView } from '../execution/execution-views';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import type { TransferEvent } from '../signals/onchain/onchain-types';
import { proposalView } from '../testing/proposal-view';
import { openDatabase, type Db } from '../store/database';
import { AlertEngine, ALERTS_RAISED_TOPIC, type TelegramSink } from './alert-engine';
import { inQuietHours } from './alert-policy';
import { AlertStore } from './alert-store';
import { DEFAULT_ALERT_RULES, type AlertRules, type AlertView } from './alert-types';
import type { DesktopNotification } from './desktop-notifier';

const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const fill = (id: string, quantity: string, price: string): FillView => ({
  id,
  clientOrderId: `c-${id}`,
  venue: 'bybit',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity,
  price,
  fee: '0.1',
  liquidity: 'taker',
  time: t0,
  receivedAt: t0,
});

const proposal = (id: string, status: ProposalView['status'] = 'pending'): ProposalView => proposalView(id, t0, status);

const risk = (state: RiskView['state'], reason?: string): RiskView => ({ state, reason, updatedAt: t0 }) as unknown as RiskView;

const regime = (label: RegimeState['regime']): RegimeState =>
  ({ venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1h', time: t0, receivedAt: t0, modelId: 'm', labels: [], probabilities: [], regime: label, confidence: 0.8 }) as unknown as RegimeState;

const whale = (id: string, valueUsd: number | null, kind: TransferEvent['kind'] = 'new'): TransferEvent =>
  ({
    kind,
    transfer: { id, chain: 'ethereum', token: 'USDT', amount: '5000000', amountValue: 5e6, from: '0xaaaaaaaaaaaaaaaaaaaa', to: '0xbbbbbbbbbbbbbbbbbbbb', fromLabel: null, toLabel: { name: 'Binance 14' }, valueUsd, classification: 'exchange-inflow', severity: 'high' },
  }) as unknown as TransferEvent;

const aggregate = (score: number, spike: boolean): SentimentAggregate => ({ symbol: 'BTC', window: '1h', at: t0, score, confidence: 0.7, count: 12, spike });

describe('AlertEngine rules', () => {
  let db: Db;
  let bus: MessageBus;
  let clock: TestClock;
  let store: AlertStore;
  let desktop: DesktopNotification[];
  let telegramSent: AlertView[];
  let telegram: TelegramSink & { accepting: boolean };
  let raised: AlertView[];
  let engine: AlertEngine;

  const setRules = (change: (rules: AlertRules) => AlertRules): void => void engine.setRules(change(engine.rules()));

  beforeEach(() => {
    db = openDatabase({ path: ':memory:' });
    bus = new MessageBus({ onHandlerError: (error) => { throw error; } });
    clock = new TestClock(t0);
    store = new AlertStore(db);
    desktop = [];
    telegramSent = [];
    telegram = { accepting: true, send: async (alert) => {
      telegramSent.push(alert);
      return true;
    }, onProposal: () => {} };
    raised = [];
    bus.subscribe<AlertView>(ALERTS_RAISED_TOPIC, (alert) => raised.push(alert));
    engine = new AlertEngine({ bus, clock, store, desktop: { notify: (n) => desktop.push(n) }, telegram, log: () => {} });
    engine.start();
  });

  afterEach(() => {
    engine.stop();
    db.close();
  });

  it('raises a proposal alert once, stores it, and pushes it to the desktop and Telegram', () => {
    bus.publish('approvals.proposal', proposal('p1'));
    // Modified and published again while still pending: no second alert.
    bus.publish('approvals.proposal', proposal('p1'));
    bus.publish('approvals.proposal', proposal('p1', 'submitted'));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'proposal', severity: 'warning', proposalId: 'p1', symbol: 'BTCUSDT', read: false, channels: ['in-app', 'desktop', 'telegram'], suppressed: null });
    expect(raised[0]!.body).toContain('notional 600.00,');
    expect(desktop).toEqual([{ title: raised[0]!.title, body: raised[0]!.body, severity: 'warning', tag: 'p1' }]);
    expect(telegramSent.map((a) => a.id)).toEqual([raised[0]!.id]);
    expect(store.list({ limit: 10, unreadOnly: true })).toEqual(raised);
  });

  it('offers a proposal again when it comes back from a snooze, not when it was decided meanwhile', () => {
    const snoozedUntil = t0 + 15 * 60_000;
    const offered = (id: string, expiresAt: number): ProposalView => ({ ...proposal(id), expiresAt });
    bus.publish('approvals.proposal', proposal('p1'));
    bus.publish('approvals.proposal', { ...proposal('p1', 'snoozed'), snoozedUntil, expiresAt: snoozedUntil + 600_000 });
    bus.publish('approvals.proposal', offered('p1', snoozedUntil + 600_000));
    // Modified after its return: still the same offer.
    bus.publish('approvals.proposal', offered('p1', snoozedUntil + 600_000));
    expect(raised.map((a) => a.title)).toEqual(['Buy 0.01 BTCUSDT — approve?', 'Buy 0.01 BTCUSDT — back from snooze, approve?']);
    expect(raised[1]).toMatchObject({ proposalId: 'p1', channels: ['in-app', 'desktop', 'telegram'], suppressed: null });
    expect(telegramSent).toHaveLength(2);

    bus.publish('approvals.proposal', proposal('p2'));
    bus.publish('approvals.proposal', { ...proposal('p2', 'snoozed'), snoozedUntil });
    bus.publish('approvals.proposal', proposal('p2', 'rejected'));
    expect(raised.filter((a) => a.proposalId === 'p2')).toHaveLength(1);
  });

  it('drops kinds that are switched off or below the minimum severity, and follows per-kind channels', () => {
    setRules((r) => ({ ...r, kinds: { ...r.kinds, proposal: { ...r.kinds.proposal, enabled: false }, 'kill-switch': { enabled: true, channels: { desktop: false, telegram: true }, minSeverity: 'critical' } } }));
    bus.publish('approvals.proposal', proposal('p1'));
    bus.publish('risk.state', risk('ACTIVE'));
    bus.publish('risk.state', risk('REDUCE_ONLY', 'drawdown 8 %'));
    bus.publish('risk.state', risk('HALTED', 'manual'));
    expect(raised.map((a) => [a.kind, a.severity, a.channels])).toEqual([['kill-switch', 'critical', ['in-app', 'telegram']]]);
    expect(raised[0]!.body).toBe('REDUCE_ONLY → HALTED: manual');
    expect(desktop).toHaveLength(0);
  });

  it('applies thresholds: whale USD value, fill notional, sentiment move', () => {
    setRules((r) => ({ ...r, kinds: { ...r.kinds, fill: { ...r.kinds.fill, threshold: 1_000 }, whale: { ...r.kinds.whale, threshold: 2_000_000 }, 'sentiment-spike': { ...r.kinds['sentiment-spike'], threshold: 0.4 } } }));
    bus.publish('orders.fill', fill('f1', '0.01', '60000')); // 600 USD: under
    bus.publish('orders.fill', fill('f2', '0.02', '60000')); // 1,200 USD
    bus.publish('onchain.transfer.ethereum', whale('w1', 1_500_000));
    bus.publish('onchain.transfer.ethereum', whale('w2', 5_000_000));
    bus.publish('onchain.transfer.ethereum', whale('w3', null)); // no price: never guessed
    bus.publish('onchain.transfer.ethereum', whale('w4', 9_000_000, 'final')); // already alerted when new
    bus.publish('sentiment.aggregate.BTC.1h', aggregate(0.1, false));
    bus.publish('sentiment.aggregate.BTC.1h', aggregate(0.3, true)); // moved 0.2: under
    bus.publish('sentiment.aggregate.BTC.1h', aggregate(-0.4, true)); // moved 0.7
    expect(raised.map((a) => a.kind)).toEqual(['fill', 'whale', 'sentiment-spike']);
    expect(raised[0]!.title).toContain('0.02 BTCUSDT');
    expect(raised[1]!.title).toBe('Whale: 5000000 USDT ($5,000,000)');
    expect(raised[2]!.title).toBe('BTC sentiment spike down (1h)');
  });

  it('alerts on regime changes, not on the first state or a repeat', () => {
    bus.publish('regime.state.bybit.BTCUSDT.1h', regime('range'));
    bus.publish('regime.state.bybit.BTCUSDT.1h', regime('range'));
    bus.publish('regime.state.bybit.BTCUSDT.1h', regime('stress'));
    expect(raised.map((a) => [a.title, a.severity])).toEqual([['BTCUSDT 1h: range → stress', 'warning']]);
  });

  it('de-duplicates the same key within the window: kept read, pushed nowhere; again after the window', () => {
    setRules((r) => ({ ...r, dedupWindowSeconds: 60 }));
    const halt = (): void => {
      bus.publish('risk.state', risk('ACTIVE'));
      bus.publish('risk.state', risk('HALTED'));
    };
    halt();
    clock.advanceBy(30_000);
    halt();
    clock.advanceBy(30_000);
    halt();
    const halts = raised.filter((a) => a.title.startsWith('Kill switch'));
    expect(halts.map((a) => [a.suppressed, a.read, a.channels])).toEqual([
      [null, false, ['in-app', 'desktop', 'telegram']],
      ['duplicate', true, []],
      [null, false, ['in-app', 'desktop', 'telegram']],
    ]);
    expect(desktop.filter((n) => n.title.startsWith('Kill switch'))).toHaveLength(2);
    // The second 'Trading resumed' (30 s after the first) is a duplicate too.
    expect(store.list({ limit: 100, unreadOnly: false }).filter((a) => a.suppressed === 'duplicate').map((a) => a.title)).toEqual(['Trading resumed', 'Kill switch: trading halted']);
  });

  it('rate-limits pushes per channel in a sliding minute; the alert centre still gets every alert', () => {
    setRules((r) => ({ ...r, rateLimitPerMinute: 3, kinds: { ...r.kinds, fill: { ...r.kinds.fill, channels: { desktop: true, telegram: false } } } }));
    for (let i = 0; i < 5; i++) {
      bus.publish('orders.fill', fill(`f${i}`, '1', '100'));
      clock.advanceBy(1_000);
    }
    expect(raised).toHaveLength(5);
    expect(raised.map((a) => a.suppressed)).toEqual([null, null, null, 'rate-limit', 'rate-limit']);
    expect(desktop).toHaveLength(3);
    // Telegram has its own budget: a proposal still reaches it while the desktop's is spent.
    bus.publish('approvals.proposal', proposal('p9'));
    expect(raised.at(-1)).toMatchObject({ channels: ['in-app', 'telegram'], suppressed: 'rate-limit' });
    clock.advanceBy(60_000);
    bus.publish('orders.fill', fill('f9', '1', '100'));
    expect(raised.at(-1)).toMatchObject({ channels: ['in-app', 'desktop'], suppressed: null });
  });

  it('holds back desktop and Telegram pushes in quiet hours across midnight, letting critical ones through when allowed', () => {
    // 22:00–07:00 at UTC+2: 12:00 UTC is 14:00 local (awake), 21:30 UTC is 23:30 local (quiet).
    setRules((r) => ({ ...r, dedupWindowSeconds: 0, quietHours: { enabled: true, start: '22:00', end: '07:00', utcOffsetMinutes: 120, allowCritical: true } }));
    bus.publish('orders.fill', fill('day', '1', '100'));
    clock.advanceTo(Date.UTC(2026, 0, 5, 21, 30));
    bus.publish('orders.fill', fill('night', '1', '100'));
    bus.publish('risk.state', risk('ACTIVE'));
    bus.publish('risk.state', risk('HALTED', 'drawdown'));
    setRules((r) => ({ ...r, quietHours: { ...r.quietHours, allowCritical: false } }));
    bus.publish('risk.state', risk('ACTIVE'));
    bus.publish('risk.state', risk('HALTED', 'drawdown again'));
    expect(raised.map((a) => [a.title.split(':')[0], a.suppressed, a.channels.length])).toEqual([
      ['Filled', null, 3],
      ['Filled', 'quiet-hours', 1],
      ['Kill switch', null, 3],
      ['Trading resumed', 'quiet-hours', 1],
      ['Kill switch', 'quiet-hours', 1],
    ]);
  });

  it('pushes nothing to Telegram while the bot takes no alerts (off, or its token refused), and nothing to a desktop it does not have', () => {
    telegram.accepting = false;
    bus.publish('approvals.proposal', proposal('p1'));
    expect(raised[0]!.channels).toEqual(['in-app', 'desktop']);
    const headless = new AlertEngine({ bus: new MessageBus(), clock, store, log: () => {} });
    expect(headless.raise({ kind: 'system', severity: 'info', title: 't', body: 'b', symbol: null, proposalId: null, dedupKey: 'x' })!.channels).toEqual(['in-app']);
  });

  it('keeps rules and alerts across a restart, and marks alerts read', () => {
    setRules((r) => ({ ...r, dedupWindowSeconds: 5, rateLimitPerMinute: 7 }));
    bus.publish('approvals.proposal', proposal('p1'));
    bus.publish('approvals.proposal', proposal('p2'));
    const again = new AlertStore(db);
    expect(again.rules()).toMatchObject({ dedupWindowSeconds: 5, rateLimitPerMinute: 7 });
    expect(again.unread()).toBe(2);
    expect(again.markRead([raised[0]!.id])).toBe(1);
    expect(again.list({ limit: 10, unreadOnly: true }).map((a) => a.proposalId)).toEqual(['p2']);
    expect(again.markRead('all')).toBe(0);
    expect(again.list({ limit: 1, before: raised[1]!.at + 1, unreadOnly: false })).toHaveLength(1);
  });

  it('falls back to the default rules when the stored ones no longer parse', () => {
    db.prepare("INSERT INTO alert_settings (name, value, updated_at) VALUES ('rules', '{\"kinds\":1}', 0)").run();
    expect(new AlertStore(db).rules()).toEqual(DEFAULT_ALERT_RULES);
  });
});

describe('quiet hours', () => {
  const at = (h: number, m = 0): number => Date.UTC(2026, 0, 5, h, m);
  const quiet = { enabled: true, start: '22:00', end: '07:00', utcOffsetMinutes: 0, allowCritical: true };
  it('crosses midnight, ends exclusive, and reads the offset', () => {
    expect([at(21, 59), at(22), at(3), at(6, 59), at(7)].map((t) => inQuietHours(quiet, t))).toEqual([false, true, true, true, false]);
    expect(inQuietHours({ ...quiet, utcOffsetMinutes: -300 }, at(3))).toBe(true); // 22:00 in New York
    expect(inQuietHours({ ...quiet, utcOffsetMinutes: -300 }, at(12))).toBe(false);
    expect(inQuietHours({ ...quiet, start: '01:00', end: '05:00' }, at(2))).toBe(true);
    expect(inQuietHours({ ...quiet, start: '01:00', end: '05:00' }, at(23))).toBe(false);
    expect(inQuietHours({ ...quiet, enabled: false }, at(23))).toBe(false);
  });
});
