import { useEffect, useState } from 'react';
import type { EngineClient } from '../../engine-client/engine-client';

/** The engine records an equity point a minute; reading them again this often keeps the curve current. */
const RELOAD_MS = 60_000;
const POINTS = 720;

/** The recent equity curve (oldest first), as numbers for drawing; empty when the engine has none. */
export function useEquityHistory(client: Pick<EngineClient, 'call'>): readonly { readonly time: number; readonly value: number }[] {
  const [points, setPoints] = useState<readonly { readonly time: number; readonly value: number }[]>([]);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      client.call('portfolio.equity', { limit: POINTS }).then(
        (list) => live && setPoints(list.map((p) => ({ time: p.time, value: Number(p.equity) }))),
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, RELOAD_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return points;
}
