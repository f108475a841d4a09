import { useMemo } from 'react';
import { useEngineClient } from '../../app/stores-context';
import type { TradingStore } from '../trading/trading-store';
import { engineKeysPort } from './engine-keys-port';
import type { KeysPort } from './keys-section';

/** The settings' key port for the connected engine; a change of keys reads the trading mode again (live needs keys). */
export function useEngineKeysPort(store: TradingStore): KeysPort {
  const client = useEngineClient();
  return useMemo(
    () =>
      engineKeysPort(client, () => {
        client.call('trading.mode', {}).then(
          (view) => store.getState().setMode(view),
          () => undefined,
        );
      }),
    [client, store],
  );
}
