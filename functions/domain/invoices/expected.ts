/**
 * The consumption a customer would usually have in an invoice's period: the same months of earlier years
 * when the history reaches back that far, else what history there is, scaled by the seasonal profile.
 */
import { dayNumber, overlapOf, shiftYears } from './dates.ts';
import { type SeasonalProfile, seasonalDays } from './seasonal-profile.ts';
import type { ExpectedConsumption, InvoiceIssued } from './types.ts';

/** How much of the same period a year earlier the history must cover for that year to count. */
export const SAME_SEASON_COVERAGE = 0.9;
/** Earlier years looked at for the same season. */
export const SAME_SEASON_YEARS = 3;
/** A short history is taken from the last this-many days before the period. */
const RECENT_DAYS = 366;

/**
 * The metered invoices that came before `invoice` for the same product (their periods end before its
 * period starts), one per stretch of time: of two overlapping invoices only the one issued first counts.
 */
export function priorInvoices(invoice: InvoiceIssued, history: readonly InvoiceIssued[]): InvoiceIssued[] {
  const before = history
    .filter(
      (other) =>
        other.productId === invoice.productId &&
        other.invoiceId !== invoice.invoiceId &&
        other.period.to < invoice.period.from,
    )
    .sort(byIssue);
  const kept: InvoiceIssued[] = [];
  for (const other of before) {
    if (kept.some((k) => overlapOf(k.period, other.period) !== undefined)) continue;
    kept.push(other);
  }
  return kept.sort((a, b) => a.period.from.localeCompare(b.period.from));
}

/** Issue order: `issuedAt`, then `invoiceId`, so every reader agrees which of two invoices came first. */
export function byIssue(a: InvoiceIssued, b: InvoiceIssued): number {
  return a.issuedAt.localeCompare(b.issuedAt) || a.invoiceId.localeCompare(b.invoiceId);
}

/**
 * The expected consumption of `invoice`'s period, from the `prior` invoices (see {@link priorInvoices}),
 * or undefined when the invoice is not metered or no earlier invoice was metered in the same unit.
 */
export function expectedConsumption(
  invoice: InvoiceIssued,
  prior: readonly InvoiceIssued[],
  profile: SeasonalProfile,
): ExpectedConsumption | undefined {
  const unit = invoice.consumption?.unit;
  if (unit === undefined) return undefined;
  const metered = prior.filter(
    (other) => other.consumption?.unit === unit && seasonalDays(other.period, profile) > 0,
  );
  if (metered.length === 0) return undefined;
  const target = seasonalDays(invoice.period, profile);

  const years: number[] = [];
  const references = new Set<string>();
  for (let back = 1; back <= SAME_SEASON_YEARS; back++) {
    const window = shiftYears(invoice.period, back);
    const windowWeight = seasonalDays(window, profile);
    if (windowWeight <= 0) continue;
    let covered = 0;
    let quantity = 0;
    const used: string[] = [];
    for (const other of metered) {
      const overlap = overlapOf(other.period, window);
      if (overlap === undefined) continue;
      const share = seasonalDays(overlap, profile);
      covered += share;
      quantity += ((other.consumption?.quantity ?? 0) * share) / seasonalDays(other.period, profile);
      used.push(other.invoiceId);
    }
    const coverage = covered / windowWeight;
    if (coverage < SAME_SEASON_COVERAGE) continue;
    // What the covered part says of the whole window, then of this period (a leap day, a longer month).
    years.push(((quantity / coverage) * target) / windowWeight);
    for (const id of used) references.add(id);
  }
  if (years.length > 0) {
    return {
      quantity: years.reduce((sum, q) => sum + q, 0) / years.length,
      unit,
      basis: 'same-season',
      referenceInvoiceIds: [...references],
    };
  }

  // A short history: its consumption per seasonal day, over the last year before the period.
  const since = dayNumber(invoice.period.from) - RECENT_DAYS;
  const recent = metered.filter((other) => dayNumber(other.period.to) >= since);
  const basisInvoices = recent.length > 0 ? recent : metered;
  let quantity = 0;
  let weight = 0;
  for (const other of basisInvoices) {
    quantity += other.consumption?.quantity ?? 0;
    weight += seasonalDays(other.period, profile);
  }
  return {
    quantity: (quantity / weight) * target,
    unit,
    basis: 'seasonal-profile',
    referenceInvoiceIds: basisInvoices.map((other) => other.invoiceId),
  };
}
