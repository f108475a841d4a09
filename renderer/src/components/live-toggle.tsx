import { useState } from 'react';
import type { SeriesKey } from '../engine-client/api-types';
import type { EngineClient } from '../engine-client/engine-client';
import { useCan } from '../app/access';
import { errorText } from '../format/format';

type LiveToggleProps = {
  readonly client: Pick<EngineClient, 'call'>;
  readonly series: SeriesKey;
  readonly watched: boolean;
};

/** Turns the venue's live stream of the selected series on or off; the engine remembers it across restarts. */
export function LiveToggle({ client, series, watched }: LiveToggleProps) {
  const [busy, setBusy] = useState(false);
  const can = useCan(watched ? 'data.unwatch' : 'data.watch');
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = () => {
    setBusy(true);
    setProblem(null);
    const call = watched ? client.call('data.unwatch', series) : client.call('data.watch', series);
    call.then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        setProblem(errorText(error));
      },
    );
  };
  return (
    <button
      type="button"
      className="button live-toggle"
      data-testid="live-toggle"
      aria-pressed={watched}
      disabled={busy || !can.allowed}
      title={can.hint ?? problem ?? (watched ? 'Stop streaming this series from the venue' : 'Stream this series live from the venue')}
      data-problem={problem !== null}
      onClick={toggle}
    >
      <span className="live-dot" aria-hidden="true" />
      {watched ? 'Live' : 'Go live'}
    </button>
  );
}
