import { useEffect, useState } from 'react';
import type { SystemStatusEvent } from '../engine-client/api-types';
import { FeedStatusBadge } from '../components/feed-status';
import { formatLocalTime } from '../format/format';
import { useConnection, useEngineClient, useVenues } from './stores-context';

/** How often the "last event" time is read; events themselves can arrive thousands of times a second. */
const REFRESH_MS = 1_000;

/** The bottom line: which engine, its state, and how fresh the data is. */
export function StatusBar() {
  const client = useEngineClient();
  const connection = useConnection((state) => state.connection);
  const info = useConnection((state) => state.info);
  const [lastEventAt, setLastEventAt] = useState<number | null>(client.lastEventAt);
  const [engineState, setEngineState] = useState<SystemStatusEvent['state'] | null>(null);
  const feeds = useVenues((state) => state.feeds);
  const venues = useVenues((state) => state.venues);

  useEffect(() => {
    const timer = setInterval(() => setLastEventAt(client.lastEventAt), REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);

  useEffect(() => client.on('system.status', (event) => setEngineState(event.state)), [client]);

  const engineId = connection?.engineId ?? info?.engineId ?? null;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-bar-item">
        Engine <span className="mono" data-testid="engine-id">{engineId ?? '—'}</span>
      </span>
      {info && (
        <span className="status-bar-item">
          v{info.version} · {info.host}
        </span>
      )}
      {engineState === 'stopping' && <span className="status-bar-item status-bar-warning">Engine stopping</span>}
      <span className="status-bar-spacer" />
      {Object.values(feeds).map((feed) => (
        <FeedStatusBadge key={feed.venue} feed={feed} name={venues.find((v) => v.id === feed.venue)?.name ?? feed.venue} />
      ))}
      <span className="status-bar-item" data-testid="last-event">
        {lastEventAt === null ? 'No events yet' : `Last event ${formatLocalTime(lastEventAt)}`}
      </span>
    </footer>
  );
}
