import { useEffect, useState, type FormEvent } from 'react';
import { useCan } from '../../app/access';
import type { ApiResult } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { errorText } from '../../format/format';

type Config = ApiResult<'sentiment.config'>;
type DefaultFeed = ApiResult<'sentiment.defaultFeeds'>[number];

/** News feeds: enable the default list one by one, or add any RSS/Atom URL. Saved in the engine's settings. */
export function FeedSettings({ client }: { readonly client: EngineClient }) {
  const [config, setConfig] = useState<Config | null>(null);
  const [defaults, setDefaults] = useState<readonly DefaultFeed[]>([]);
  const [url, setUrl] = useState('');
  const configure = useCan('sentiment.configure');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([client.call('sentiment.config', {}), client.call('sentiment.defaultFeeds', {})]).then(
      ([c, d]) => {
        setConfig(c);
        setDefaults(d);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [client]);

  if (!config) return error ? <p className="sentiment-error">{error}</p> : null;

  const save = (feeds: Config['feeds']): void => {
    client.call('sentiment.configure', { ...config, feeds }).then(
      (next) => {
        setConfig(next);
        setError(null);
      },
      (e: unknown) => setError(errorText(e)),
    );
  };
  const toggle = (feed: DefaultFeed): void => {
    const existing = config.feeds.find((f) => f.id === feed.id);
    if (existing) save(config.feeds.map((f) => (f.id === feed.id ? { ...f, enabled: !f.enabled } : f)));
    else save([...config.feeds, { id: feed.id, name: feed.name, url: feed.url, enabled: true }]);
  };
  const add = (event: FormEvent): void => {
    event.preventDefault();
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      setError(`"${url}" is not a URL`);
      return;
    }
    const id = host.replace(/^www\./, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60) || 'feed';
    save([...config.feeds.filter((f) => f.id !== id), { id, url, enabled: true }]);
    setUrl('');
  };
  const listed = [...defaults, ...config.feeds.filter((f) => !defaults.some((d) => d.id === f.id)).map((f) => ({ id: f.id, name: f.name ?? f.id, url: f.url }))];

  return (
    <details className="feed-settings" data-testid="feed-settings">
      <summary>News feeds ({config.feeds.filter((f) => f.enabled).length} on)</summary>
      <fieldset className="feed-settings-fields" disabled={!configure.allowed} data-testid="feed-settings-fields">
        <ul>
          {listed.map((feed) => (
            <li key={feed.id}>
              <label title={feed.url}>
                <input type="checkbox" checked={config.feeds.some((f) => f.id === feed.id && f.enabled)} onChange={() => toggle(feed)} /> {feed.name}
              </label>
            </li>
          ))}
        </ul>
        <form onSubmit={add}>
          <input className="feed-url" type="url" placeholder="https://… RSS or Atom URL" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Feed URL" />
          <button type="submit" className="window-button" title={configure.hint}>
            Add
          </button>
        </form>
      </fieldset>
      {error && <p className="sentiment-error">{error}</p>}
    </details>
  );
}
