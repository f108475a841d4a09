/** A failure the emulator serves instead of a normal REST answer. */
export type RestFault =
  | { readonly kind: 'rate-limit' }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'malformed' }
  /** Bybit's error envelope with this code (110007 insufficient balance, 10016 server error…); nothing reaches the account. */
  | { readonly kind: 'reject'; readonly retCode: number; readonly retMsg: string }
  /** The request reaches the account (an order is created), then the answer never comes: the client times out. */
  | { readonly kind: 'accept-then-hang' }
  /** The request reaches the account, then the connection is cut before the answer. */
  | { readonly kind: 'accept-then-drop' }
  /** The private WebSocket connections are cut just before the request reaches the account, so its events are lost. */
  | { readonly kind: 'drop-private-stream' };

type PlannedFault = { readonly fault: RestFault; readonly path: string | undefined; remaining: number };

/** Faults queued by a test; each applies to the next matching requests, then is used up. */
export class RestFaultPlan {
  private readonly planned: PlannedFault[] = [];

  /** The next `count` requests (to `path`, when given) get `fault`. */
  failNext(count: number, fault: RestFault, path?: string): void {
    this.planned.push({ fault, path, remaining: count });
  }

  clear(): void {
    this.planned.length = 0;
  }

  take(path: string): RestFault | null {
    const index = this.planned.findIndex((p) => p.path === undefined || p.path === path);
    if (index < 0) return null;
    const planned = this.planned[index]!;
    planned.remaining -= 1;
    if (planned.remaining <= 0) this.planned.splice(index, 1);
    return planned.fault;
  }
}
