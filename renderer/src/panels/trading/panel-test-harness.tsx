import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { StoresProvider } from '../../app/stores-context';
import { createConnectionStore } from '../../stores/connection-store';
import { createMarketStore, type MarketStore } from '../../stores/market-store';
import { createVenueStore } from '../../stores/venue-store';
import { FakeTransport } from '../../testing/fake-transport';

/**
 * Renders a trading panel against a connected client whose engine the test plays (a FakeTransport):
 * the test answers the calls the panel makes and delivers stream events.
 */
export function renderWithEngine(node: ReactNode, options: { readonly market?: MarketStore } = {}) {
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);
  const host: HTMLDivElement = document.createElement('div');
  document.body.append(host);
  const root: Root = createRoot(host);
  const transport = new FakeTransport();
  const answered = new Set<number>();
  const connection = createConnectionStore({ storage: null, localAvailable: false, createTransport: () => transport });
  connection.getState().connect({ kind: 'remote', url: 'ws://127.0.0.1:1/api' }, { token: 't', remember: false });
  act(() => transport.welcome());
  act(() => root.render(<StoresProvider stores={{ connection, market: options.market ?? createMarketStore(null), venues: createVenueStore() }}>{node}</StoresProvider>));

  const answer = async (results: Record<string, unknown>): Promise<void> => {
    for (const call of transport.sentOf('call')) {
      if (answered.has(call.id) || !(call.method in results)) continue;
      answered.add(call.id);
      act(() => transport.deliver({ type: 'result', id: call.id, result: results[call.method] }));
    }
    await act(async () => undefined);
  };
  const fail = async (method: string, message: string, type = 'ValidationError'): Promise<void> => {
    const call = transport.sentOf('call').find((c) => c.method === method && !answered.has(c.id));
    if (!call) throw new Error(`no unanswered ${method} call`);
    answered.add(call.id);
    act(() => transport.deliver({ type: 'error', id: call.id, error: { type, message } }));
    await act(async () => undefined);
  };
  const callsOf = (method: string) => transport.sentOf('call').filter((c) => c.method === method);
  const event = (stream: string, seq: number, payload: unknown): void => act(() => transport.deliver({ type: 'event', stream, seq, payload }));
  const click = (selector: string): void => {
    const element = host.querySelector(selector);
    if (!(element instanceof HTMLElement)) throw new Error(`nothing matches ${selector}`);
    act(() => element.click());
  };
  const type = (selector: string, value: string): void => {
    const input = host.querySelector(selector);
    if (!(input instanceof HTMLInputElement)) throw new Error(`no input matches ${selector}`);
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  const unmount = (): void => {
    act(() => root.unmount());
    host.remove();
  };
  return { host, transport, answer, fail, callsOf, event, click, type, unmount };
}
