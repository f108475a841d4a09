import type { Clock } from '../core/clock';
import { newId } from '../core/ids';
import type { MessageBus, Unsubscribe } from '../core/message-bus';
import type { FillView, ProposalView, RiskView } from '../execution/execution-views';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import type { TransferEvent } from '../signals/onchain/onchain-types';
import { ALL_REGIME_TOPICS } from '../regime/regime-topics';
import { ALL_SENTIMENT_AGGREGATES } from '../signals/sentiment/sentiment-topics';
import { atLeast, ChannelRateLimiter, Deduplicator, inQuietHours } from './alert-policy';
import { AlertSources, type AlertCandidate } from './alert-sources';
import type { AlertStore } from './alert-store';
import type { AlertChannel, AlertRules, AlertSuppression, AlertView } from './alert-types';
import type { DesktopNotifier } from './desktop-notifier';

export const ALERTS_RAISED_TOPIC = 'alerts.raised';
export const ALERTS_STATUS_TOPIC = 'alerts.status';

/** The Telegram side as the alert engine sees it. */
export type TelegramSink = {
  /** Running, or between tries (a 429, a dropped connection): alerts sent now go out when it runs again. */
  readonly accepting: boolean;
  send(alert: AlertView, proposal?: ProposalView): Promise<boolean>;
  onProposal(view: ProposalView): void;
};

export type AlertEngineOptions = {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly store: AlertStore;
  readonly desktop?: DesktopNotifier;
  readonly telegram?: TelegramSink;
  /** The kill switch's state at start (changes from it alert). */
  readonly riskState?: () => RiskView['state'];
  readonly log: (message: string, error?: unknown) => void;
};

/**
 * Turns bus events into alerts by the trader's rules: per-kind switches, minimum severity and
 * thresholds, then de-duplication, quiet hours and a per-channel rate limit for the pushes. Every alert
 * that passes the switches is stored and published on `alerts.raised` (the alert centre); desktop and
 * Telegram pushes are what the rules hold back.
 */
export class AlertEngine {
  private readonly sources = new AlertSources();
  private readonly dedup = new Deduplicator();
  private readonly limiter = new ChannelRateLimiter();
  private rulesNow: AlertRules;
  private subscriptions: Unsubscribe[] = [];

  constructor(private readonly options: AlertEngineOptions) {
    this.rulesNow = options.store.rules();
  }

  start(): void {
    const { bus } = this.options;
    this.sources.baseline(this.options.riskState?.());
    const on = <T>(topic: string, handle: (event: T) => void): Unsubscribe => bus.subscribe<T>(topic, handle);
    this.subscriptions = [
      on<ProposalView>('approvals.proposal', (view) => {
        this.raise(this.sources.proposal(view), view);
        this.options.telegram?.onProposal(view);
      }),
      on<FillView>('orders.fill', (fill) => this.raise(this.sources.fill(fill))),
      on<RiskView>('risk.state', (view) => this.raise(this.sources.risk(view))),
      on<RegimeState>(ALL_REGIME_TOPICS, (state) => this.raise(this.sources.regime(state))),
      on<TransferEvent>('onchain.transfer.>', (event) => this.raise(this.sources.whale(event))),
      on<SentimentAggregate>(ALL_SENTIMENT_AGGREGATES, (aggregate) => this.raise(this.sources.sentimentSpike(aggregate))),
    ];
  }

  stop(): void {
    for (const off of this.subscriptions) off();
    this.subscriptions = [];
  }

  rules(): AlertRules {
    return this.rulesNow;
  }

  setRules(rules: AlertRules): AlertRules {
    this.options.store.setRules(rules, this.options.clock.now());
    this.rulesNow = rules;
    return rules;
  }

  /**
   * Applies the rules to one candidate. Returns the stored alert, or null when its kind is off, below
   * the minimum severity or under the threshold (then nothing is kept).
   */
  raise(candidate: AlertCandidate | null, proposal?: ProposalView): AlertView | null {
    if (!candidate) return null;
    const rules = this.rulesNow;
    const rule = rules.kinds[candidate.kind];
    if (!rule.enabled || !atLeast(candidate.severity, rule.minSeverity)) return null;
    if (rule.threshold !== undefined && candidate.value !== undefined && candidate.value < rule.threshold) return null;
    const at = this.options.clock.now();
    const wanted: AlertChannel[] = [];
    if (rule.channels.desktop && this.options.desktop) wanted.push('desktop');
    if (rule.channels.telegram && this.options.telegram?.accepting && candidate.notVia !== 'telegram') wanted.push('telegram');

    let suppressed: AlertSuppression | null = null;
    const channels: AlertChannel[] = ['in-app'];
    if (this.dedup.isDuplicate(candidate.dedupKey, at, rules.dedupWindowSeconds * 1000)) suppressed = 'duplicate';
    else if (wanted.length > 0 && inQuietHours(rules.quietHours, at) && !(rules.quietHours.allowCritical && candidate.severity === 'critical')) suppressed = 'quiet-hours';
    else {
      for (const channel of wanted) {
        if (this.limiter.take(channel, at, rules.rateLimitPerMinute)) channels.push(channel);
        else suppressed = 'rate-limit';
      }
    }
    // A duplicate stays in the alert centre for the record, already read and pushed nowhere.
    const duplicate = suppressed === 'duplicate';
    const alert: AlertView = {
      id: newId(at),
      at,
      kind: candidate.kind,
      severity: candidate.severity,
      title: candidate.title,
      body: candidate.body,
      symbol: candidate.symbol,
      proposalId: candidate.proposalId,
      read: duplicate,
      channels: duplicate ? [] : channels,
      suppressed,
    };
    this.options.store.insert(alert, candidate.dedupKey);
    this.options.bus.publish(ALERTS_RAISED_TOPIC, alert);
    if (channels.includes('desktop')) this.notifyDesktop(alert);
    if (channels.includes('telegram')) this.pushTelegram(alert, proposal);
    return alert;
  }

  private notifyDesktop(alert: AlertView): void {
    try {
      this.options.desktop?.notify({ title: alert.title, body: alert.body, severity: alert.severity, tag: alert.proposalId ?? alert.id });
    } catch (error) {
      this.options.log('a desktop notification failed', error);
    }
  }

  private pushTelegram(alert: AlertView, proposal?: ProposalView): void {
    this.options.telegram
      ?.send(alert, proposal)
      .then((delivered) => {
        if (!delivered) this.options.log(`alert ${alert.id} reached no Telegram chat`);
      })
      .catch((error: unknown) => this.options.log('a Telegram alert failed', error));
  }
}
