import type { ServerMessage } from '../api/protocol';
import type { Engine } from '../kernel/create-engine';
import { eventually } from './eventually';

/** An in-process API connection to an engine: calls answered in order, every message it sent kept (events included). */
export function connectInProcess(engine: Pick<Engine, 'api'>) {
  const messages: ServerMessage[] = [];
  const session = engine.api.open({ id: 'test', transport: 'in-process', send: (m) => messages.push(m) });
  let nextId = 1;
  const call = async (method: string, params: unknown): Promise<{ result?: unknown; error?: { type: string; message: string } }> => {
    const id = nextId++;
    session.receive({ type: 'call', id, method, params });
    const answer = (await eventually(
      () => messages.find((m): m is Extract<ServerMessage, { type: 'result' | 'error' }> => (m.type === 'result' || m.type === 'error') && m.id === id),
      { timeoutMs: 60_000 },
    ))!;
    return answer.type === 'result' ? { result: answer.result } : { error: answer.error };
  };
  return { messages, session, call };
}
