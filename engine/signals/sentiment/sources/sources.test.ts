import { afterEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../../../core/clock';
import type { RawSentimentItem } from '../../../model/sentiment';
import { eventually } from '../../../testing/eventually';
import { FixtureServer, type FixtureRoute } from '../../../testing/fixture-servers/fixture-server';
import {
  atom,
  redditListing,
  redditToken,
  rss2,
  telegramUnauthorized,
  telegramUpdates,
  xRecentSearch,
  type Headline,
} from '../../../testing/fixture-servers/sentiment-fixtures';
import { createMacroCalendarAdapter } from './macro-calendar-adapter';
import { createRedditAdapter } from './reddit-adapter';
import { createRssAdapter } from './rss-adapter';
import type { PollingAdapter } from './source';
import { SourcePoller } from './source-poller';
import { createTelegramAdapter } from './telegram-adapter';
import { createXAdapter } from './x-adapter';

const servers: FixtureServer[] = [];
const pollers: SourcePoller[] = [];
afterEach(async () => {
  for (const p of pollers.splice(0)) p.stop();
  for (const s of servers.splice(0)) await s.stop();
});

async function serve(routes: Record<string, FixtureRoute>): Promise<FixtureServer> {
  const server = new FixtureServer(routes);
  await server.start();
  servers.push(server);
  return server;
}

function poll(adapter: PollingAdapter, intervalMs = 60_000): { poller: SourcePoller; items: RawSentimentItem[] } {
  const items: RawSentimentItem[] = [];
  const poller = new SourcePoller(adapter, { intervalMs, maxBackoffMs: 60_000 }, new LiveClock(), (batch) => items.push(...batch));
  pollers.push(poller);
  return { poller, items };
}

const headlines: Headline[] = [
  { id: 'cd-1', title: 'Bitcoin tops $100K as ETF inflows surge', link: 'https://news.example/a', date: new Date('2026-11-20T10:00:00Z'), description: 'BTC <b>rallies</b>' },
  { id: 'cd-2', title: 'Exchange hacked: $40M drained from hot wallet', link: 'https://news.example/b', date: new Date('2026-11-20T11:00:00Z') },
];

describe('RSS and Atom', () => {
  it('reads RSS 2.0 items with arrival times and drops repeats on the next poll', async () => {
    let feed = rss2(headlines);
    const server = await serve({ '/rss': () => ({ headers: { 'content-type': 'application/rss+xml' }, body: feed }) });
    const { poller, items } = poll(createRssAdapter({ id: 'news', url: `${server.url}/rss` }));
    const before = Date.now();
    await poller.pollNow();
    expect(items.map((i) => i.title)).toEqual(headlines.map((h) => h.title));
    expect(items[0]).toMatchObject({ sourceId: 'news', kind: 'news', externalId: 'cd-1', url: 'https://news.example/a', body: 'BTC rallies', author: 'Staff' });
    expect(items[0]?.publishedAt).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(items[0]?.receivedAt).toBeGreaterThanOrEqual(before);
    feed = rss2([...headlines, { id: 'cd-3', title: 'Solana upgrade delayed', link: 'https://news.example/c', date: new Date() }]);
    await poller.pollNow();
    expect(items.map((i) => i.externalId)).toEqual(['cd-1', 'cd-2', 'cd-3']);
    expect(poller.status()).toMatchObject({ state: 'ok', items: 3, failures: 0 });
  });

  it('reads Atom entries', async () => {
    const server = await serve({ '/atom': () => ({ body: atom(headlines) }) });
    const { poller, items } = poll(createRssAdapter({ id: 'wire', url: `${server.url}/atom` }));
    await poller.pollNow();
    expect(items.map((i) => [i.externalId, i.title, i.url])).toEqual(headlines.map((h) => [h.id, h.title, h.link]));
  });

  it('reports malformed XML and backs off on 429 and 5xx, keeping what it already received', async () => {
    const server = await serve({ '/rss': () => ({ body: rss2(headlines.slice(0, 1)) }) });
    const { poller, items } = poll(createRssAdapter({ id: 'news', url: `${server.url}/rss` }), 50);
    await poller.pollNow();
    expect(items).toHaveLength(1);
    server.fail({ body: '<rss><channel><item><title>broken' });
    await poller.pollNow();
    expect(poller.status().state).toBe('error');
    expect(poller.status().message).toMatch(/malformed XML/);
    server.fail({ status: 429, headers: { 'retry-after': '30' }, body: '' });
    await poller.pollNow();
    expect(poller.status().state).toBe('backoff');
    expect(poller.status().message).toMatch(/rate limiting.*retrying in 30 s/);
    server.fail({ status: 503, body: 'down' });
    await poller.pollNow();
    expect(poller.status()).toMatchObject({ state: 'backoff', failures: 3 });
    expect(poller.status().message).toMatch(/HTTP 503/);
    await poller.pollNow();
    expect(poller.status().state).toBe('ok');
    expect(items).toHaveLength(1);
  });

  it('disables a feed with a bad URL instead of failing', () => {
    const { poller } = poll(createRssAdapter({ id: 'bad', url: 'ftp://x' }));
    poller.start();
    expect(poller.status()).toMatchObject({ state: 'disabled', message: expect.stringMatching(/http/) });
  });

  it('refuses a response over the size limit', async () => {
    const server = await serve({ '/rss': () => ({ body: rss2([{ ...headlines[0]!, description: 'x'.repeat(6_000_000) }]) }) });
    const { poller, items } = poll(createRssAdapter({ id: 'news', url: `${server.url}/rss` }));
    await poller.pollNow();
    expect(items).toHaveLength(0);
    expect(poller.status().message).toMatch(/more than the 5000000 bytes/);
  });
});

describe('Reddit', () => {
  it('gets an app token, reads new posts of each subreddit, and reuses the token', async () => {
    const server = await serve({
      '/api/v1/access_token': () => ({ body: redditToken() }),
      '/r/Bitcoin/new': () => ({ body: redditListing([{ id: 'abc', title: 'BTC just broke out', createdUtc: 1_763_700_000, subreddit: 'Bitcoin', selftext: 'to the moon' }]) }),
      '/r/ethtrader/new': () => ({ body: redditListing([{ id: 'def', title: 'ETH gas fees at lows', createdUtc: 1_763_700_100, subreddit: 'ethtrader' }]) }),
    });
    const adapter = createRedditAdapter({ id: 'reddit', subreddits: ['Bitcoin', 'ethtrader'], clientId: 'id', clientSecret: 'secret', authUrl: `${server.url}/api/v1/access_token`, apiUrl: server.url });
    const { poller, items } = poll(adapter);
    await poller.pollNow();
    await poller.pollNow();
    expect(items.map((i) => [i.externalId, i.title, i.body ?? null])).toEqual([
      ['t3_abc', 'BTC just broke out', 'to the moon'],
      ['t3_def', 'ETH gas fees at lows', null],
    ]);
    expect(items[0]?.publishedAt).toBe(1_763_700_000_000);
    const tokenCalls = server.requests.filter((r) => r.path === '/api/v1/access_token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.headers.authorization).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
    expect(server.requests.find((r) => r.path === '/r/Bitcoin/new')?.headers.authorization).toBe('Bearer eyJhbGciOiJSUzI1NiJ9.fixture');
  });

  it('is disabled without credentials and reports revoked ones', async () => {
    const { poller } = poll(createRedditAdapter({ id: 'reddit', subreddits: ['Bitcoin'] }));
    poller.start();
    expect(poller.status()).toMatchObject({ state: 'disabled', message: expect.stringMatching(/client id and secret/) });
    const server = await serve({ '/api/v1/access_token': () => ({ status: 401, body: '{"message": "Unauthorized", "error": 401}' }) });
    const revoked = poll(createRedditAdapter({ id: 'reddit', subreddits: ['Bitcoin'], clientId: 'a', clientSecret: 'b', authUrl: `${server.url}/api/v1/access_token`, apiUrl: server.url }));
    await revoked.poller.pollNow();
    expect(revoked.poller.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/rejected the credentials/) });
  });
});

