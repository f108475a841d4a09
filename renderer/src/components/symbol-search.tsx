import './symbol-search.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCan } from '../app/access';
import type { VenueInfo, VenueInstrument } from '../engine-client/api-types';
import type { EngineClient } from '../engine-client/engine-client';
import type { Instrument } from '../stores/market-store';
import { instrumentId } from '../stores/market-store';
import { errorText } from '../format/format';

type SymbolSearchProps = {
  readonly client: Pick<EngineClient, 'call'>;
  /** Instruments with stored candles, offered first. */
  readonly stored: readonly Instrument[];
  readonly venues: readonly VenueInfo[];
  readonly value: Instrument | null;
  readonly onChange: (instrument: Instrument, origin: 'stored' | 'venue') => void;
};

type Option = { readonly instrument: Instrument; readonly origin: 'stored' | 'venue'; readonly detail: string };

const SEARCH_DELAY_MS = 120;

/**
 * The symbol picker: a button showing the instrument, opening a search over stored series and over
 * every venue's instruments (loaded from the venue on request). Arrow keys, Enter and Escape work.
 */
export function SymbolSearch({ client, stored, venues, value, onChange }: SymbolSearchProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<readonly VenueInstrument[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadInstruments = useCan('data.loadInstruments');
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      client.call('data.instruments', { query, limit: 30 }).then(
        (instruments) => current && setFound(instruments),
        (error: unknown) => current && setProblem(errorText(error)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, open, query, generation]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const options = useMemo<Option[]>(() => {
    const text = query.trim().toUpperCase();
    const storedOptions = stored
      .filter((i) => text === '' || i.symbol.toUpperCase().includes(text) || i.venue.toUpperCase().includes(text))
      .map((instrument) => ({ instrument, origin: 'stored' as const, detail: 'stored' }));
    const seen = new Set(storedOptions.map((o) => instrumentId(o.instrument)));
    const venueOptions = found
      .filter((i) => !seen.has(instrumentId(i)))
      .map((i) => ({ instrument: { venue: i.venue, symbol: i.symbol }, origin: 'venue' as const, detail: i.kind === 'spot' ? 'spot' : i.contract === 'perpetual' ? 'perpetual' : i.kind }));
    return [...storedOptions, ...venueOptions];
  }, [stored, found, query]);

  const choose = (option: Option | undefined) => {
    if (!option) return;
    onChange(option.instrument, option.origin);
    setOpen(false);
    setQuery('');
  };

  const loadVenue = (venue: VenueInfo) => {
    setLoading(venue.id);
    setProblem(null);
    client.call('data.loadInstruments', { venue: venue.id }).then(
      () => {
        setLoading(null);
        setGeneration((g) => g + 1);
      },
      (error: unknown) => {
        setLoading(null);
        setProblem(`${venue.name}: ${errorText(error)}`);
      },
    );
  };

  const venuesWithout = venues.filter((v) => !found.some((i) => i.venue === v.id));

  return (
    <div className="symbol-search" ref={root}>
      <button
        type="button"
        className="picker symbol-picker"
        aria-label="Symbol"
        aria-haspopup="listbox"
        aria-expanded={open}
        data-testid="symbol-picker"
        onClick={() => setOpen(!open)}
      >
        {value ? `${value.venue} · ${value.symbol}` : 'Choose a symbol'}
      </button>
      {open && (
        <div className="symbol-search-popover" data-testid="symbol-search-popover">
          <input
            className="symbol-search-input"
            data-testid="symbol-search"
            placeholder="Search BTC, ETH/USDT, SOL…"
            aria-label="Search symbols"
            role="combobox"
            aria-expanded="true"
            aria-controls="symbol-search-results"
            autoFocus
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') setActive((a) => Math.min(options.length - 1, a + 1));
              else if (event.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
              else if (event.key === 'Enter') choose(options[active]);
              else if (event.key === 'Escape') setOpen(false);
              else return;
              event.preventDefault();
            }}
          />
          <ul className="symbol-search-results" id="symbol-search-results" role="listbox" aria-label="Symbols">
            {options.map((option, index) => (
              <li
                key={`${option.origin}:${instrumentId(option.instrument)}`}
                role="option"
                aria-selected={index === active}
                className="symbol-search-option"
                data-testid="symbol-option"
                data-symbol={option.instrument.symbol}
                onMouseEnter={() => setActive(index)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(option);
                }}
              >
                <span className="symbol-search-symbol">{option.instrument.symbol}</span>
                <span className="symbol-search-venue">{option.instrument.venue}</span>
                <span className={`symbol-search-detail symbol-search-detail-${option.origin}`}>{option.detail}</span>
              </li>
            ))}
            {options.length === 0 && <li className="symbol-search-empty">No symbol matches “{query}”.</li>}
          </ul>
          {venuesWithout.length > 0 && query.trim() === '' && (
            <div className="symbol-search-load">
              {venuesWithout.map((venue) => (
                <button key={venue.id} type="button" className="button button-quiet" data-testid={`load-instruments-${venue.id}`} disabled={loading !== null || !loadInstruments.allowed} title={loadInstruments.hint} onClick={() => loadVenue(venue)}>
                  {loading === venue.id ? `Loading ${venue.name}…` : `Load ${venue.name} instruments`}
                </button>
              ))}
            </div>
          )}
          {problem && (
            <div className="symbol-search-problem" role="alert">
              {problem}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
