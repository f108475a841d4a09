/**
 * Responses in the exact formats the real services send (RSS 2.0 as news sites publish it, Atom, Reddit's
 * Listing JSON, X API v2 recent search, Telegram Bot API getUpdates, OpenAI-style chat completions).
 */
export type Headline = { readonly id: string; readonly title: string; readonly link: string; readonly description?: string; readonly date: Date };

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss2(headlines: readonly Headline[]): string {
  const items = headlines
    .map(
      (h) => `    <item>
      <title><![CDATA[${h.title}]]></title>
      <link>${escapeXml(h.link)}</link>
      <guid isPermaLink="false">${escapeXml(h.id)}</guid>
      <dc:creator><![CDATA[Staff]]></dc:creator>
      <pubDate>${h.date.toUTCString()}</pubDate>
      <category><![CDATA[Markets]]></category>
      <description><![CDATA[<p>${h.description ?? ''}</p>]]></description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title><![CDATA[Crypto News: Latest]]></title>
    <link>https://news.example/</link>
    <description><![CDATA[Latest crypto headlines]]></description>
    <atom:link href="https://news.example/rss" rel="self" type="application/rss+xml"/>
    <language>en</language>
    <lastBuildDate>${new Date().toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>`;
}

export function atom(headlines: readonly Headline[]): string {
  const entries = headlines
    .map(
      (h) => `  <entry>
    <title type="html">${escapeXml(h.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(h.link)}"/>
    <id>${escapeXml(h.id)}</id>
    <published>${h.date.toISOString()}</published>
    <updated>${h.date.toISOString()}</updated>
    <author><name>Desk</name></author>
    <summary type="html">${escapeXml(h.description ?? '')}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Chain Wire</title>
  <link href="https://wire.example/atom.xml" rel="self"/>
  <updated>${new Date().toISOString()}</updated>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
${entries}
</feed>`;
}

export type RedditPost = { readonly id: string; readonly title: string; readonly selftext?: string; readonly createdUtc: number; readonly subreddit: string };

export function redditListing(posts: readonly RedditPost[]): string {
  return JSON.stringify({
    kind: 'Listing',
    data: {
      after: posts.length ? `t3_${posts[posts.length - 1]?.id}` : null,
      dist: posts.length,
      modhash: '',
      geo_filter: null,
      before: null,
      children: posts.map((p) => ({
        kind: 't3',
        data: {
          approved_at_utc: null,
          subreddit: p.subreddit,
          selftext: p.selftext ?? '',
          author_fullname: 't2_abc123',
          title: p.title,
          subreddit_name_prefixed: `r/${p.subreddit}`,
          name: `t3_${p.id}`,
          score: 1,
          ups: 1,
          created_utc: p.createdUtc,
          id: p.id,
          author: 'trader_joe',
          permalink: `/r/${p.subreddit}/comments/${p.id}/slug/`,
          url: `https://www.reddit.com/r/${p.subreddit}/comments/${p.id}/slug/`,
          num_comments: 0,
          over_18: false,
        },
      })),
    },
  });
}

export const redditToken = (): string => JSON.stringify({ access_token: 'eyJhbGciOiJSUzI1NiJ9.fixture', token_type: 'bearer', expires_in: 86_400, scope: '*' });

export type Tweet = { readonly id: string; readonly text: string; readonly createdAt: Date; readonly authorId?: string };

export function xRecentSearch(tweets: readonly Tweet[]): string {
  if (tweets.length === 0) return JSON.stringify({ meta: { result_count: 0 } });
  const ids = tweets.map((t) => t.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return JSON.stringify({
    data: tweets.map((t) => ({
      edit_history_tweet_ids: [t.id],
      id: t.id,
      text: t.text,
      created_at: t.createdAt.toISOString(),
      author_id: t.authorId ?? '2244994945',
      lang: 'en',
    })),
    meta: { newest_id: ids[ids.length - 1], oldest_id: ids[0], result_count: tweets.length },
  });
}

export type ChannelPost = { readonly updateId: number; readonly messageId: number; readonly text: string; readonly date: Date; readonly channel?: string };

export function telegramUpdates(posts: readonly ChannelPost[]): string {
  return JSON.stringify({
    ok: true,
    result: posts.map((p) => ({
      update_id: p.updateId,
      channel_post: {
        message_id: p.messageId,
        sender_chat: { id: -1001234567890, title: 'Whale Alerts', username: p.channel ?? 'whalealerts', type: 'channel' },
        chat: { id: -1001234567890, title: 'Whale Alerts', username: p.channel ?? 'whalealerts', type: 'channel' },
        date: Math.floor(p.date.getTime() / 1000),
        text: p.text,
      },
    })),
  });
}

export const telegramUnauthorized = (): string => JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' });

export function chatCompletion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fixture',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'local-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 60, completion_tokens: 40, total_tokens: 100 },
  });
}
