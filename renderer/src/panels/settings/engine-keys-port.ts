import type { EngineClient } from '../../engine-client/engine-client';
import type { KeysPort, KeyStatus } from './keys-section';

/**
 * The settings' key form over the engine's keys API. After keys change, `onChanged` runs (the trading
 * mode is read again: whether live trading is available depends on them).
 */
export function engineKeysPort(client: Pick<EngineClient, 'call'>, onChanged: () => void): KeysPort {
  const none: KeyStatus = { configured: false, keyId: null };
  return {
    status: (venue) => client.call('keys.status', {}).then((answer) => answer.venues.find((v) => v.venue === venue) ?? none),
    set: (venue, apiKey, secret) =>
      client.call('keys.set', { venue, apiKey, secret }).then((status) => {
        onChanged();
        return status;
      }),
    remove: (venue) =>
      client.call('keys.remove', { venue }).then((answer) => {
        onChanged();
        return answer.status;
      }),
  };
}
