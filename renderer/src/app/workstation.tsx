import './workstation.css';
import { useEffect } from 'react';
import { startSeriesSync } from '../stores/series-sync';
import { startVenueSync } from '../stores/venue-sync';
import { PanelLayout } from './panel-layout';
import { StatusBar } from './status-bar';
import { useEngineClient, useStores } from './stores-context';
import { TopBar } from './top-bar';

/** The trading screen shown once an engine has welcomed us. */
export function Workstation() {
  const client = useEngineClient();
  const { market, venues } = useStores();

  useEffect(() => {
    market.getState().reset();
    return startSeriesSync(client, market);
  }, [client, market]);

  useEffect(() => {
    venues.getState().reset();
    return startVenueSync(client, venues);
  }, [client, venues]);

  return (
    <div className="workstation" data-testid="workstation">
      <TopBar />
      <PanelLayout />
      <StatusBar />
    </div>
  );
}
