import type { ConnectionState, ConnectionStatus } from '../engine-client/engine-client';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  refused: 'Refused',
  closed: 'Disconnected',
};

export function connectionLabel(state: ConnectionState | null): string {
  if (!state) return LABELS.closed;
  if (state.status === 'reconnecting' && state.retry && state.retry.attempt > 1) return `Reconnecting (attempt ${state.retry.attempt})…`;
  return LABELS[state.status];
}

type ConnectionStatusProps = {
  readonly state: ConnectionState | null;
  readonly where: string;
};

/** A coloured dot and a word for the link to the engine; data-state carries the raw status. */
export function ConnectionStatusBadge({ state, where }: ConnectionStatusProps) {
  const status = state?.status ?? 'closed';
  return (
    <div className="connection-status" role="status" data-state={status} data-testid="connection-status" title={state?.reason?.message ?? where}>
      <span className="status-dot" aria-hidden="true" />
      <span className="connection-status-text">{connectionLabel(state)}</span>{' '}
      <span className="connection-status-where">{where}</span>
    </div>
  );
}
