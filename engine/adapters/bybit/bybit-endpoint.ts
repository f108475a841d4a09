import type { VenueEndpoint } from '../venue-table';

/** ccxt URL overrides that point every Bybit v5 REST and WebSocket path at another host (the local emulator). */
export function bybitUrls(endpoint: VenueEndpoint) {
  const rest = endpoint.restUrl.replace(/\/$/, '');
  const ws = endpoint.wsUrl.replace(/\/$/, '');
  return {
    api: {
      public: rest,
      private: rest,
      spot: rest,
      futures: rest,
      v2: rest,
      ws: {
        public: { spot: `${ws}/v5/public/spot`, linear: `${ws}/v5/public/linear`, inverse: `${ws}/v5/public/inverse`, option: `${ws}/v5/public/option` },
        private: {
          contract: `${ws}/v5/private`,
          spot: { unified: `${ws}/v5/private`, nonUnified: `${ws}/v5/private` },
          usdc: `${ws}/v5/private`,
          trade: `${ws}/v5/trade`,
        },
      },
    },
  };
}

const PUBLIC_TOPICS = /^(kline|publicTrade|orderbook|tickers)\./;

/**
 * Checks a Bybit public frame before ccxt parses it: ccxt would iterate a string `data` character by
 * character and produce garbage trades, so a frame whose payload has the wrong shape is refused here.
 */
export function bybitFrameProblem(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return 'frame is not a JSON object';
  const frame = message as { topic?: unknown; data?: unknown };
  if (frame.topic === undefined) return null;
  if (typeof frame.topic !== 'string') return 'topic is not a string';
  if (!PUBLIC_TOPICS.test(frame.topic)) {
    return ['order', 'execution', 'position', 'wallet'].some((t) => (frame.topic as string).startsWith(t)) ? null : `unknown topic ${frame.topic.slice(0, 80)}`;
  }
  const wantsList = frame.topic.startsWith('kline.') || frame.topic.startsWith('publicTrade.');
  if (wantsList ? !Array.isArray(frame.data) : typeof frame.data !== 'object' || frame.data === null || Array.isArray(frame.data)) {
    return `${frame.topic}: data has the wrong shape`;
  }
  return null;
}
