import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult, RegimeCurrent, RegimeModelSummary, SeriesKey } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { sameSeries } from './regime-band-feed';

export type RegimeView = {
  readonly loaded: boolean;
  /** The series' model, or null when it has none. */
  readonly model: RegimeModelSummary | null;
  readonly current: RegimeCurrent | null;
  readonly fitting: boolean;
  /** Where a running fit is: restart and EM iteration, polled while it runs. */
  readonly progress: ApiResult<'regime.model'>['fitting'];
  readonly error: string | null;
};

const EMPTY: RegimeView = { loaded: false, model: null, current: null, fitting: false, progress: null, error: null };
const PROGRESS_POLL_MS = 400;

/**
 * The regime panel's data for one series: the model, where the series stands and why, refreshed on each
 * `regime.state` of the series; and a fit action that reports its error.
 */
export function useRegime(client: EngineClient, key: SeriesKey | null): RegimeView & { fit: (states: number) => void } {
  const [view, setView] = useState<RegimeView>(EMPTY);
  /** True while this window's own fit call runs; a fit started elsewhere is only seen by polling. */
  const ownFit = useRef(false);

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

  useEffect(() => {
    if (!view.fitting || !key) return;
    const timer = setInterval(() => {
      client.call('regime.model', key).then(
        ({ fitting }) => {
          if (fitting === null && !ownFit.current) {
            // A fit started by another window or the CLI has finished: show its model.
            setView((v) => ({ ...v, fitting: false, progress: null }));
            void refresh();
          } else {
            setView((v) => (v.fitting ? { ...v, progress: fitting } : v));
          }
        },
        () => undefined,
      );
    }, PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [client, key, view.fitting, refresh]);

  const fit = useCallback(
    (states: number): void => {
      if (!key) return;
      setView((v) => ({ ...v, fitting: true, error: null }));
      ownFit.current = true;
      client.call('regime.fit', { ...key, states }).then(
        async () => {
          ownFit.current = false;
          setView((v) => ({ ...v, fitting: false, progress: null }));
          await refresh();
        },
        (error: unknown) => {
          ownFit.current = false;
          setView((v) => ({ ...v, fitting: false, progress: null, error: (error as Error).message }));
        },
      );
    },
    [client, key, refresh],
  );

  return { ...view, fit };
}
