import { SettingsDialog } from '../settings/settings-dialog';
import { useEngineKeysPort } from '../settings/use-engine-keys-port';
import { useTradingStore } from '../trading/use-trading';

/** The trading settings opened at the alert rules, from the alert centre. */
export function AlertsSettingsLauncher({ onClose }: { readonly onClose: () => void }) {
  const store = useTradingStore();
  const keys = useEngineKeysPort(store);
  return <SettingsDialog store={store} keys={keys} initial="alerts" onClose={onClose} />;
}
