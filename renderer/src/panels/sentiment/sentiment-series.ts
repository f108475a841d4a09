import type { SentimentAggregate } from '../../engine-client/api-types';

export type SeriesPoint = { readonly time: number; readonly value: number };

/** Aggregates as chart points: seconds, strictly increasing (the last aggregate of a second wins). */
export function toPoints(aggregates: readonly SentimentAggregate[]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const a of [...aggregates].sort((x, y) => x.at - y.at)) {
    const time = Math.floor(a.at / 1000);
    const last = points[points.length - 1];
    if (last && last.time === time) points[points.length - 1] = { time, value: a.score };
    else points.push({ time, value: a.score });
  }
  return points;
}
