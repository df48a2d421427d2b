/**
 * A lasting change is explained once (issue #13, item 2). A customer whose consumption jumps and stays up
 * (a heat pump breaks, an electric car arrives) is told in the month it happens; from then on the new
 * level is what they are compared with, so the next months are explained only when they are surprising
 * against it, and not every month for a year.
 *
 * The rule, replayed over the product's invoices of the last `lastingChangeMonths` months, oldest first:
 * - an invoice **starts** a new level when it was explained for its consumption: its amount is above the
 *   expected amount by the market's thresholds (`above-expected`), consumption is the largest part of the
 *   difference, and the reading was actual (an estimate is corrected later; it is no level);
 * - the level **holds** while the invoices after it stay closer to it than to the old expectation;
 * - it **ends** when an invoice comes back closer to the old expectation than to the new level (the data
 *   says otherwise), and a further surprise on the new level starts a newer one.
 * While a level holds, the expected consumption of a period is the consumption since the level began,
 * per seasonal day, times this period's seasonal days; prices still come from the same season before.
 * Pure, like everything here: it reads only the invoices it is given.
 */
import type { InvoiceComparison } from './comparison.ts';
import { dayNumber } from './dates.ts';
import { isAboveExpected } from './detectors/above-expected.ts';
import { expectedConsumption } from './expected.ts';
import { type SeasonalProfile, seasonalDays } from './seasonal-profile.ts';
import type { ExpectedConsumption, InvoiceExplanationSettings, InvoiceIssued } from './types.ts';

/** The comparison `assessInvoice` makes of one invoice, given an expectation (see comparison.ts). */
export type CompareWith = (
  invoice: InvoiceIssued,
  expectation: ExpectedConsumption | undefined,
) => InvoiceComparison;

/** Where a level began: the invoice that started it. */
export interface LevelStart {
  invoiceId: string;
  /** The first day of that invoice's period. */
  since: string;
}

/**
 * The expected consumption at the level that began with `start`: the consumption of `start` and the
 * invoices after it (of `prior`), per seasonal day, times the seasonal days of `invoice`'s period. Prices
 * are still taken from `base` (the same season before), so `referenceInvoiceIds` stay the base's.
 */
export function atNewLevel(
  invoice: InvoiceIssued,
  prior: readonly InvoiceIssued[],
  start: LevelStart,
  base: ExpectedConsumption,
  profile: SeasonalProfile,
): ExpectedConsumption {
  const unit = base.unit;
  const since = prior.filter((other) => other.period.from >= start.since && other.consumption?.unit === unit);
  let quantity = 0;
  let weight = 0;
  for (const other of since) {
    quantity += other.consumption?.quantity ?? 0;
    weight += seasonalDays(other.period, profile);
  }
  if (weight <= 0) return base;
  return {
    ...base,
    quantity: (quantity / weight) * seasonalDays(invoice.period, profile),
    lastingChange: { since: start.since, invoiceIds: since.map((other) => other.invoiceId) },
  };
}

/**
 * The level the customer's consumption is at before `invoice`, when a lasting change holds: the start of
 * the latest one, replayed over the product's invoices of the last `settings.lastingChangeMonths` months
 * (see the header). Undefined when none holds, or the setting is 0.
 */
export function lastingChangeBefore(
  invoice: InvoiceIssued,
  prior: readonly InvoiceIssued[],
  profile: SeasonalProfile,
  settings: InvoiceExplanationSettings,
  compareWith: CompareWith,
): LevelStart | undefined {
  const unit = invoice.consumption?.unit;
  if (unit === undefined || settings.lastingChangeMonths <= 0) return undefined;
  const from = dayNumber(invoice.period.from) - Math.round(settings.lastingChangeMonths * 30.44);
  const window = prior.filter(
    (other) => other.consumption?.unit === unit && dayNumber(other.period.from) >= from,
  );
  let start: LevelStart | undefined;
  for (const other of window) {
    // Its own prior invoices are those of `prior` that end before it starts (`prior` is one per stretch
    // of time already, in period order).
    const before = prior.filter((earlier) => earlier.period.to < other.period.from);
    const base = expectedConsumption(other, before, profile);
    if (base === undefined) continue;
    const level = start === undefined ? undefined : atNewLevel(other, before, start, base, profile);
    const consumed = other.consumption?.quantity ?? 0;
    // Only an invoice above its expected consumption can start a level: the others need no comparison.
    if (
      consumed > (level ?? base).quantity &&
      startsLevel(other, compareWith(other, level ?? base), settings)
    ) {
      start = { invoiceId: other.invoiceId, since: other.period.from };
    } else if (level !== undefined && consumed < (base.quantity + level.quantity) / 2) {
      // Back closer to the old expectation than to the new level: the change is over.
      start = undefined;
    }
  }
  return start;
}

/** Whether an invoice was explained for its consumption (and so starts a new level). */
function startsLevel(
  invoice: InvoiceIssued,
  comparison: InvoiceComparison,
  settings: InvoiceExplanationSettings,
): boolean {
  if (invoice.reading !== 'actual') return false;
  if (!isAboveExpected({ invoice, comparison, settings })) return false;
  const { consumptionCents, priceCents, feesCents } = comparison;
  return consumptionCents > 0 && consumptionCents >= priceCents && consumptionCents >= feesCents;
}
