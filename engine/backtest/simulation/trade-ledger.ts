import { mulUnits, unitsToNumber, type Units } from '../../core/money';
import type { Instrument } from '../../model/instrument';
import { MONEY_SCALE, type Fill } from '../../model/order';
import type { RegimeLabel } from '../../model/regime';
import type { BacktestTrade } from '../backtest-types';

type ExitReason = BacktestTrade['exitReason'];

type OpenTrade = {
  side: 'long' | 'short';
  entryTime: number;
  /** Σ price × quantity of the entry fills and their quantity (price and quantity units), for the average. */
  entryValue: bigint;
  entryQuantity: Units;
  exitValue: bigint;
  exitQuantity: Units;
  exitTime: number;
  realized: Units;
  fees: Units;
  regime: RegimeLabel | undefined;
};

/**
 * The backtest's trade list, kept from fills in integer units: a one-way position with its average entry, and the
 * trades (a trade runs from flat to flat) with their realised PnL, fees and funding. Equity and cash are the sim
 * venue's Portfolio's; this only cuts the fills into trades.
 */
export class TradeLedger {
  position: Units = 0n;
  entryPrice: Units = 0n;
  fees: Units = 0n;
  readonly trades: BacktestTrade[] = [];
  private open: OpenTrade | undefined;
  private positionFloat = 0;
  private entryFloat = 0;
  private readonly pricePow: number;
  private readonly quantityPow: number;

  constructor(private readonly instrument: Instrument) {
    this.pricePow = 10 ** instrument.priceScale;
    this.quantityPow = 10 ** instrument.quantityScale;
  }

  get positionSize(): number {
    return this.positionFloat;
  }

  /** Books one execution; `reason` says why a fill that reduces the position happened; `regime` is the regime an entry was made in. */
  applyFill(fill: Fill, reason: ExitReason, regime: RegimeLabel | undefined): void {
    const { priceScale, quantityScale } = this.instrument;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    this.fees += fill.fee;
    let remaining = signed;
    if (this.position !== 0n && (this.position > 0n) !== (signed > 0n)) {
      // Reduces (or closes, or flips) the position: realise PnL on the closed part at the average entry.
      const abs = (x: bigint) => (x < 0n ? -x : x);
      const closing = abs(signed) < abs(this.position) ? abs(signed) : abs(this.position);
      const direction = this.position > 0n ? 1n : -1n;
      const pnl = mulUnits((fill.price - this.entryPrice) * direction, priceScale, closing, quantityScale, MONEY_SCALE);
      const trade = this.open!;
      trade.realized += pnl;
      trade.exitValue += fill.price * closing;
      trade.exitQuantity += closing;
      trade.exitTime = fill.time;
      trade.fees += closing === abs(signed) ? fill.fee : (fill.fee * closing) / abs(signed);
      this.position += direction === 1n ? -closing : closing;
      remaining = signed + (direction === 1n ? closing : -closing);
      if (this.position === 0n) {
        this.entryPrice = 0n;
        this.finish(reason);
      }
    }
    if (remaining !== 0n) {
      const abs = remaining < 0n ? -remaining : remaining;
      const feeShare = abs === fill.quantity ? fill.fee : (fill.fee * abs) / fill.quantity;
      if (this.position === 0n) {
        this.open = {
          side: remaining > 0n ? 'long' : 'short',
          entryTime: fill.time,
          entryValue: 0n,
          entryQuantity: 0n,
          exitValue: 0n,
          exitQuantity: 0n,
          exitTime: fill.time,
          realized: 0n,
          fees: 0n,
          regime,
        };
      }
      const trade = this.open!;
      trade.entryValue += fill.price * abs;
      trade.entryQuantity += abs;
      trade.fees += feeShare;
      const before = this.position < 0n ? -this.position : this.position;
      this.entryPrice = (this.entryPrice * before + fill.price * abs) / (before + abs);
      this.position += remaining;
    }
    this.refresh();
  }

  /** A funding payment (positive: paid by the account) counts toward the open trade's PnL. */
  applyFunding(payment: Units): void {
    if (this.open) this.open.realized -= payment;
  }

  /** The trades, with the one still open (if any) marked at `price` as `open`. */
  tradesWithOpen(price: number, time: number): BacktestTrade[] {
    if (!this.open || this.position === 0n) return this.trades;
    const t = this.open;
    const quantity = Number(t.entryQuantity) / this.quantityPow;
    const entryPrice = Number(t.entryValue) / Number(t.entryQuantity) / this.pricePow;
    const fees = unitsToNumber(t.fees, MONEY_SCALE);
    const pnl = unitsToNumber(t.realized, MONEY_SCALE) + this.positionFloat * (price - this.entryFloat) - fees;
    return [
      ...this.trades,
      {
        side: t.side,
        entryTime: t.entryTime,
        entryPrice,
        exitTime: time,
        exitPrice: price,
        quantity,
        pnl,
        returnFraction: pnl / (entryPrice * quantity),
        fees,
        exitReason: 'open',
        ...(t.regime ? { regime: t.regime } : {}),
      },
    ];
  }

  private finish(reason: ExitReason): void {
    const t = this.open!;
    this.open = undefined;
    const quantity = Number(t.entryQuantity) / this.quantityPow;
    const entryPrice = Number(t.entryValue) / Number(t.entryQuantity) / this.pricePow;
    const exitPrice = Number(t.exitValue) / Number(t.exitQuantity) / this.pricePow;
    const pnl = unitsToNumber(t.realized - t.fees, MONEY_SCALE);
    this.trades.push({
      side: t.side,
      entryTime: t.entryTime,
      entryPrice,
      exitTime: t.exitTime,
      exitPrice,
      quantity,
      pnl,
      returnFraction: pnl / (entryPrice * quantity),
      fees: unitsToNumber(t.fees, MONEY_SCALE),
      exitReason: reason,
      ...(t.regime ? { regime: t.regime } : {}),
    });
  }

  private refresh(): void {
    this.positionFloat = Number(this.position) / this.quantityPow;
    this.entryFloat = Number(this.entryPrice) / this.pricePow;
  }
}
