import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from '../../testing/fixture-servers/fixture-server';
import { chatCompletion } from '../../testing/fixture-servers/sentiment-fixtures';
import { enrichWithLlm, mergeEvents } from './llm-enrichment';

let content = '';
const server = new FixtureServer({ '/v1/chat/completions': () => ({ body: chatCompletion(content) }) });
beforeAll(() => server.start());
afterAll(() => server.stop());
const config = () => ({ url: `${server.url}/v1`, model: 'qwen2.5-1.5b-instruct', apiKey: 'sk-local' });

describe('LLM enrichment over an OpenAI-compatible endpoint', () => {
  it('sends the headline and reads structured events, even inside a code fence', async () => {
    content = '```json\n{"symbols": ["btc"], "events": [{"type": "etf", "severity": 3}], "sentiment": "bullish", "summary": "ETF approval"}\n```';
    const result = await enrichWithLlm(config(), 'SEC approves spot bitcoin ETF', AbortSignal.timeout(5_000));
    expect(result).toEqual({ symbols: ['BTC'], events: [{ type: 'etf', severity: 3, match: 'llm' }], sentiment: 'bullish', summary: 'ETF approval' });
    const request = server.requests.at(-1);
    expect(request?.headers.authorization).toBe('Bearer sk-local');
    const body = JSON.parse(request?.body ?? '{}') as { model: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('qwen2.5-1.5b-instruct');
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'SEC approves spot bitcoin ETF' });
  });

  it('rejects prose, a wrong schema, a non-chat reply and a server error clearly', async () => {
    content = 'I think this is bullish.';
    await expect(enrichWithLlm(config(), 'x', AbortSignal.timeout(5_000))).rejects.toThrow(/did not return JSON/);
    content = '{"sentiment": "very good", "events": []}';
    await expect(enrichWithLlm(config(), 'x', AbortSignal.timeout(5_000))).rejects.toThrow(/does not match the event schema/);
    server.fail({ body: '{"object": "list"}' });
    await expect(enrichWithLlm(config(), 'x', AbortSignal.timeout(5_000))).rejects.toThrow(/chat-completions format/);
    server.fail({ status: 500, body: 'model not loaded' });
    await expect(enrichWithLlm(config(), 'x', AbortSignal.timeout(5_000))).rejects.toThrow(/HTTP 500/);
  });

  it('merges keyword and model events, one per type', () => {
    expect(
      mergeEvents(
        [{ type: 'hack', severity: 3, match: 'hacked' }, { type: 'delay', severity: 2, match: 'paused' }],
        [{ type: 'delay', severity: 3, match: 'llm' }, { type: 'listing', severity: 1, match: 'llm' }],
      ),
    ).toEqual([
      { type: 'hack', severity: 3, match: 'hacked' },
      { type: 'delay', severity: 3, match: 'llm' },
      { type: 'listing', severity: 1, match: 'llm' },
    ]);
  });
});
