import { useEffect, useState } from 'react';
import type { FeedStatus } from '../engine-client/api-types';

const LABELS: Record<FeedStatus['state'], string> = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  stale: 'stale',
  stopped: 'stopped',
};

/** One venue's live feed: its state and how long ago its last message came, updated every second. */
export function FeedStatusBadge({ feed, name }: { readonly feed: FeedStatus; readonly name: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const age = feed.lastMessageAt === null ? null : Math.max(0, now - feed.lastMessageAt);
  const details = [
    feed.reconnects > 0 ? `${feed.reconnects} reconnects` : null,
    feed.badFrames > 0 ? `${feed.badFrames} bad frames dropped` : null,
    feed.error ? `last error: ${feed.error}` : null,
  ].filter(Boolean);
  return (
    <span
      className={`feed-status feed-status-${feed.state}`}
      data-testid="feed-status"
      data-venue={feed.venue}
      data-state={feed.state}
      title={details.join('\n') || undefined}
    >
      <span className="status-dot" aria-hidden="true" />
      {name} {LABELS[feed.state]}
      {age !== null && <span className="feed-status-age"> · {formatAge(age)}</span>}
    </span>
  );
}

/** "0.4 s", "12 s", "3 min": how long since the last message. */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
