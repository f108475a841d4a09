import { AuthError } from '../../../core/errors';
import { fetchJson } from './http';
import { arr, obj, str } from './json-fields';
import type { PollingAdapter, SourceItem } from './source';

export type RedditConfig = {
  readonly id: string;
  readonly subreddits: readonly string[];
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly authUrl?: string;
  readonly apiUrl?: string;
};

/** New posts of chosen subreddits through a Reddit OAuth app (client-credentials grant). */
export function createRedditAdapter(config: RedditConfig): PollingAdapter {
  const authUrl = config.authUrl ?? 'https://www.reddit.com/api/v1/access_token';
  const apiUrl = config.apiUrl ?? 'https://oauth.reddit.com';
  let token: { value: string; expiresAt: number } | null = null;
  const missing = !config.clientId || !config.clientSecret;

  async function accessToken(signal: AbortSignal): Promise<string> {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value;
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    const reply = obj(
      await fetchJson(authUrl, {
        method: 'POST',
        signal,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
      'Reddit token reply',
    );
    const value = str(reply.access_token);
    if (!value) throw new AuthError(`Reddit refused the app credentials: ${str(reply.error) || 'no access_token'}`);
    token = { value, expiresAt: Date.now() + Number(reply.expires_in ?? 3600) * 1000 };
    return value;
  }

  return {
    id: config.id,
    kind: 'reddit',
    disabledReason: missing ? 'Reddit needs an OAuth app client id and secret' : config.subreddits.length === 0 ? 'no subreddits chosen' : null,
    async poll(signal) {
      const bearer = await accessToken(signal);
      const items: SourceItem[] = [];
      for (const subreddit of config.subreddits) {
        const listing = obj(
          await fetchJson(`${apiUrl}/r/${encodeURIComponent(subreddit)}/new?limit=50&raw_json=1`, {
            signal,
            headers: { authorization: `Bearer ${bearer}` },
          }),
          `r/${subreddit} listing`,
        );
        for (const child of arr(obj(listing.data, `r/${subreddit} listing data`).children, 'listing children')) {
          const post = obj(obj(child, 'listing child').data, 'post');
          const id = str(post.name) || str(post.id);
          if (!id) continue;
          items.push({
            externalId: id,
            title: str(post.title),
            body: str(post.selftext).slice(0, 4_000) || undefined,
            url: post.permalink ? `https://www.reddit.com${str(post.permalink)}` : str(post.url) || undefined,
            author: str(post.author) || undefined,
            publishedAt: typeof post.created_utc === 'number' ? Math.round(post.created_utc * 1000) : null,
          });
        }
      }
      return items;
    },
  };
}
