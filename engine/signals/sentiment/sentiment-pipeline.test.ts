import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../hosts/serve';
import { createEngine } from '../../kernel/create-engine';
import { eventually } from '../../testing/eventually';
import { FixtureServer } from '../../testing/fixture-servers/fixture-server';
import { chatCompletion, rss2, type Headline } from '../../testing/fixture-servers/sentiment-fixtures';
import { buildSentimentWorker } from '../../testing/bundle-worker';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'sentiment-test-token-0123456789';
const WEBHOOK_TOKEN = 'hook-token-abcdef';
let workerPath = '';
let dir: ReturnType<typeof tempDir>;
let feedServer: FixtureServer;
let headlines: Headline[] = [];

const start = (secrets: Record<string, string> = {}): Promise<RunningServe> =>
  startServe({
    databasePath: join(dir.path, 'stratus.db'),
    port: 0,
    token: TOKEN,
    staticDir: null,
    sentiment: { workerPath, secrets: (name) => secrets[name] },
  });

beforeAll(async () => {
  workerPath = await buildSentimentWorker();
  dir = tempDir('stratus-sentiment-');
  feedServer = new FixtureServer({ '/rss': () => ({ body: rss2(headlines) }) });
  await feedServer.start();
});
afterAll(async () => {
  await feedServer.stop();
  dir.remove();
});

