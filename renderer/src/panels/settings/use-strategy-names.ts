import { useEffect, useState } from 'react';
import { useEngineClient } from '../../app/stores-context';

/** Names of the strategies the engine knows (built-in and the trader's own); empty until answered or when it cannot answer. */
export function useStrategyNames(): readonly string[] {
  const client = useEngineClient();
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    client.call('strategy.list', {}).then(
      (list) => setNames(list.strategies.map((s) => s.name)),
      () => undefined,
    );
  }, [client]);
  return names;
}
