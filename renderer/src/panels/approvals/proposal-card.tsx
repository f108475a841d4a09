import type { ReactNode } from 'react';
import { REGIME_NAMES } from '../regime/regime-colors';
import { countdownUrgency, formatCountdown, formatDecimal, formatDistance, formatMoney, formatPercent, lifetimeLeft, rewardRisk, sideLabel } from '../trading/trading-format';
import type { ProposalView } from '../../engine-client/api-types';
import { isSnoozeMinutes, SNOOZE_CHOICES, snoozeLabel, type SnoozeMinutes } from './snooze-choices';

type ProposalCardProps = {
  readonly proposal: ProposalView;
  readonly now: number;
  /** The symbol's last price, when the window has seen one. */
  readonly lastPrice?: number | undefined;
  readonly selected: boolean;
  readonly busy: boolean;
  readonly onSelect: () => void;
  readonly onApprove: () => void;
  readonly onReject: () => void;
  readonly onModify: () => void;
  readonly onSnooze: () => void;
  readonly snoozeMinutes: SnoozeMinutes;
  readonly onSnoozeMinutes: (minutes: SnoozeMinutes) => void;
  /** The modify form, shown in place of the actions while open. */
  readonly editor?: ReactNode;
  /** Why this connection may not decide (a viewer device); the buttons are shown disabled with it. */
  readonly viewOnly?: string | null;
};

/**
 * One proposal in the queue. The selected one shows its whole risk preview — what, how much, where it is
 * wrong, what it costs and why — with the decision buttons; the others are one line each, so a long
 * queue stays readable and the keyboard works down it.
 */