describe('sentiment pipeline through stratus serve', () => {
  it('starts with no sources, then scores headlines from a configured feed, aggregates them and publishes both', async () => {
    headlines = [
      { id: 'n1', title: 'Bitcoin soars to record high as ETF inflows jump', link: 'https://news.example/1', date: new Date() },
      { id: 'n2', title: 'Ethereum exchange hacked, $40M stolen', link: 'https://news.example/2', date: new Date() },
    ];
    const serve = await start();
    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      const initial = await client.call('sentiment.status', {});
      expect(initial.model.state).toBe('idle');
      expect(initial.sources.every((s) => s.state === 'disabled')).toBe(true);
      expect(await client.call('sentiment.feed', {})).toEqual([]);
      expect((await client.call('sentiment.defaultFeeds', {})).length).toBeGreaterThan(3);
      client.subscribe({ 'sentiment.item': null, 'sentiment.aggregate': null });

      await client.call('sentiment.configure', { feeds: [{ id: 'local', url: `${feedServer.url}/rss` }] });
      const feed = await eventually(async () => {
        const items = await client.call('sentiment.feed', {});
        if (items.length !== 2) throw new Error(`${items.length} items so far`);
        return items;
      });
      const hack = feed.find((i) => i.externalId === 'n2');
      expect(hack).toMatchObject({ sourceId: 'local', kind: 'news', symbols: ['ETH'], url: 'https://news.example/2' });
      expect(hack?.events.map((e) => e.type)).toContain('hack');
      expect(['Bearish', 'Bullish', 'Neutral']).toContain(hack?.score.label);
      expect(feed.find((i) => i.externalId === 'n1')?.symbols).toEqual(['BTC']);

      await client.waitFor((m) => m.type === 'event' && m.stream === 'sentiment.item');
      await client.waitFor((m) => m.type === 'event' && m.stream === 'sentiment.aggregate');
      const latest = await client.call('sentiment.latest', {});
      expect(latest.filter((a) => a.symbol === 'BTC').map((a) => a.window).sort()).toEqual(['1h', '24h', '5m']);
      const series = await client.call('sentiment.series', { symbol: 'ETH', window: '1h' });
      expect(series).toHaveLength(1);
      expect(series[0]?.at).toBe(hack?.receivedAt);
      // Point in time: before the headline arrived there was no ETH sentiment; from then on there is.
      const arrived = hack?.receivedAt ?? 0;
      expect(await client.call('sentiment.asOf', { symbol: 'ETH', window: '1h', at: arrived - 1 })).toBeNull();
      expect(await client.call('sentiment.asOf', { symbol: 'ETH', window: '1h', at: arrived + 60_000 })).toEqual(series[0]);

      const status = await client.call('sentiment.status', {});
      expect(status.model).toMatchObject({ state: 'ready', provider: 'cpu' });
      expect(status.sources.find((s) => s.id === 'local')).toMatchObject({ state: 'ok', items: 2 });

      await expect(client.call('sentiment.configure', { modelDir: join(dir.path, 'no-model') })).rejects.toThrow(/does not exist/);
      expect((await client.call('sentiment.status', {})).model.state).toBe('ready');
      await expect(client.call('sentiment.configure', { feeds: [{ id: 'Bad Id', url: 'nope' }] })).rejects.toMatchObject({ type: 'ValidationError' });
    } finally {
      await client.close();
      await serve.close();
    }
  });

  it('remembers the settings and what it stored across a restart, without storing a headline twice', async () => {
    headlines = [...headlines, { id: 'n3', title: 'Solana mainnet upgrade delayed', link: 'https://news.example/3', date: new Date() }];
    const serve = await start({ webhookToken: WEBHOOK_TOKEN });
    const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    try {
      const feed = await eventually(async () => {
        const items = await client.call('sentiment.feed', {});
        if (items.length !== 3) throw new Error(`${items.length} items so far`);
        return items;
      });
      expect(feed.map((i) => i.externalId)).toEqual(['n3', 'n2', 'n1']);
      await client.call('sentiment.poll', {});
      expect(await client.call('sentiment.feed', {})).toHaveLength(3);

      const config = await client.call('sentiment.config', {});
      // A port already taken: the webhook reports it and the engine runs on.
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const taken = (blocker.address() as AddressInfo).port;
      await client.call('sentiment.configure', { ...config, webhook: { enabled: true, host: '127.0.0.1', port: taken } });
      const clash = (await client.call('sentiment.status', {})).sources.find((s) => s.id === 'webhook');
      expect(clash).toMatchObject({ state: 'error', message: expect.stringMatching(/cannot listen/) });
      await new Promise((resolve) => blocker.close(resolve));

      await client.call('sentiment.configure', { ...config, webhook: { enabled: true, host: '127.0.0.1', port: 0 } });
      const hook = (await client.call('sentiment.status', {})).webhookUrl;
      expect(hook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sentiment$/);
      const push = (body: string, token = WEBHOOK_TOKEN): Promise<Response> =>
        fetch(hook ?? '', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      expect((await push('{"text": "x"}', 'wrong')).status).toBe(401);
      expect((await push('{"text": ')).status).toBe(400);
      expect((await push(JSON.stringify({ text: 'x'.repeat(30_000) }))).status).toBe(400);
      expect((await push(JSON.stringify({ id: 'w1', text: 'Dogecoin partners with a payments giant 🚀' }))).status).toBe(202);
      const pushed = await eventually(async () => {
        const [first] = await client.call('sentiment.feed', { symbol: 'DOGE' });
        if (!first) throw new Error('not scored yet');
        return first;
      });
      expect(pushed).toMatchObject({ kind: 'webhook', externalId: 'w1', symbols: ['DOGE'] });
      expect(pushed.events.map((e) => e.type)).toEqual(['partnership']);

      // With LLM enrichment on, the chat model's events and symbols are added to the keyword ones.
      const chat = new FixtureServer({
        '/v1/chat/completions': () => ({ body: chatCompletion('{"symbols": ["ETH"], "events": [{"type": "listing", "severity": 2}], "sentiment": "bullish"}') }),
      });
      await chat.start();
      try {
        const current = await client.call('sentiment.config', {});
        await client.call('sentiment.configure', { ...current, llm: { enabled: true, url: `${chat.url}/v1`, model: 'local' } });
        const hookNow = (await client.call('sentiment.status', {})).webhookUrl ?? '';
        await fetch(hookNow, { method: 'POST', headers: { authorization: `Bearer ${WEBHOOK_TOKEN}` }, body: JSON.stringify({ id: 'w2', text: 'Dogecoin partners with a big exchange' }) });
        const enriched = await eventually(async () => {
          const [first] = await client.call('sentiment.feed', { symbol: 'ETH' });
          if (first?.externalId !== 'w2') throw new Error('not scored yet');
          return first;
        });
        expect(enriched.symbols).toEqual(['DOGE', 'ETH']);
        expect(enriched.events.map((e) => e.type).sort()).toEqual(['listing', 'partnership']);
        expect(chat.requests).toHaveLength(1);
      } finally {
        await chat.stop();
      }
    } finally {
      await client.close();
      await serve.close();
    }
  });

  it('keeps what arrived while the model could not run, and scores it on the next start', async () => {
    const databasePath = join(dir.path, 'model-down.db');
    const broken = createEngine({ databasePath, host: 'cli', log: () => undefined, sentiment: { workerPath: join(dir.path, 'missing-worker.mjs'), secrets: () => undefined } });
    await broken.kernel.start();
    const item = { sourceId: 'hook', kind: 'webhook' as const, externalId: 'late-1', title: 'Cardano hard fork goes live', publishedAt: null, receivedAt: Date.now() };
    await Promise.all(broken.sentiment.ingest([item]));
    expect(broken.sentiment.feed({ limit: 10 })).toEqual([]);
    expect(broken.sentiment.status().model).toMatchObject({ state: 'error', error: expect.stringMatching(/worker .* is missing/) });
    await broken.kernel.stop();

    const healthy = createEngine({ databasePath, host: 'cli', sentiment: { workerPath, secrets: () => undefined } });
    await healthy.kernel.start();
    try {
      const [scored] = await eventually(() => {
        const items = healthy.sentiment.feed({ limit: 10 });
        if (items.length === 0) throw new Error('not scored yet');
        return items;
      });
      expect(scored).toMatchObject({ externalId: 'late-1', receivedAt: item.receivedAt, symbols: ['ADA'] });
      expect(scored?.events.map((e) => e.type)).toEqual(['upgrade']);
    } finally {
      await healthy.kernel.stop();
    }
  });
});
