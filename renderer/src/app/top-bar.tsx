import { useMemo } from 'react';
import type { Timeframe } from '../engine-client/api-types';
import { describeTarget } from '../engine-client/engine-target';
import { ConnectionStatusBadge } from '../components/connection-status';
import { SymbolPicker } from '../components/symbol-picker';
import { TimeframePicker } from '../components/timeframe-picker';
import { instrumentsOf } from '../stores/market-store';
import { timeframeChoices } from '../stores/timeframes';
import { Wordmark } from './wordmark';
import { useConnection, useMarket, useStores } from './stores-context';

/** The workstation's top bar: who we are, which engine, which market, and the way out. */
export function TopBar() {
  const { connection: connectionStore, market } = useStores();
  const connection = useConnection((state) => state.connection);
  const target = useConnection((state) => state.target);
  const series = useMarket((state) => state.series);
  const instrument = useMarket((state) => state.instrument);
  const timeframe = useMarket((state) => state.timeframe);

  const instruments = useMemo(() => instrumentsOf(series), [series]);
  const stored = useMemo(
    () =>
      new Set<Timeframe>(
        series.filter((s) => instrument !== null && s.venue === instrument.venue && s.symbol === instrument.symbol).map((s) => s.timeframe),
      ),
    [series, instrument],
  );
  const choices = useMemo(() => timeframeChoices(stored), [stored]);

  return (
    <header className="top-bar">
      <Wordmark />
      <div className="top-bar-market">
        <SymbolPicker instruments={instruments} value={instrument} onChange={(next) => market.getState().selectInstrument(next)} />
        <TimeframePicker choices={choices} stored={stored} value={timeframe} onChange={(next) => market.getState().selectTimeframe(next)} />
      </div>
      <div className="top-bar-end">
        <ConnectionStatusBadge state={connection} where={target ? describeTarget(target) : ''} />
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
    </header>
  );
}
