import { ConnectionScreen } from './connection-screen';
import { StoresProvider, useConnection, type AppStores } from './stores-context';
import { Workstation } from './workstation';

/** The connection screen until an engine welcomes us, then the workstation. */
export function App({ stores }: { readonly stores: AppStores }) {
  return (
    <StoresProvider stores={stores}>
      <Screen />
    </StoresProvider>
  );
}

function Screen() {
  const hasClient = useConnection((state) => state.client !== null);
  const hasOpened = useConnection((state) => state.hasOpened);
  const status = useConnection((state) => state.connection?.status ?? null);
  // Once connected, a dropped link keeps the workstation up while it reconnects: a blip must not
  // throw the trader out of the screen they are reading.
  const working = hasClient && hasOpened && (status === 'open' || status === 'reconnecting');
  return working ? <Workstation /> : <ConnectionScreen />;
}
