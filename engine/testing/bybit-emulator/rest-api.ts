import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatedMarket, MarketCategory } from './emulated-market';
import type { RestFaultPlan } from './faults';
import { BybitError } from './bybit-error';
import type { InstrumentCatalog } from './instruments';
import { isBybitInterval } from './intervals';
import { klineRow, orderBook, ticker } from './market-views';
import { minuteTrade } from './minute-trades';
import type { EmulatedAccount } from './emulated-account';
import { PRIVATE_PATHS, privateRoute } from './private-rest';
import { checkRestSignature, type ApiKeys } from './signature';

export type RecordedRequest = { readonly method: string; readonly path: string; readonly query: string; readonly at: number };

export type RestContext = {
  readonly market: EmulatedMarket;
  readonly catalog: InstrumentCatalog;
  readonly faults: RestFaultPlan;
  readonly keys: ApiKeys;
  readonly account: EmulatedAccount;
  /** Cuts the private WebSocket connections (the `drop-private-stream` fault). */
  readonly dropPrivateStreams: () => void;
  /** Bybit's per-second API limit; undefined serves every request (benchmarks run with limits off). */
  readonly requestsPerSecond: number | undefined;
  readonly record: (request: RecordedRequest) => void;
};

type Reply = { readonly status?: number; readonly retCode?: number; readonly retMsg?: string; readonly result?: unknown };

/** A result already serialised, spliced into the envelope as is. */
class RawJson {
  constructor(readonly text: string) {}
}


const MAX_RECORDED_PATH = 200;

