import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { PortMessageTarget } from '../engine-client/message-port-transport';

/** Stands in for the page's window in tests: the preload posts ports to it, from itself or (to test the filter) from elsewhere. */
export class FakeWindow implements PortMessageTarget {
  private readonly listeners = new Set<(event: MessageEvent) => void>();

  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }

  post(data: unknown, ports: readonly NodeMessagePort[], source: unknown = this): void {
    const event = new MessageEvent('message', { data });
    Object.defineProperty(event, 'source', { value: source });
    Object.defineProperty(event, 'ports', { value: ports });
    for (const listener of [...this.listeners]) listener(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
