/** What a price change's notices add up to, and the `late-price-notice` alert for ops. Pure. */
import type { PriceChangeAnnounced } from '../contracts/index.ts';

/** The notices of one batch (or of a whole change, once added up). Small: it travels between states. */
export interface NoticeTally {
  /** Notices requested from the send gate. */
  notified: number;
  /** Customers found on the tariff who get none (fixed-term, moved on to another tariff, product gone). */
  skipped: number;
  /** Customers whose effective date was moved, by their new effective date. */
  moved: Record<string, number>;
}

/** An empty tally. */
export function emptyTally(): NoticeTally {
  return { notified: 0, skipped: 0, moved: {} };
}

/** Counts one moved date into a tally. */
export function countMoved(tally: NoticeTally, effectiveDate: string): void {
  tally.moved[effectiveDate] = (tally.moved[effectiveDate] ?? 0) + 1;
}

/** Adds tallies up (the Distributed Map's batch results). */
export function addTallies(tallies: readonly NoticeTally[]): NoticeTally {
  const total = emptyTally();
  for (const tally of tallies) {
    total.notified += tally.notified;
    total.skipped += tally.skipped;
    for (const [date, count] of Object.entries(tally.moved))
      total.moved[date] = (total.moved[date] ?? 0) + count;
  }
  return total;
}

/** Most distinct dates an alert lists (customers' dates differ by a day or two at most in practice). */
export const MAX_ALERT_DATES = 31;

/** The `Stille Alert` that tells ops a price change was announced too late for some customers. */
export interface LatePriceNoticeAlert {
  kind: 'late-price-notice';
  at: string;
  priceChangeId: string;
  tariffId: string;
  market: PriceChangeAnnounced['market'];
  component: PriceChangeAnnounced['component'];
  oldPrice: number;
  newPrice: number;
  announcedAt: string;
  /** The date announced for everyone. */
  announcedEffectiveDate: string;
  /** Customers whose date had to move. */
  customers: number;
  /** Customers notified in all. */
  notified: number;
  /** Their new effective dates, earliest first, with how many customers each. */
  dates: Array<{ effectiveDate: string; customers: number }>;
  [key: string]: unknown;
}

/** The alert for ops, or undefined when no customer's date moved. */
export function latePriceNoticeAlert(
  change: PriceChangeAnnounced,
  total: NoticeTally,
  at: Date,
): LatePriceNoticeAlert | undefined {
  const dates = Object.entries(total.moved)
    .map(([effectiveDate, customers]) => ({ effectiveDate, customers }))
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  const customers = dates.reduce((sum, date) => sum + date.customers, 0);
  if (customers === 0) return undefined;
  return {
    kind: 'late-price-notice',
    at: at.toISOString(),
    priceChangeId: change.priceChangeId,
    tariffId: change.tariffId,
    market: change.market,
    component: change.component,
    oldPrice: change.oldPrice,
    newPrice: change.newPrice,
    announcedAt: change.announcedAt,
    announcedEffectiveDate: change.effectiveDate,
    customers,
    notified: total.notified,
    dates: dates.slice(0, MAX_ALERT_DATES),
  };
}
