import { useEffect, useState } from 'react';
import type { ScoredSentimentItem, SentimentStatus } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { addAggregate, addItem, type GaugeMap } from './sentiment-state';
import { errorText } from '../../format/format';

export const GAUGE_WINDOW = '1h';

export type SentimentView = {
  readonly items: readonly ScoredSentimentItem[];
  readonly gauges: GaugeMap;
  readonly status: SentimentStatus | null;
  readonly error: string | null;
};

/** Loads the feed, gauges and status once, then follows the engine's sentiment streams. */
export function useSentiment(client: EngineClient): SentimentView {
  const [items, setItems] = useState<readonly ScoredSentimentItem[]>([]);
  const [gauges, setGauges] = useState<GaugeMap>({});
  const [status, setStatus] = useState<SentimentStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      Promise.all([client.call('sentiment.feed', { limit: 100 }), client.call('sentiment.latest', {}), client.call('sentiment.status', {})]).then(
        ([feed, latest, current]) => {
          if (!live) return;
          setItems(feed);
          setGauges(latest.reduce<GaugeMap>((map, a) => addAggregate(map, a, GAUGE_WINDOW), {}));
          setStatus(current);
          setError(null);
        },
        (failure: unknown) => live && setError(errorText(failure)),
      );
    };
    const offs = [
      client.on('sentiment.item', (item) => {
        setItems((current) => addItem(current, item));
        // The model loads on the first headline; refresh the status line when items flow.
        void client.call('sentiment.status', {}).then((s) => live && setStatus(s), () => undefined);
      }),
      client.on('sentiment.aggregate', (aggregate) => setGauges((current) => addAggregate(current, aggregate, GAUGE_WINDOW))),
      client.on('sentiment.status', (next) => setStatus(next)),
      client.onGap('sentiment.item', load),
      client.onGap('sentiment.aggregate', load),
      client.onGap('sentiment.status', load),
    ];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [client]);

  return { items, gauges, status, error };
}
