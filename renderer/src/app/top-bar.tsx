import { useMemo, useState } from 'react';
import type { Timeframe } from '../engine-client/api-types';
import { describeTarget } from '../engine-client/engine-target';
import { ConnectionStatusBadge } from '../components/connection-status';
import { RoleBadge } from '../components/role-badge';
import { LiveToggle } from '../components/live-toggle';
import { SymbolSearch } from '../components/symbol-search';
import { TimeframePicker } from '../components/timeframe-picker';
import { AlertCentre } from '../panels/alerts/alert-centre';
import { DownloadDialog } from '../panels/data/download-dialog';
import { TradingBar } from '../panels/trading/trading-bar';
import { instrumentsOf, selectedKey } from '../stores/market-store';
import { timeframeChoices } from '../stores/timeframes';
import { isWatched } from '../stores/venue-store';
import { Wordmark } from './wordmark';
import { useCan } from './access';
import { useConnection, useEngineClient, useMarket, useStores, useVenues } from './stores-context';

/** The workstation's top bar: who we are, which engine, which market (search, timeframe, live, download), and the way out. */
export function TopBar() {
  const { connection: connectionStore, market } = useStores();
  const client = useEngineClient();
  const connection = useConnection((state) => state.connection);
  const target = useConnection((state) => state.target);
  const identity = useConnection((state) => state.identity);
  const series = useMarket((state) => state.series);
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);
  const venues = useVenues((state) => state.venues);
  const feeds = useVenues((state) => state.feeds);
  const downloads = useVenues((state) => state.downloads);
  const [downloading, setDownloading] = useState(false);

  const instruments = useMemo(() => instrumentsOf(series), [series]);
  const stored = useMemo(
    () =>
      new Set<Timeframe>(
        series.filter((s) => instrument !== null && s.venue === instrument.venue && s.symbol === instrument.symbol).map((s) => s.timeframe),
      ),
    [series, instrument],
  );
  const download = useCan('data.download');
  const watch = useCan('data.watch');
  const choices = useMemo(() => timeframeChoices(stored), [stored]);
  const key = selectedKey({ instrument, timeframe });
  const onVenue = key !== null && venues.some((v) => v.id === key.venue);

  return (
    <header className="top-bar">
      <Wordmark />
      <div className="top-bar-market">
        <SymbolSearch
          client={client}
          stored={instruments}
          venues={venues}
          value={instrument}
          onChange={(next, origin) => {
            market.getState().selectInstrument(next);
            // A symbol picked from the venue's list is one the trader wants to see now: stream it.
            if (origin === 'venue' && watch.allowed) void client.call('data.watch', { ...next, timeframe: market.getState().timeframe }).catch(() => undefined);
          }}
        />
        <TimeframePicker choices={choices} stored={stored} value={timeframe} onChange={(next) => market.getState().selectTimeframe(next)} />
        {key && onVenue && <LiveToggle client={client} series={key} watched={isWatched(feeds, key)} />}
        {key && onVenue && (
          <button
            type="button"
            className="button"
            data-testid="open-download"
            disabled={!download.allowed}
            title={download.hint ?? 'Download history from the venue'}
            onClick={() => setDownloading(true)}
          >
            Download…
          </button>
        )}
      </div>
      <div className="top-bar-end">
        <TradingBar />
        <AlertCentre />
        <ConnectionStatusBadge state={connection} where={target ? describeTarget(target) : ''} />
        <RoleBadge identity={identity} remote={target?.kind === 'remote'} />
        <button
          type="button"
          className="button button-quiet"
          data-testid="disconnect"
          title="Disconnect and choose another engine"
          onClick={() => connectionStore.getState().disconnect()}
        >
          Switch engine
        </button>
      </div>
      {downloading && key && <DownloadDialog client={client} series={key} jobs={downloads} onClose={() => setDownloading(false)} />}
    </header>
  );
}
