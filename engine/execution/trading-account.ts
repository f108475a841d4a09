import { formatUnits, mulUnits, unitsFromNumber, unitsToNumber, type Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import { MONEY_SCALE, type Balance, type Position } from '../model/order';
import type { Portfolio } from '../portfolio/portfolio';
import type { EquityPointView, PortfolioView, PositionView, TradingMode } from './execution-views';
import type { Scales } from './order-journal';
import type { AccountSnapshot } from './proposal-factory';
import type { AccountView } from './reconciliation';
import { EquityHistory } from './equity-history';

/**
 * The account a trading mode trades: what sizing, the risk engine, reconciliation and the portfolio view
 * read. Paper wraps the sim venue's Portfolio (fed by the matcher's fills); live holds what the venue
 * reports (positions and wallet from its streams and from reconciliation), marked to live prices.
 */
export type TradingAccount = AccountView & {
  readonly mode: TradingMode;
  readonly venue: string;
  readonly currency: string;
  equity(): number;
  available(): number;
  quantity(symbol: string): Units;
  markPrice(symbol: string): number | undefined;
  /** Signed notional per symbol at the marks, settlement currency. */
  exposure(): ReadonlyMap<string, number>;
  scalesOf(symbol: string): Scales | undefined;
  snapshot(symbol: string): AccountSnapshot;
  mark(symbol: string, price: number): void;
  onPosition(position: Position): void;
  onBalance(balance: Balance): void;
  recordEquity(time: number): void;
  equityHistory(): readonly EquityPointView[];
  view(now: number): PortfolioView;
};

/** Paper: the sim venue's Portfolio, which the matcher feeds before any event, so nothing here applies a fill twice. */
export function portfolioAccount(portfolio: Portfolio, instruments: () => readonly Instrument[], history = new EquityHistory(portfolio.venue)): TradingAccount {
  const marks = new Map<string, number>();
  const instrumentOf = (symbol: string) => instruments().find((i) => i.symbol === symbol);
  // Net of fees and funding, as each position's realized PnL and a venue's account report it.
  const netRealized = (): Units => portfolio.realizedPnl() - portfolio.fees() - portfolio.funding();
  const account: TradingAccount = {
    mode: 'paper',
    venue: portfolio.venue,
    currency: portfolio.asset,
    equity: () => portfolio.equity(),
    available: () => portfolio.available(),
    quantity: (symbol) => portfolio.quantity(symbol),
    markPrice: (symbol) => marks.get(symbol),
    exposure: () => portfolio.exposure().bySymbol,
    scalesOf: (symbol) => instrumentOf(symbol),
    snapshot: (symbol) => ({ equity: finite(portfolio.equity()), available: finite(portfolio.available()), positionQuantity: portfolio.quantity(symbol) }),
    mark: (symbol, price) => {
      marks.set(symbol, price);
      portfolio.mark(symbol, price);
    },
    onPosition: () => {},
    onBalance: () => {},
    positions: () => portfolio.positions(),
    balances: () => [portfolio.balance()],
    recordEquity: (time) => {
      const positions = portfolio.positions();
      const unrealized = positions.reduce((sum, p) => sum + p.unrealizedPnl, 0n);
      history.record({ time, equity: money(portfolio.equityUnits()), realizedPnl: money(netRealized()), unrealizedPnl: money(unrealized) });
    },
    equityHistory: () => history.points(),
    view: (now) => {
      const positions = portfolio.positions();
      const unrealized = positions.reduce((sum, p) => sum + p.unrealizedPnl, 0n);
      return buildView(account, now, portfolio.equityUnits(), portfolio.cash(), netRealized(), unrealized, positions, [portfolio.balance()], instrumentOf);
    },
  };
  return account;
}

/** Live: positions and balances as the venue reports them, marked to live prices for equity and exposure. */
export function venueAccount(venue: string, currency: string, instrumentOf: (symbol: string) => Instrument | undefined, history = new EquityHistory(venue)): TradingAccount {
  const positions = new Map<string, Position>();
  const balances = new Map<string, Balance>();
  const marks = new Map<string, number>();
  const unrealizedOf = (p: Position): Units => {
    const instrument = instrumentOf(p.symbol);
    const mark = marks.get(p.symbol);
    if (!instrument || mark === undefined || p.quantity === 0n) return p.unrealizedPnl;
    const markUnits = unitsFromNumber(mark, instrument.priceScale);
    return mulUnits(markUnits - p.entryPrice, instrument.priceScale, p.quantity, instrument.quantityScale, MONEY_SCALE);
  };
  const cash = (): Units => balances.get(currency)?.total ?? 0n;
  const unrealized = (): Units => [...positions.values()].reduce((sum, p) => sum + unrealizedOf(p), 0n);
  const equityUnits = (): Units => cash() + unrealized();
  const account: TradingAccount = {
    mode: 'live',
    venue,
    currency,
    equity: () => unitsToNumber(equityUnits(), MONEY_SCALE),
    available: () => unitsToNumber(balances.get(currency)?.free ?? 0n, MONEY_SCALE),
    quantity: (symbol) => positions.get(symbol)?.quantity ?? 0n,
    markPrice: (symbol) => marks.get(symbol),
    exposure: () => {
      const out = new Map<string, number>();
      for (const p of positions.values()) {
        const mark = marks.get(p.symbol);
        const instrument = instrumentOf(p.symbol);
        if (p.quantity !== 0n && instrument) out.set(p.symbol, unitsToNumber(p.quantity, instrument.quantityScale) * (mark ?? unitsToNumber(p.entryPrice, instrument.priceScale)));
      }
      return out;
    },
    scalesOf: (symbol) => instrumentOf(symbol),
    snapshot: (symbol) => ({ equity: account.equity(), available: account.available(), positionQuantity: account.quantity(symbol) }),
    mark: (symbol, price) => void marks.set(symbol, price),
    onPosition: (position) => void (position.quantity === 0n ? positions.delete(position.symbol) : positions.set(position.symbol, position)),
    onBalance: (balance) => void balances.set(balance.asset, balance),
    positions: () => [...positions.values()],
    balances: () => [...balances.values()],
    recordEquity: (time) => {
      const realized = [...positions.values()].reduce((sum, p) => sum + p.realizedPnl, 0n);
      history.record({ time, equity: money(equityUnits()), realizedPnl: money(realized), unrealizedPnl: money(unrealized()) });
    },
    equityHistory: () => history.points(),
    view: (now) => {
      const list = [...positions.values()].map((p) => ({ ...p, unrealizedPnl: unrealizedOf(p) }));
      const realized = list.reduce((sum, p) => sum + p.realizedPnl, 0n);
      return buildView(account, now, equityUnits(), cash(), realized, unrealized(), list, [...balances.values()], instrumentOf);
    },
  };
  return account;
}

function buildView(
  account: TradingAccount,
  now: number,
  equity: Units,
  cash: Units,
  realized: Units,
  unrealized: Units,
  positions: readonly Position[],
  balances: readonly Balance[],
  instrumentOf: (symbol: string) => Instrument | undefined,
): PortfolioView {
  const equityNumber = unitsToNumber(equity, MONEY_SCALE);
  const exposure = [...account.exposure()].map(([symbol, notional]) => ({
    venue: account.venue,
    symbol,
    notional: money(unitsFromNumber(finite(notional), MONEY_SCALE)),
    fraction: equityNumber > 0 ? Math.abs(notional) / equityNumber : 0,
  }));
  const gross = exposure.reduce((sum, e) => sum + Math.abs(Number(e.notional)), 0);
  const net = exposure.reduce((sum, e) => sum + Number(e.notional), 0);
  return {
    mode: account.mode,
    venue: account.venue,
    currency: account.currency,
    equity: money(equity),
    cash: money(cash),
    realizedPnl: money(realized),
    unrealizedPnl: money(unrealized),
    grossExposure: money(unitsFromNumber(gross, MONEY_SCALE)),
    netExposure: money(unitsFromNumber(net, MONEY_SCALE)),
    positions: positions.flatMap((p) => {
      const instrument = instrumentOf(p.symbol);
      return instrument ? [positionView(p, instrument, account.markPrice(p.symbol))] : [];
    }),
    balances: balances.map((b) => ({ venue: b.venue, asset: b.asset, total: money(b.total), free: money(b.free), updatedAt: b.updatedAt })),
    exposure,
    updatedAt: now,
  };
}

function positionView(p: Position, instrument: Instrument, mark: number | undefined): PositionView {
  const { priceScale, quantityScale } = instrument;
  const markUnits = mark === undefined ? undefined : unitsFromNumber(mark, priceScale);
  const notional = mulUnits(markUnits ?? p.entryPrice, priceScale, p.quantity, quantityScale, MONEY_SCALE);
  return {
    venue: p.venue,
    symbol: p.symbol,
    quantity: formatUnits(p.quantity, quantityScale),
    side: p.quantity > 0n ? 'long' : p.quantity < 0n ? 'short' : 'flat',
    entryPrice: formatUnits(p.entryPrice, priceScale),
    ...(markUnits === undefined ? {} : { markPrice: formatUnits(markUnits, priceScale) }),
    notional: money(notional),
    realizedPnl: money(p.realizedPnl),
    unrealizedPnl: money(p.unrealizedPnl),
    leverage: p.leverage,
    ...(p.liquidationPrice === undefined ? {} : { liquidationPrice: formatUnits(p.liquidationPrice, priceScale) }),
    updatedAt: p.updatedAt,
  };
}

function money(units: Units): string {
  return formatUnits(units, MONEY_SCALE);
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
