import type { WalkForwardWindow } from '../../engine-client/api-types';
import { formatSpan, formatUtcTime } from './backtest-format';

const ROW = 12;
const GAP = 3;

/** The windows on one time axis: in-sample spans in blue, out-of-sample in amber, one row per window. */
export function WindowTimeline({ windows }: { readonly windows: readonly WalkForwardWindow[] }) {
  if (windows.length === 0) return null;
  const start = Math.min(...windows.map((w) => w.inSample.from));
  const end = Math.max(...windows.map((w) => w.outOfSample.to));
  const span = Math.max(1, end - start);
  const x = (t: number) => ((t - start) / span) * 100;
  const height = windows.length * (ROW + GAP);
  return (
    <figure className="bt-timeline" data-testid="bt-wf-timeline">
      <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" role="img" aria-label={`${windows.length} windows from ${formatUtcTime(start)} to ${formatUtcTime(end)}`} style={{ height }}>
        {windows.map((w, i) => (
          <g key={w.index} transform={`translate(0 ${i * (ROW + GAP)})`}>
            <rect x={x(w.inSample.from)} width={Math.max(0.2, x(w.inSample.to) - x(w.inSample.from))} height={ROW} className="bt-span-in">
              <title>{`Window ${w.index + 1} in-sample ${formatUtcTime(w.inSample.from)} → ${formatUtcTime(w.inSample.to)} (${w.inSample.bars} bars)`}</title>
            </rect>
            <rect x={x(w.outOfSample.from)} width={Math.max(0.2, x(w.outOfSample.to) - x(w.outOfSample.from))} height={ROW} className="bt-span-out">
              <title>{`Window ${w.index + 1} out-of-sample ${formatUtcTime(w.outOfSample.from)} → ${formatUtcTime(w.outOfSample.to)} (${w.outOfSample.bars} bars)`}</title>
            </rect>
          </g>
        ))}
      </svg>
      <figcaption className="bt-timeline-caption">
        <span>
          <i className="bt-span-in-key" /> in-sample
        </span>
        <span>
          <i className="bt-span-out-key" /> out-of-sample
        </span>
        <span className="bt-faint mono">{formatSpan(start, end)}</span>
      </figcaption>
    </figure>
  );
}
