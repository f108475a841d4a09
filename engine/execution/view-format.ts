import { formatUnits, mulUnits, type Units } from '../core/money';
import { MONEY_SCALE, type Fill } from '../model/order';
import type { FillView, OrderView, ProposalView } from './execution-views';
import type { ProposalRecord, Scales, StoredOrder } from './order-journal';

/** Journal records to API views: integer units become exact decimal strings at their own scale. */

const opt = <K extends string>(key: K, units: Units | undefined, scale: number): { [P in K]?: string } =>
  (units === undefined ? {} : { [key]: formatUnits(units, scale) }) as { [P in K]?: string };

export function toProposalView(p: ProposalRecord): ProposalView {
  const price = p.priceScale;
  return {
    id: p.id,
    signalId: p.signalId,
    strategy: p.strategy,
    venue: p.venue,
    symbol: p.symbol,
    timeframe: p.timeframe,
    side: p.side,
    orderType: p.orderType,
    reduceOnly: p.reduceOnly,
    entry: formatUnits(p.entry, price),
    quantity: formatUnits(p.quantity, p.quantityScale),
    notional: formatUnits(mulUnits(p.entry, price, p.quantity, p.quantityScale, MONEY_SCALE), MONEY_SCALE),
    ...opt('stop', p.stop, price),
    ...opt('target', p.target, price),
    riskMoney: formatUnits(p.riskMoney, MONEY_SCALE),
    riskFraction: p.riskFraction,
    estimatedFees: formatUnits(p.estimatedFees, MONEY_SCALE),
    leverage: p.leverage,
    ...opt('liquidationPrice', p.liquidationPrice, price),
    ...(p.regime ? { regime: p.regime } : {}),
    ...(p.sentimentContext ? { sentimentContext: p.sentimentContext } : {}),
    ...(p.whaleContext ? { whaleContext: p.whaleContext } : {}),
    rationale: p.rationale,
    confidence: p.confidence,
    status: p.status,
    mode: p.mode,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    ...(p.snoozedUntil === undefined ? {} : { snoozedUntil: p.snoozedUntil }),
    ...opt('minPrice', p.minPrice, price),
    ...opt('maxPrice', p.maxPrice, price),
    ...(p.decidedAt === undefined ? {} : { decidedAt: p.decidedAt }),
    ...(p.decidedBy ? { decidedBy: p.decidedBy } : {}),
    ...(p.clientOrderId ? { clientOrderId: p.clientOrderId } : {}),
    ...(p.reason ? { reason: p.reason } : {}),
  };
}

export function toOrderView(o: StoredOrder): OrderView {
  const price = o.priceScale;
  return {
    clientOrderId: o.clientOrderId,
    venue: o.venue,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    quantity: formatUnits(o.quantity, o.quantityScale),
    ...opt('price', o.price, price),
    ...opt('triggerPrice', o.triggerPrice, price),
    timeInForce: o.timeInForce,
    reduceOnly: o.reduceOnly,
    ...opt('stopLoss', o.stopLoss, price),
    ...opt('takeProfit', o.takeProfit, price),
    ...(o.proposalId ? { proposalId: o.proposalId } : {}),
    ...(o.strategy ? { strategy: o.strategy } : {}),
    status: o.status,
    ...(o.venueOrderId ? { venueOrderId: o.venueOrderId } : {}),
    filledQuantity: formatUnits(o.filledQuantity, o.quantityScale),
    ...opt('averagePrice', o.averagePrice, price),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    ...(o.reason ? { reason: o.reason } : {}),
  };
}

export function toFillView(f: Fill, scales: Scales): FillView {
  return {
    id: f.id,
    clientOrderId: f.clientOrderId,
    ...(f.venueOrderId ? { venueOrderId: f.venueOrderId } : {}),
    venue: f.venue,
    symbol: f.symbol,
    side: f.side,
    quantity: formatUnits(f.quantity, scales.quantityScale),
    price: formatUnits(f.price, scales.priceScale),
    fee: formatUnits(f.fee, MONEY_SCALE),
    liquidity: f.liquidity,
    time: f.time,
    receivedAt: f.receivedAt,
  };
}