export function ProposalCard({ proposal: p, now, lastPrice, selected, busy, onSelect, onApprove, onReject, onModify, onSnooze, snoozeMinutes, onSnoozeMinutes, editor, viewOnly = null }: ProposalCardProps) {
  const locked = busy || viewOnly !== null;
  const lockedTitle = viewOnly ?? undefined;
  const urgency = countdownUrgency(p.expiresAt, now);
  const long = p.side === 'buy';
  const rr = rewardRisk(p.entry, p.stop, p.target);
  const left = lifetimeLeft(p.createdAt, p.expiresAt, now);
  return (
    <li
      className={`proposal${selected ? ' proposal-selected' : ''} proposal-${p.side}`}
      data-testid="proposal"
      data-proposal-id={p.id}
      data-status={p.status}
      data-selected={selected ? 'true' : 'false'}
      aria-selected={selected}
      role="option"
      onClick={onSelect}
    >
      <div className="proposal-head">
        <span className={`side-badge side-${p.side}`}>{long ? 'LONG' : 'SHORT'}</span>
        <span className="proposal-symbol">{p.symbol}</span>
        <span className="proposal-meta">
          {p.timeframe} · {p.strategy}
        </span>
        {p.mode === 'live' && <span className="live-tag">LIVE</span>}
        {p.reduceOnly && <span className="trading-tag">reduce only</span>}
        {p.status === 'snoozed' && (
          <span className="trading-tag" title="Snoozed: back in the queue at this time">
            snoozed{p.snoozedUntil ? ` → ${new Date(p.snoozedUntil).toLocaleTimeString('en-GB', { hour12: false }).slice(0, 5)}` : ''}
          </span>
        )}
        <span className={`countdown countdown-${urgency}`} data-testid="countdown" title={`Expires at ${new Date(p.expiresAt).toLocaleTimeString('en-GB')}`}>
          {formatCountdown(p.expiresAt, now)}
        </span>
      </div>
      <div className="countdown-track" aria-hidden="true">
        <div className={`countdown-fill countdown-${urgency}`} style={{ width: `${(left * 100).toFixed(1)}%` }} />
      </div>
      {!selected ? (
        <div className="proposal-line mono">
          {sideLabel(p.side)} {formatDecimal(p.quantity)} @ {formatDecimal(p.entry, 2)} · risk {formatMoney(p.riskMoney)} ({formatPercent(p.riskFraction)})
        </div>
      ) : (
        <>
          <dl className="preview" data-testid="risk-preview">
            <Figure label={p.orderType === 'limit' ? 'Entry (limit)' : 'Entry (market)'} value={formatDecimal(p.entry, 2)} />
            <Figure label="Size" value={formatDecimal(p.quantity)} hint={`≈ ${formatMoney(p.notional)}`} />
            <Figure label="Stop" value={formatDecimal(p.stop, 2)} tone="down" />
            <Figure label="Target" value={formatDecimal(p.target, 2)} tone="up" hint={rr === undefined ? undefined : `R:R ${rr.toFixed(2)}`} />
            <Figure label="Risk" value={formatMoney(p.riskMoney)} hint={`${formatPercent(p.riskFraction)} of equity`} tone={p.riskFraction > 0.02 ? 'warn' : undefined} testId="preview-risk" />
            <Figure label="Fees" value={formatMoney(p.estimatedFees)} />
            <Figure label="Leverage" value={`${p.leverage}×`} hint={p.liquidationPrice ? `liq ${formatDecimal(p.liquidationPrice, 2)}` : undefined} tone={p.liquidationPrice ? 'warn' : undefined} />
            <Figure label="Confidence" value={formatPercent(p.confidence, 0)} />
            {lastPrice !== undefined && (
              <Figure label="Price now" value={formatDecimal(lastPrice.toFixed(p.entry.split('.')[1]?.length ?? 2), 2)} hint={`${formatDistance(lastPrice, p.entry)} from entry`} testId="price-now" />
            )}
            {(p.minPrice || p.maxPrice) && <Figure label="Valid while price in" value={`${formatDecimal(p.minPrice, 2)} – ${formatDecimal(p.maxPrice, 2)}`} wide />}
          </dl>
          <div className="proposal-context">
            {p.regime && <span className={`regime-chip regime-${p.regime}`}>{REGIME_NAMES[p.regime]}</span>}
            {p.sentimentContext && (
              <span className="context-line" title="Sentiment">
                <span className="context-label">Sentiment</span> {p.sentimentContext}
              </span>
            )}
            {p.whaleContext && (
              <span className="context-line" title="Whale flows">
                <span className="context-label">Whales</span> {p.whaleContext}
              </span>
            )}
          </div>
          <p className="proposal-rationale">{p.rationale}</p>
          {editor ?? (
            <div className="proposal-actions" title={lockedTitle}>
              <button type="button" className="button decision-approve" data-testid="approve" disabled={locked || urgency === 'expired'} onClick={stop(onApprove)}>
                Approve <kbd>A</kbd>
              </button>
              <button type="button" className="button decision-reject" data-testid="reject" disabled={locked} onClick={stop(onReject)}>
                Reject <kbd>R</kbd>
              </button>
              <button type="button" className="button" data-testid="modify" disabled={locked} onClick={stop(onModify)} title={lockedTitle ?? 'Modify size, price, stop or target (M)'}>
                Modify
              </button>
              <span className="snooze-group">
                <button type="button" className="button button-quiet" data-testid="snooze" disabled={locked || p.status === 'snoozed'} onClick={stop(onSnooze)} title={lockedTitle ?? `Hide for ${snoozeLabel(snoozeMinutes)} (S)`}>
                  Snooze
                </button>
                <select
                  className="input snooze-minutes"
                  aria-label="Snooze for"
                  data-testid="snooze-minutes"
                  value={snoozeMinutes}
                  disabled={locked || p.status === 'snoozed'}
                  onClick={(event) => event.stopPropagation()}
                  onChange={(event) => {
                    const minutes = Number(event.target.value);
                    if (isSnoozeMinutes(minutes)) onSnoozeMinutes(minutes);
                  }}
                >
                  {SNOOZE_CHOICES.map((choice) => (
                    <option key={choice.minutes} value={choice.minutes}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </span>
              {viewOnly && (
                <span className="view-only-hint" data-testid="view-only-hint">
                  View only
                </span>
              )}
            </div>
          )}
        </>
      )}
    </li>
  );
}

type FigureProps = {
  readonly label: string;
  readonly value: string;
  readonly hint?: string | undefined;
  readonly tone?: 'up' | 'down' | 'warn' | undefined;
  readonly testId?: string;
  /** Takes two columns, for a range. */
  readonly wide?: boolean;
};

function Figure({ label, value, hint, tone, testId, wide = false }: FigureProps) {
  return (
    <div className={`figure${tone ? ` figure-${tone}` : ''}${wide ? ' figure-wide' : ''}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd className="mono">
        {value}
        {hint && <span className="figure-hint">{hint}</span>}
      </dd>
    </div>
  );
}

/** A button inside the clickable card must not also select it (or re-render it mid-click). */
function stop(action: () => void): (event: { stopPropagation(): void }) => void {
  return (event) => {
    event.stopPropagation();
    action();
  };
}
