import { useEffect, useState } from 'react';
import { useCan } from '../../app/access';
import type { ApiMethod } from '../../engine-client/api-types';
import { jobEta, jobFraction, type JobState } from './backtest-store';

type JobProgressProps = {
  readonly job: JobState | undefined;
  readonly label: string;
  readonly onCancel: () => void;
  readonly testId: string;
};

/** A job's progress bar with its count, time left and a Cancel button; its outcome once it ends. */
export function JobProgress({ job, label, onCancel, testId }: JobProgressProps) {
  const [now, setNow] = useState(() => Date.now());
  const cancel = useCan('backtest.cancel');
  const running = job?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [running]);
  if (!job) return null;
  const fraction = jobFraction(job);
  const eta = running ? jobEta(job, now) : null;
  return (
    <div className="bt-job" data-testid={testId} data-state={job.state} data-done={job.done} data-total={job.total}>
      <div className="bt-job-line">
        <span className="bt-job-label">{running ? label : outcome(job)}</span>
        {running && (
          <span className="bt-job-count mono">
            {job.total > 1 ? `${job.done.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')}` : `${Math.round(fraction * 100)}%`}
            {eta !== null && ` · ${eta}s left`}
          </span>
        )}
        {running && (
          <button type="button" className="button button-quiet bt-cancel" onClick={onCancel} disabled={!cancel.allowed} title={cancel.hint} data-testid={`${testId}-cancel`}>
            Cancel
          </button>
        )}
      </div>
      <div
        className="bt-progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={job.message ?? `${Math.round(fraction * 100)}%`}
      >
        <div className="bt-progress-fill" style={{ width: `${(job.state === 'done' ? 1 : fraction) * 100}%` }} />
      </div>
      {running && job.message && <div className="bt-job-message">{job.message}</div>}
      {job.state === 'failed' && (
        <p role="alert" className="bt-alert">
          {job.message ?? 'The job failed; the engine log says why.'}
        </p>
      )}
    </div>
  );
}

function outcome(job: JobState): string {
  if (job.state === 'done') return 'Done';
  if (job.state === 'cancelled') return 'Cancelled: what finished is kept';
  return 'Failed';
}

type RunBarProps = {
  /** The API method the button starts: the button is disabled for a role the engine would refuse. */
  readonly method: Extract<ApiMethod, 'backtest.run' | 'backtest.optimize' | 'backtest.walkforward'>;
  readonly action: string;
  readonly busy: string;
  readonly disabled: boolean;
  readonly job: JobState | undefined;
  readonly jobLabel: string;
  readonly onCancel: () => void;
  /** data-testid of the button; the progress takes `<testId>-job`, the problems `<testId>-problems`. */
  readonly testId: string;
  readonly problems: readonly string[];
};

/** The submit button of a lab form, its job's progress, and every problem the form has. */
export function RunBar({ method, action, busy, disabled, job, jobLabel, onCancel, testId, problems }: RunBarProps) {
  const can = useCan(method);
  const running = job?.state === 'running';
  return (
    <div className="bt-run-bar">
      <button type="submit" className="button button-primary" disabled={disabled || running || !can.allowed} data-testid={testId} title={can.hint ?? `${action} (Enter in any field)`}>
        {running ? busy : action}
      </button>
      <JobProgress job={job} label={jobLabel} onCancel={onCancel} testId={`${testId}-job`} />
      {problems.length > 0 && (
        <ul role="alert" className="bt-problems" data-testid={`${testId}-problems`}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
