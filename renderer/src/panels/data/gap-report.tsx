import { useEffect, useState } from 'react';
import { useCan } from '../../app/access';
import type { Gap, SeriesKey } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { errorText, formatCount, formatUtcMinute } from '../../format/format';

/** Missing bars in the stored series, with a button that downloads them. */
export function GapReport({ client, series }: { readonly client: Pick<EngineClient, 'call'>; readonly series: SeriesKey }) {
  const [gaps, setGaps] = useState<readonly Gap[] | null>(null);
  const [state, setState] = useState<'idle' | 'filling' | 'filled'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const fillGaps = useCan('data.fillGaps');

  const { venue, symbol, timeframe } = series;
  useEffect(() => {
    let current = true;
    setGaps(null);
    client.call('data.gaps', { venue, symbol, timeframe }).then(
      (found) => current && setGaps(found),
      (error: unknown) => current && setProblem(errorText(error)),
    );
    return () => {
      current = false;
    };
  }, [client, venue, symbol, timeframe]);

  const fill = () => {
    setState('filling');
    client.call('data.fillGaps', { venue, symbol, timeframe }).then(
      (result) => {
        setGaps(result.remaining);
        setState('filled');
      },
      (error: unknown) => {
        setState('idle');
        setProblem(errorText(error));
      },
    );
  };

  if (problem) return <div className="gap-report gap-report-problem">{problem}</div>;
  if (gaps === null) return null;
  const missing = gaps.reduce((sum, gap) => sum + gap.missing, 0);
  return (
    <div className="gap-report" data-testid="gap-report" data-gaps={gaps.length}>
      {gaps.length === 0 ? (
        <span>{state === 'filled' ? 'All gaps filled.' : 'No gaps in the stored history.'}</span>
      ) : (
        <>
          <span>
            {gaps.length} {gaps.length === 1 ? 'gap' : 'gaps'}, {formatCount(missing)} bars missing
            {gaps[0] && ` (first ${formatUtcMinute(gaps[0].from)} UTC)`}
          </span>
          <button type="button" className="button" data-testid="fill-gaps" disabled={state === 'filling' || !fillGaps.allowed} title={fillGaps.hint} onClick={fill}>
            {state === 'filling' ? 'Filling…' : 'Fill gaps'}
          </button>
        </>
      )}
    </div>
  );
}
