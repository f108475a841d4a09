import { useEffect, useRef, useState } from 'react';
import { useCan } from '../../app/access';
import type { DownloadJob, SeriesKey, Timeframe } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { TIMEFRAME_ORDER } from '../../stores/timeframes';
import { DownloadProgressBar } from './download-progress';
import { GapReport } from './gap-report';
import { errorText } from '../../format/format';

type DownloadDialogProps = {
  readonly client: Pick<EngineClient, 'call'>;
  readonly series: SeriesKey;
  /** The job this dialog started, followed live from the venue store. */
  readonly jobs: readonly DownloadJob[];
  readonly onClose: () => void;
};

const DAY = 86_400_000;

/** Downloads history of the selected instrument: timeframe and range, then live progress with ETA. */
export function DownloadDialog({ client, series, jobs, onClose }: DownloadDialogProps) {
  const [timeframe, setTimeframe] = useState<Timeframe>(series.timeframe);
  const [since, setSince] = useState(() => isoDate(Date.now() - 30 * DAY));
  const [until, setUntil] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const download = useCan('data.download');
  const cancelDownload = useCan('data.cancelDownload');
  const dialog = useRef<HTMLDialogElement>(null);
  const job = jobs.find((j) => j.id === jobId) ?? null;

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const start = () => {
    setProblem(null);
    const sinceMs = Date.parse(`${since}T00:00:00Z`);
    const untilMs = until === '' ? undefined : Date.parse(`${until}T23:59:59Z`);
    if (!Number.isFinite(sinceMs)) return setProblem('Choose the first day to download.');
    client.call('data.download', { venue: series.venue, symbol: series.symbol, timeframe, since: sinceMs, until: untilMs }).then(
      (started) => setJobId(started.id),
      (error: unknown) => setProblem(errorText(error)),
    );
  };
  const cancel = () => {
    if (job) void client.call('data.cancelDownload', { id: job.id }).catch(() => undefined);
  };

  return (
    <dialog ref={dialog} className="download-dialog" data-testid="download-dialog" aria-labelledby="download-title" onClose={onClose}>
      <h2 id="download-title" className="download-title">
        Download history · {series.venue} · {series.symbol}
      </h2>
      <div className="download-fields">
        <label>
          Timeframe
          <select className="input" data-testid="download-timeframe" value={timeframe} disabled={job !== null} onChange={(e) => setTimeframe(e.target.value as Timeframe)}>
            {TIMEFRAME_ORDER.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input className="input" type="date" data-testid="download-since" value={since} disabled={job !== null} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label>
          To (UTC, optional)
          <input className="input" type="date" data-testid="download-until" value={until} disabled={job !== null} onChange={(e) => setUntil(e.target.value)} />
        </label>
      </div>
      <GapReport client={client} series={{ ...series, timeframe }} />
      {job && <DownloadProgressBar job={job} />}
      {problem && (
        <div className="alert" role="alert" data-testid="download-problem">
          {problem}
        </div>
      )}
      <div className="download-actions">
        {job?.state === 'running' ? (
          <button type="button" className="button" data-testid="download-cancel" disabled={!cancelDownload.allowed} title={cancelDownload.hint} onClick={cancel}>
            Cancel download
          </button>
        ) : (
          <button type="button" className="button button-primary" data-testid="download-start" disabled={job !== null || !download.allowed} title={download.hint} onClick={start}>
            Download
          </button>
        )}
        <button type="button" className="button button-quiet" data-testid="download-close" onClick={() => dialog.current?.close()}>
          {job?.state === 'running' ? 'Hide (keeps running)' : 'Close'}
        </button>
      </div>
    </dialog>
  );
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
