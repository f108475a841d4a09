import './workstation.css';
import { useEffect } from 'react';
import { startSeriesSync } from '../stores/series-sync';
import { PanelLayout } from './panel-layout';
import { StatusBar } from './status-bar';
import { useEngineClient, useStores } from './stores-context';
import { TopBar } from './top-bar';

/** The trading screen shown once an engine has welcomed us. */
export function Workstation() {
  const client = useEngineClient();
  const { market } = useStores();

  useEffect(() => {
    market.getState().reset();
    return startSeriesSync(client, market);
  }, [client, market]);

  return (
    <div className="workstation" data-testid="workstation">
      <TopBar />
      <PanelLayout />
      <StatusBar />
    </div>
  );
}
