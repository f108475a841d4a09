import type { SystemInfo } from '../../engine-client/api-types';
import { formatLocalTime } from '../../format/format';

const HOST_LABELS: Record<SystemInfo['host'], string> = {
  desktop: 'Desktop app',
  serve: 'stratus serve',
  cli: 'Command line',
};

/** Which engine this window is talking to, and where it keeps its data. */
export function EngineInfo({ info }: { readonly info: SystemInfo | null }) {
  if (!info) return <p className="muted">Loading…</p>;
  return (
    <dl className="engine-info" data-testid="engine-info">
      <dt>Version</dt>
      <dd data-testid="engine-version">{info.version}</dd>
      <dt>Host</dt>
      <dd data-testid="engine-host">{HOST_LABELS[info.host]}</dd>
      <dt>Database</dt>
      <dd className="engine-path" title={info.databasePath} data-testid="engine-database">
        {info.databasePath}
      </dd>
      <dt>Started</dt>
      <dd>{formatLocalTime(info.startedAt)}</dd>
      <dt>Engine id</dt>
      <dd className="engine-id">{info.engineId}</dd>
    </dl>
  );
}
