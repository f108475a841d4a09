import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelSummary, RankingReport, Timeframe } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { errorText } from '../../format/format';

/** New bars and history change the ranking; recompute at most this often while they stream in. */
export const REFRESH_MS = 5_000;

export type RankingState = {
  readonly report: RankingReport | null;
  readonly models: readonly ModelSummary[];
  readonly error: string | null;
  readonly loading: boolean;
  refresh(): void;
};

/** Loads the ranking of a timeframe and the ml-direction models, and reloads when stored candles change. */
export function useRanking(client: EngineClient, timeframe: Timeframe, top: number): RankingState {
  const [report, setReport] = useState<RankingReport | null>(null);
  const [models, setModels] = useState<readonly ModelSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    Promise.all([client.call('ranking.top', { timeframe, top }), client.call('ml.models', {})]).then(
      ([next, list]) => {
        if (!live) return;
        setReport(next);
        setModels(list);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(errorText(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client, timeframe, top, generation]);

  useEffect(() => {
    const later = (): void => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        refresh();
      }, REFRESH_MS);
    };
    const offs = [
      client.on('data.history', (event) => event.timeframe === timeframe && later()),
      client.on('data.candle', (event) => event.closed && event.timeframe === timeframe && later()),
    ];
    return () => {
      for (const off of offs) off();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client, timeframe, refresh]);

  return { report, models, error, loading, refresh };
}
