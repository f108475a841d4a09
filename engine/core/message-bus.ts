/**
 * Synchronous publish/subscribe over dotted topics (`data.candle.bybit.BTCUSDT.1m`).
 * Patterns: `*` matches one segment, a trailing `>` matches one or more remaining segments.
 * Delivery is synchronous and in subscription order, so state is consistent when publish returns.
 */
export type BusHandler<T = unknown> = (payload: T, topic: string) => void;
export type Unsubscribe = () => void;

type Subscription = { pattern: string[]; handler: BusHandler; active: boolean };

export type MessageBusConfig = {
  /** Called when a handler throws; the other handlers still receive the message. */
  onHandlerError?: (error: unknown, topic: string) => void;
};

export class MessageBus {
  private subscriptions: Subscription[] = [];
  private readonly onHandlerError: (error: unknown, topic: string) => void;

  constructor(config: MessageBusConfig = {}) {
    this.onHandlerError =
      config.onHandlerError ??
      ((error, topic) => {
        console.error(`bus handler for ${topic} failed`, error);
      });
  }

  subscribe<T>(pattern: string, handler: BusHandler<T>): Unsubscribe {
    const subscription: Subscription = {
      pattern: parsePattern(pattern),
      handler: handler as BusHandler,
      active: true,
    };
    // Copy on write: a handler that subscribes or unsubscribes during delivery does not disturb it.
    this.subscriptions = [...this.subscriptions, subscription];
    return () => {
      subscription.active = false;
      this.subscriptions = this.subscriptions.filter((s) => s !== subscription);
    };
  }

  publish<T>(topic: string, payload: T): void {
    const segments = topic.split('.');
    for (const subscription of this.subscriptions) {
      if (!subscription.active || !matches(subscription.pattern, segments)) continue;
      try {
        subscription.handler(payload, topic);
      } catch (error) {
        this.onHandlerError(error, topic);
      }
    }
  }

  get subscriberCount(): number {
    return this.subscriptions.length;
  }
}

function parsePattern(pattern: string): string[] {
  const segments = pattern.split('.');
  if (segments.some((s) => s === '')) throw new Error(`bad topic pattern "${pattern}"`);
  const tail = segments.indexOf('>');
  if (tail !== -1 && tail !== segments.length - 1) {
    throw new Error(`">" may only end a topic pattern: "${pattern}"`);
  }
  return segments;
}

function matches(pattern: string[], topic: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === '>') return topic.length > i;
    if (i >= topic.length) return false;
    if (p !== '*' && p !== topic[i]) return false;
  }
  return pattern.length === topic.length;
}