describe('X API v2', () => {
  it('searches recent posts with the bearer token and asks only for newer ones next time', async () => {
    let tweets = [{ id: '1860000000000000001', text: '$BTC breaking out, longs loading', createdAt: new Date('2026-11-20T10:00:00Z') }];
    const server = await serve({ '/2/tweets/search/recent': () => ({ body: xRecentSearch(tweets) }) });
    const { poller, items } = poll(createXAdapter({ id: 'x', query: '$BTC', bearerToken: 'AAAA', apiUrl: server.url }));
    await poller.pollNow();
    tweets = [];
    await poller.pollNow();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ externalId: '1860000000000000001', title: '$BTC breaking out, longs loading', kind: 'x' });
    const [first, second] = server.requests;
    expect(first?.headers.authorization).toBe('Bearer AAAA');
    expect(first?.query.get('query')).toBe('$BTC');
    expect(first?.query.has('since_id')).toBe(false);
    expect(second?.query.get('since_id')).toBe('1860000000000000001');
  });

  it('is disabled without a token; malformed JSON is reported and the poller runs on', async () => {
    const { poller: off } = poll(createXAdapter({ id: 'x', query: 'btc' }));
    off.start();
    expect(off.status()).toMatchObject({ state: 'disabled', message: 'X needs an API bearer token' });
    const server = await serve({ '/2/tweets/search/recent': () => ({ body: '{"data": [' }) });
    const { poller } = poll(createXAdapter({ id: 'x', query: 'btc', bearerToken: 't', apiUrl: server.url }));
    await poller.pollNow();
    expect(poller.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/malformed JSON/) });
  });
});

