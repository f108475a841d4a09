import type { OrderView, PortfolioView } from '../../engine-client/api-types';
import { isOpen } from '../orders/order-status';

/** The engine's bounds on a paper account's starting cash (engine/api/handlers/trading.ts). */
const MIN_BALANCE = 1;
const MAX_BALANCE = 1_000_000_000;

/** The typed starting balance: empty means the engine's configured one; otherwise a number of at most two decimals within bounds. */
export function parsePaperBalance(text: string): { readonly ok: true; readonly balance: number | undefined } | { readonly ok: false; readonly error: string } {
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return { ok: true, balance: undefined };
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return { ok: false, error: 'Enter an amount such as 25000 or 25000.50 (at most two decimals).' };
  const balance = Number(trimmed);
  if (balance < MIN_BALANCE) return { ok: false, error: `The starting balance must be at least ${MIN_BALANCE}.` };
  if (balance > MAX_BALANCE) return { ok: false, error: `The starting balance must be at most ${MAX_BALANCE.toLocaleString('en-US')}.` };
  return { ok: true, balance };
}

/** What a reset takes away, in the words of the confirmation: open positions with their PnL, resting orders, waiting proposals. */
export function paperResetLosses(portfolio: PortfolioView | null, orders: readonly OrderView[], waitingProposals: number): string[] {
  const positions = portfolio?.positions.filter((p) => p.side !== 'flat') ?? [];
  const venue = portfolio?.venue ?? 'sim';
  const resting = orders.filter((o) => isOpen(o) && o.venue === venue).length;
  const currency = portfolio?.currency ?? 'USDT';
  return [
    positions.length === 0
      ? 'No open positions.'
      : `${positions.length} open position${positions.length === 1 ? '' : 's'} (${positions.map((p) => p.symbol).join(', ')}), dropped without trading, with ${positions.length === 1 ? 'its' : 'their'} open PnL of ${money(portfolio?.unrealizedPnl)} ${currency}.`,
    `${resting} resting order${resting === 1 ? '' : 's'}, cancelled.`,
    `${waitingProposals} waiting proposal${waitingProposals === 1 ? '' : 's'}, expired.`,
    `The equity of ${money(portfolio?.equity)} ${currency}, the realized PnL of ${money(portfolio?.realizedPnl)} ${currency} and the equity curve: the account starts again from its new cash.`,
  ];
}

function money(amount: string | undefined): string {
  const value = Number(amount ?? '0');
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '—';
}
