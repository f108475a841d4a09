import { describe, expect, it } from 'vitest';
import { MessageBus } from './message-bus';

describe('MessageBus', () => {
  it('delivers synchronously to exact, single-segment and tail patterns', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('data.candle.bybit.BTCUSDT.1m', (_, topic) => seen.push(`exact:${topic}`));
    bus.subscribe('data.candle.*.BTCUSDT.1m', (_, topic) => seen.push(`star:${topic}`));
    bus.subscribe('data.>', (_, topic) => seen.push(`tail:${topic}`));
    bus.subscribe('orders.>', () => seen.push('wrong'));
    bus.publish('data.candle.bybit.BTCUSDT.1m', 1);
    expect(seen).toEqual([
      'exact:data.candle.bybit.BTCUSDT.1m',
      'star:data.candle.bybit.BTCUSDT.1m',
      'tail:data.candle.bybit.BTCUSDT.1m',
    ]);
  });

  it('does not match a shorter or longer topic', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('a.*', (_, t) => seen.push(t));
    bus.subscribe('a.>', (_, t) => seen.push(`>${t}`));
    bus.publish('a', 0);
    bus.publish('a.b.c', 0);
    expect(seen).toEqual(['>a.b.c']);
  });

  it('keeps delivering to other handlers when one throws, and reports the error', () => {
    const errors: string[] = [];
    const bus = new MessageBus({ onHandlerError: (_, topic) => errors.push(topic) });
    const seen: number[] = [];
    bus.subscribe('x', () => {
      throw new Error('boom');
    });
    bus.subscribe('x', (n: number) => seen.push(n));
    bus.publish('x', 7);
    expect(seen).toEqual([7]);
    expect(errors).toEqual(['x']);
  });

  it('lets a handler unsubscribe another during delivery without skipping or repeating', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    let unsubscribeB = (): void => undefined;
    bus.subscribe('t', () => {
      seen.push('a');
      unsubscribeB();
    });
    unsubscribeB = bus.subscribe('t', () => seen.push('b'));
    bus.publish('t', null);
    bus.publish('t', null);
    expect(seen).toEqual(['a', 'a']);
    expect(bus.subscriberCount).toBe(1);
  });

  it('rejects malformed patterns', () => {
    const bus = new MessageBus();
    expect(() => bus.subscribe('a..b', () => undefined)).toThrow(/bad topic pattern/);
    expect(() => bus.subscribe('a.>.b', () => undefined)).toThrow(/may only end/);
  });
});
