import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EngineClient } from '../engine-client/engine-client';
import type { ConnectionStore, ConnectionStoreState } from '../stores/connection-store';
import type { MarketStore, MarketStoreState } from '../stores/market-store';
import type { VenueStore, VenueStoreState } from '../stores/venue-store';

export type AppStores = {
  readonly connection: ConnectionStore;
  readonly market: MarketStore;
  readonly venues: VenueStore;
};

const StoresContext = createContext<AppStores | null>(null);

/** Stores come from context rather than module singletons, so tests render with their own. */
export function StoresProvider({ stores, children }: { readonly stores: AppStores; readonly children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores needs a StoresProvider above it');
  return stores;
}

export function useConnection<T>(selector: (state: ConnectionStoreState) => T): T {
  return useStore(useStores().connection, selector);
}

export function useMarket<T>(selector: (state: MarketStoreState) => T): T {
  return useStore(useStores().market, selector);
}

export function useVenues<T>(selector: (state: VenueStoreState) => T): T {
  return useStore(useStores().venues, selector);
}

/** The connected engine; only for components shown while a client exists (the workstation). */
export function useEngineClient(): EngineClient {
  const client = useConnection((state) => state.client);
  if (!client) throw new Error('useEngineClient is only for components inside the workstation');
  return client;
}
