import type { DownloadJob } from '../../engine-client/api-types';
import { formatCount } from '../../format/format';
import { formatAge } from '../../components/feed-status';

const STATES: Record<DownloadJob['state'], string> = { running: 'Downloading', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

/** A download's progress: bar, candles stored, speed and time left, or how it ended. */
export function DownloadProgressBar({ job }: { readonly job: DownloadJob }) {
  const progress = job.progress;
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  const parts = [
    `${formatCount(progress?.stored ?? 0)} candles`,
    progress && job.state === 'running' ? `${formatCount(Math.round(progress.candlesPerSecond))}/s` : null,
    progress?.etaMs != null && job.state === 'running' ? `${formatAge(progress.etaMs)} left` : null,
    progress && progress.retries > 0 ? `${progress.retries} retried` : null,
  ].filter(Boolean);
  return (
    <div className="download-progress" data-testid="download-progress" data-state={job.state}>
      <div className="download-progress-head">
        <span>
          {STATES[job.state]} {job.symbol} {job.timeframe}
        </span>
        <span className="mono">{percent}%</span>
      </div>
      <div className="download-progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`Download of ${job.symbol} ${job.timeframe}`}>
        <div className="download-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="download-progress-detail">{job.error ?? parts.join(' · ')}</div>
    </div>
  );
}
