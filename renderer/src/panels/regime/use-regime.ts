import { useCallback, useEffect, useState } from 'react';
import type { RegimeCurrent, RegimeModelSummary, SeriesKey } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { sameSeries } from './regime-band-feed';

export type RegimeView = {
  readonly loaded: boolean;
  /** The series' model, or null when it has none. */
  readonly model: RegimeModelSummary | null;
  readonly current: RegimeCurrent | null;
  readonly fitting: boolean;
  readonly error: string | null;
};

const EMPTY: RegimeView = { loaded: false, model: null, current: null, fitting: false, error: null };

/**
 * The regime panel's data for one series: the model, where the series stands and why, refreshed on each
 * `regime.state` of the series; and a fit action that reports its error.
 */
export function useRegime(client: EngineClient, key: SeriesKey | null): RegimeView & { fit: (states: number) => void } {
  const [view, setView] = useState<RegimeView>(EMPTY);

  const refresh = useCallback(async (): Promise<void> => {
    if (!key) return;
    try {
      const { model, fitting } = await client.call('regime.model', key);
      const current = model ? await client.call('regime.current', key) : null;
      setView((v) => ({ ...v, loaded: true, model, current, fitting: v.fitting || fitting !== null, error: null }));
    } catch (error) {
      setView((v) => ({ ...v, loaded: true, error: (error as Error).message }));
    }
  }, [client, key]);

  useEffect(() => {
    setView(EMPTY);
    if (!key) return;
    let alive = true;
    const guarded = (): void => {
      if (alive) void refresh();
    };
    guarded();
    const offState = client.on('regime.state', (state) => {
      if (sameSeries(key, state)) guarded();
    });
    const offGap = client.onGap('regime.state', guarded);
    return () => {
      alive = false;
      offState();
      offGap();
    };
  }, [client, key, refresh]);

  const fit = useCallback(
    (states: number): void => {
      if (!key) return;
      setView((v) => ({ ...v, fitting: true, error: null }));
      client.call('regime.fit', { ...key, states }).then(
        async () => {
          setView((v) => ({ ...v, fitting: false }));
          await refresh();
        },
        (error: unknown) => setView((v) => ({ ...v, fitting: false, error: (error as Error).message })),
      );
    },
    [client, key, refresh],
  );

  return { ...view, fit };
}
