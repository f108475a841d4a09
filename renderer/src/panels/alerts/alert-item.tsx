import { useCan } from '../../app/access';
import type { AlertView } from '../../engine-client/api-types';
import { KIND_LABELS, SEVERITY_LABELS, channelLabel, formatAlertTime, suppressionText } from './alert-format';

type AlertItemProps = {
  readonly alert: AlertView;
  readonly now: number;
  readonly onMarkRead: (id: string) => void;
  /** Only for alerts about a proposal: bring it up in the Approvals panel. */
  readonly onOpenProposal: (alert: AlertView) => void;
};

/**
 * One alert in the centre: severity (colour and word), kind (icon and word), symbol, time, title, body,
 * the channels it reached and why a push was held back. A proposal's alert opens that proposal.
 */
export function AlertItem({ alert, now, onMarkRead, onOpenProposal }: AlertItemProps) {
  const kind = KIND_LABELS[alert.kind];
  const markRead = useCan('alerts.markRead');
  const opensProposal = alert.kind === 'proposal' && alert.proposalId !== null;
  const content = (
    <>
      <span className="alert-item-head">
        <span className={`alert-severity alert-severity-${alert.severity}`}>{SEVERITY_LABELS[alert.severity]}</span>
        <span className="alert-kind">{kind.label}</span>
        {alert.symbol && <span className="alert-symbol mono">{alert.symbol}</span>}
        <time className="alert-time" dateTime={new Date(alert.at).toISOString()} title={new Date(alert.at).toLocaleString('en-GB')}>
          {formatAlertTime(alert.at, now)}
        </time>
      </span>
      <span className="alert-title">{alert.title}</span>
      {alert.body && <span className="alert-body">{alert.body}</span>}
      <span className="alert-delivery" data-testid="alert-delivery">
        <span>{alert.channels.length > 0 ? `Sent: ${alert.channels.map(channelLabel).join(' · ')}` : 'Not delivered'}</span>
        {alert.suppressed && (
          <span className="alert-suppressed" data-testid="alert-suppressed" data-reason={alert.suppressed}>
            {suppressionText(alert.suppressed)}
          </span>
        )}
      </span>
    </>
  );
  return (
    <li
      className={`alert-item alert-item-${alert.severity}${alert.read ? '' : ' alert-item-unread'}`}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-kind={alert.kind}
      data-severity={alert.severity}
      data-read={alert.read ? 'true' : 'false'}
    >
      <span className="alert-kind-icon" aria-hidden="true" title={kind.label}>
        {kind.icon}
      </span>
      {opensProposal ? (
        <button type="button" className="alert-main alert-main-button" data-testid="alert-open-proposal" title="Show this proposal in Approvals" onClick={() => onOpenProposal(alert)}>
          {content}
        </button>
      ) : (
        <div className="alert-main">{content}</div>
      )}
      {!alert.read && (
        <button type="button" className="alert-mark-read" data-testid="alert-mark-read" aria-label={`Mark read: ${alert.title}`} title={markRead.hint ?? 'Mark read'} disabled={!markRead.allowed} onClick={() => onMarkRead(alert.id)}>
          <span className="alert-unread-dot" aria-hidden="true" />
        </button>
      )}
    </li>
  );
}
