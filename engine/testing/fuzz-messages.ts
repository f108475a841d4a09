import { METHOD_ROLES } from '../api/auth/method-roles';

/** One fuzz frame: text (usually, not always, JSON) or binary. */
export type FuzzFrame = { readonly kind: 'text'; readonly data: string } | { readonly kind: 'binary'; readonly data: Buffer };

const METHODS = Object.keys(METHOD_ROLES);
const TYPES = ['hello', 'call', 'subscribe', 'unsubscribe', 'result', 'event', '', 'CALL', '__proto__', 'constructor'];
const STREAMS = ['approvals.proposal', 'orders.fill', 'risk.state', 'no.such.stream', '', 'x'.repeat(200)];

/**
 * Random and malformed client messages from a seeded generator, for fuzzing the API edge: random
 * JSON values, messages of the right shape with wrong types, huge strings, binary frames, unknown
 * methods and methods called with random parameters. `wellFormedCalls` adds calls of real methods
 * with random (possibly valid) parameters: only for a connection whose role cannot change anything.
 */
export function* fuzzMessages(random: () => number, count: number, options: { readonly wellFormedCalls: boolean }): Generator<FuzzFrame> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number): number => Math.floor(random() * max);
  const string = (max: number): string => {
    const length = int(max);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(random() < 0.9 ? 32 + int(95) : int(0x3000));
    return text;
  };
  const value = (depth: number): unknown => {
    switch (int(depth > 2 ? 6 : 9)) {
      case 0:
        return null;
      case 1:
        return random() < 0.5;
      case 2:
        return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, int(1_000_000)]);
      case 3:
        return string(40);
      case 4:
        return pick(['', 'BTCUSDT', 'bybit', '1m', 'paper', 'live', 'admin', '../../etc/passwd', '\u0000', '<script>']);
      case 5:
        return random() < 0.05 ? 'x'.repeat(100_000 + int(300_000)) : string(8);
      case 6:
        return Array.from({ length: int(5) }, () => value(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = int(5); i > 0; i--) object[pick(['id', 'venue', 'symbol', 'limit', 'mode', 'role', 'token', '__proto__', string(6)])] = value(depth + 1);
        return object;
      }
    }
  };
  for (let n = 0; n < count; n++) {
    const roll = random();
    if (roll < 0.05) {
      yield { kind: 'binary', data: Buffer.from(Array.from({ length: int(2_000) }, () => int(256))) };
    } else if (roll < 0.15) {
      // Not JSON, or JSON cut short.
      const text = JSON.stringify({ type: 'call', id: n, method: pick(METHODS), params: value(0) });
      yield { kind: 'text', data: random() < 0.5 ? text.slice(0, int(text.length)) : string(200) };
    } else if (roll < 0.3) {
      yield { kind: 'text', data: JSON.stringify(value(0)) ?? 'null' };
    } else if (roll < 0.45) {
      // The right keys with the wrong types and extra fields.
      yield { kind: 'text', data: JSON.stringify({ type: pick(TYPES), id: value(1), method: value(1), params: value(1), streams: value(1), token: value(1), extra: value(1) }) };
    } else if (roll < 0.55) {
      yield { kind: 'text', data: JSON.stringify({ type: 'call', id: int(1_000), method: random() < 0.5 ? `${pick(METHODS)}x` : string(30), params: {} }) };
    } else if (roll < 0.65) {
      const streams = random() < 0.5 ? { [pick(STREAMS)]: pick([null, 0, -5, 1.5, 'a', 10 ** 9]) } : value(1);
      yield { kind: 'text', data: JSON.stringify({ type: pick(['subscribe', 'unsubscribe']), streams }) };
    } else if (!options.wellFormedCalls) {
      // A real method with parameters of the wrong kind: never a valid call.
      yield { kind: 'text', data: JSON.stringify({ type: 'call', id: int(1_000), method: pick(METHODS), params: pick([42, 'params', [1, 2], true, -1]) }) };
    } else {
      yield { kind: 'text', data: JSON.stringify({ type: 'call', id: int(1_000), method: pick(METHODS), params: random() < 0.3 ? {} : value(0) }) };
    }
  }
}