describe('Telegram Bot API', () => {
  it('reads channel posts, advances the offset, and keeps the token out of messages', async () => {
    let updates = telegramUpdates([
      { updateId: 500, messageId: 10, text: 'Binance will list $SUI perpetuals', date: new Date('2026-11-20T12:00:00Z') },
      { updateId: 501, messageId: 11, text: 'Other channel', date: new Date(), channel: 'spam' },
    ]);
    const server = await serve({ '/bot123:SECRET/getUpdates': () => ({ body: updates }) });
    const { poller, items } = poll(createTelegramAdapter({ id: 'telegram', botToken: '123:SECRET', channels: ['@whalealerts'], apiUrl: server.url }));
    await poller.pollNow();
    updates = telegramUpdates([]);
    await poller.pollNow();
    expect(items.map((i) => [i.externalId, i.title, i.url])).toEqual([['-1001234567890:10', 'Binance will list $SUI perpetuals', 'https://t.me/whalealerts/10']]);
    expect(server.requests[0]?.query.get('allowed_updates')).toBe('["channel_post"]');
    expect(server.requests[1]?.query.get('offset')).toBe('502');
    server.fail({ status: 401, body: telegramUnauthorized() });
    await poller.pollNow();
    expect(poller.status().state).toBe('error');
    expect(poller.status().message).not.toContain('SECRET');
  });
});

describe('macro calendar', () => {
  it('keeps high-impact events once each', async () => {
    const body = JSON.stringify([
      { title: 'FOMC Statement', country: 'USD', date: '2026-12-09T14:00:00-05:00', impact: 'High', forecast: '', previous: '' },
      { title: 'CPI m/m', country: 'USD', date: '2026-12-10T08:30:00-05:00', impact: 'High', forecast: '0.3%', previous: '0.2%' },
      { title: 'Bank Holiday', country: 'JPY', date: '2026-12-10T00:00:00-05:00', impact: 'Holiday', forecast: '', previous: '' },
    ]);
    const server = await serve({ '/calendar.json': () => ({ body }) });
    const { poller, items } = poll(createMacroCalendarAdapter({ id: 'macro', url: `${server.url}/calendar.json` }));
    await poller.pollNow();
    await poller.pollNow();
    expect(items.map((i) => i.title)).toEqual(['USD FOMC Statement', 'USD CPI m/m (forecast 0.3%, previous 0.2%)']);
    expect(items.every((i) => i.kind === 'macro')).toBe(true);
  });
});

describe('SourcePoller', () => {
  it('polls on its own timer once started', async () => {
    const server = await serve({ '/rss': () => ({ body: rss2(headlines) }) });
    const { poller, items } = poll(createRssAdapter({ id: 'news', url: `${server.url}/rss` }), 20);
    poller.start();
    await eventually(() => server.requests.length >= 3);
    expect(items).toHaveLength(2);
  });
});