/** Serves the v5 REST endpoints ccxt uses: market data, and the signed private endpoints of the emulated account. */
export function createRestHandler(context: RestContext) {
  let windowStart = 0;
  let windowCount = 0;

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const rawUrl = request.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);
    const body = await readBody(request);
    context.record({ method: request.method ?? 'GET', path: path.slice(0, MAX_RECORDED_PATH), query: rawQuery, at: Date.now() });

    const fault = context.faults.take(path);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'server-error') return sendText(response, fault.status ?? 502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    if (fault?.kind === 'malformed') return sendText(response, 200, '{"retCode":0,"retMsg":"OK","result":{"list":[');
    if (fault?.kind === 'rate-limit' || overLimit()) {
      return sendEnvelope(response, { retCode: 10006, retMsg: 'Too many visits!', result: {} }, { 'X-Bapi-Limit-Status': '0' });
    }

    if (fault?.kind === 'reject') return sendEnvelope(response, { retCode: fault.retCode, retMsg: fault.retMsg, result: {} });
    if (fault?.kind === 'drop-private-stream') context.dropPrivateStreams();

    let reply: Reply;
    try {
      const params = new URLSearchParams(rawQuery);
      reply = route(request.method ?? 'GET', path, params, rawQuery, body, request);
    } catch (error) {
      if (!(error instanceof BybitError)) return sendText(response, 500, 'internal error');
      reply = { retCode: error.retCode, retMsg: error.message, result: {} };
    }
    // The request has done its work at the venue; only its answer is lost (held until the server stops, or cut).
    if (fault?.kind === 'accept-then-hang') return;
    if (fault?.kind === 'accept-then-drop') return void request.socket.destroy();
    sendEnvelope(response, reply);
  };

  function overLimit(): boolean {
    if (context.requestsPerSecond === undefined) return false;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      windowCount = 0;
    }
    windowCount += 1;
    return windowCount > context.requestsPerSecond;
  }

  function route(method: string, path: string, params: URLSearchParams, rawQuery: string, body: string, request: IncomingMessage): Reply {
    if (method === 'GET' && path === '/v5/market/time') {
      const now = Date.now();
      return { result: { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` } };
    }
    if (method === 'GET' && path === '/v5/market/instruments-info') return { result: instruments(params) };
    if (method === 'GET' && path === '/v5/market/kline') return { result: kline(params) };
    if (method === 'GET' && path === '/v5/market/tickers') {
      const { category, symbol } = instrumentParams(params);
      return { result: { category, list: [ticker(context.market, context.catalog, category, symbol)] } };
    }
    if (method === 'GET' && path === '/v5/market/orderbook') {
      const { category, symbol } = instrumentParams(params);
      const depth = Math.min(Number(params.get('limit') ?? (category === 'spot' ? 1 : 25)), category === 'spot' ? 200 : 500);
      return { result: orderBook(context.market, context.catalog, category, symbol, depth) };
    }
    if (method === 'GET' && path === '/v5/market/recent-trade') return { result: recentTrades(params) };
    if (PRIVATE_PATHS.has(path)) return signed(method, rawQuery, body, request, () => privateRoute(context.account, method, path, params, body));
    return { status: 404, retCode: 10017, retMsg: `route not found: ${path}` };
  }

  function signed(method: string, rawQuery: string, body: string, request: IncomingMessage, answer: () => unknown): Reply {
    const check = checkRestSignature(
      { method, signedPayload: method === 'GET' ? rawQuery : body, header: (name) => headerValue(request, name), now: Date.now() },
      context.keys,
    );
    if (!check.ok) throw new BybitError(check.retCode, check.retMsg);
    return { result: answer() };
  }

  function instruments(params: URLSearchParams) {
    const category = params.get('category');
    if (category === 'inverse' || category === 'option') return { category, list: [], nextPageCursor: '' };
    const cat = knownCategory(category);
    if (params.get('status') === 'PreLaunch') return { category: cat, list: [], nextPageCursor: '' };
    let list = context.catalog[cat];
    const symbol = params.get('symbol');
    if (symbol) list = list.filter((entry) => entry.symbol === symbol);
    if (cat === 'spot') return { category: cat, list };
    const limit = clamp(Number(params.get('limit') ?? 500), 1, 1000);
    const offset = Number(params.get('cursor') ?? 0) || 0;
    const page = list.slice(offset, offset + limit);
    return { category: cat, list: page, nextPageCursor: offset + limit < list.length ? String(offset + limit) : '' };
  }

  /**
   * Bars in [start, end], newest first. When the range holds more than `limit` bars, the newest `limit`
   * are returned, so a client that pages forward must bound each request's end.
   */
  function kline(params: URLSearchParams) {
    const { category, symbol } = instrumentParams(params);
    const interval = params.get('interval') ?? '';
    if (!isBybitInterval(interval)) throw new BybitError(10001, 'Invalid period!');
    const limit = clamp(Number(params.get('limit') ?? 200), 1, 1000);
    const end = Number(params.get('end') ?? context.market.now);
    const start = Number(params.get('start') ?? 0);
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new BybitError(10001, 'params error: start or end');
    if (interval === '1') {
      const list = context.market.minuteKlinesJson(category, symbol, start, end, limit);
      return new RawJson(`{"category":"${category}","symbol":"${symbol}","list":${list}}`);
    }
    let bars = context.market.bars(category, symbol, interval, start, end);
    if (bars.length > limit) bars = bars.slice(bars.length - limit);
    return { category, symbol, list: bars.reverse().map(klineRow) };
  }

  function recentTrades(params: URLSearchParams) {
    const { category, symbol } = instrumentParams(params);
    const limit = clamp(Number(params.get('limit') ?? (category === 'spot' ? 60 : 500)), 1, 1000);
    const market = context.market;
    const count = market.tradesPerMinute;
    const bar = market.bars(category, symbol, '1', market.now - 60_000, market.now);
    const list = bar
      .flatMap((b) => Array.from({ length: count }, (_, i) => minuteTrade(b, i, count, `${category}:${symbol}`)))
      .filter((t) => t.time <= market.now)
      .slice(-limit)
      .reverse()
      .map((t) => ({ execId: t.id, symbol, price: String(t.price), size: String(t.size), side: t.side, time: String(t.time), isBlockTrade: false }));
    return { category, list };
  }

  function instrumentParams(params: URLSearchParams): { category: MarketCategory; symbol: string } {
    const category = knownCategory(params.get('category'));
    const symbol = params.get('symbol') ?? '';
    if (!context.catalog[category].some((entry) => entry.symbol === symbol)) throw new BybitError(10001, `Not supported symbols`);
    return { category, symbol };
  }
}

function knownCategory(value: string | null): MarketCategory {
  if (value === 'spot' || value === 'linear') return value;
  throw new BybitError(10001, `Illegal category`);
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, Math.floor(value))) : low;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendEnvelope(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  const result = reply.result instanceof RawJson ? reply.result.text : JSON.stringify(reply.result ?? {});
  const body = `{"retCode":${reply.retCode ?? 0},"retMsg":${JSON.stringify(reply.retMsg ?? 'OK')},"result":${result},"retExtInfo":{},"time":${Date.now()}}`;
  response.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...headers });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/html' });
  response.end(text);
}
