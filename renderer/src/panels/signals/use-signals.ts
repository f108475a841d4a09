import { useEffect, useState } from 'react';
import type { SeriesKey, Signal } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { mergeSignals, sameSeries } from './signal-state';
import { errorText } from '../../format/format';

export type SignalsView = {
  readonly signals: readonly Signal[];
  readonly error: string | null;
  readonly loaded: boolean;
};

/** The stored signals of a series, then the live ones from the `strategy.signal` stream; reloaded after a gap. */
export function useSignals(client: EngineClient, series: SeriesKey | null, limit = 1_000): SignalsView {
  const [signals, setSignals] = useState<readonly Signal[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setSignals([]);
    setLoaded(false);
    if (!series) return;
    let live = true;
    const load = (): void => {
      client.call('strategy.signals', { series, limit }).then(
        (stored) => {
          if (!live) return;
          setSignals((current) => mergeSignals(current, stored));
          setError(null);
          setLoaded(true);
        },
        (failure: unknown) => live && setError(errorText(failure)),
      );
    };
    const offs = [
      client.on('strategy.signal', (signal) => {
        if (sameSeries(series, signal)) setSignals((current) => mergeSignals(current, [signal]));
      }),
      client.onGap('strategy.signal', load),
    ];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [client, series, limit]);

  return { signals, error, loaded };
}
