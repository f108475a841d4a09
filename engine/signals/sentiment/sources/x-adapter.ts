import { fetchJson } from './http';
import { arr, obj, str } from './json-fields';
import type { PollingAdapter } from './source';

export type XConfig = {
  readonly id: string;
  readonly query: string;
  readonly bearerToken?: string;
  readonly apiUrl?: string;
};

/** X API v2 recent search with an app bearer token; `since_id` makes each poll return only new posts. */
export function createXAdapter(config: XConfig): PollingAdapter {
  const apiUrl = config.apiUrl ?? 'https://api.x.com';
  let sinceId: string | null = null;
  return {
    id: config.id,
    kind: 'x',
    disabledReason: !config.bearerToken ? 'X needs an API bearer token' : config.query.trim() === '' ? 'no search query set' : null,
    async poll(signal) {
      const params = new URLSearchParams({ query: config.query, max_results: '100', 'tweet.fields': 'created_at,author_id,lang' });
      if (sinceId) params.set('since_id', sinceId);
      const reply = obj(
        await fetchJson(`${apiUrl}/2/tweets/search/recent?${params.toString()}`, {
          signal,
          headers: { authorization: `Bearer ${config.bearerToken}` },
        }),
        'X search reply',
      );
      const meta = reply.meta === undefined ? {} : obj(reply.meta, 'X search meta');
      const items = arr(reply.data, 'X search data').map((value) => {
        const tweet = obj(value, 'tweet');
        const id = str(tweet.id);
        const created = Date.parse(str(tweet.created_at));
        return {
          externalId: id,
          title: str(tweet.text),
          url: id ? `https://x.com/i/web/status/${id}` : undefined,
          author: str(tweet.author_id) || undefined,
          publishedAt: Number.isFinite(created) ? created : null,
        };
      });
      const newest = str(meta.newest_id);
      if (newest) sinceId = newest;
      return items.filter((item) => item.externalId !== '');
    },
  };
}
