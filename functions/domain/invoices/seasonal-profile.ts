/**
 * Seasonal consumption profiles: the share of a year's consumption that falls in each calendar month,
 * per market and product kind, as weights whose mean is 1 (January first). They scale a short history
 * (under 12 months) to the season of the invoice, so a first winter invoice after a summer start is
 * compared with a winter, not with July.
 *
 * Sources, for the shape (rounded; a deployment with its own meter data should replace them):
 * - Norway: Statistics Norway (SSB), monthly electricity balance, table 08307 ("forbruk eksklusive
 *   kraftintensiv industri"), and SSB's household energy survey: most homes heat with electricity, so
 *   January uses about twice as much as July.
 * - Sweden: Statistics Sweden / Swedish Energy Agency, monthly electricity statistics (EN0108): district
 *   heating and heat pumps flatten the curve, January about 1.75× July.
 * - Finland: Statistics Finland, monthly electricity supply and consumption: close to Sweden's shape.
 * - Denmark: Danish Energy Agency, monthly energy statistics: little electric heating, January about
 *   1.35× July.
 * Broadband, mobile and insurance are billed flat: every month weighs 1.
 */
import { dayNumber, daysInMonth, overlapOf } from './dates.ts';
import type { Market, Period, ProductKind } from './types.ts';

/** Twelve monthly weights (January first) with mean 1. */
export type SeasonalProfile = readonly number[];

const FLAT: SeasonalProfile = Object.freeze(Array.from({ length: 12 }, () => 1));

/** Household electricity by market. */
export const ELECTRICITY_PROFILES: Readonly<Record<Market, SeasonalProfile>> = Object.freeze({
  NO: Object.freeze([1.4, 1.28, 1.16, 0.95, 0.8, 0.69, 0.66, 0.71, 0.82, 0.98, 1.18, 1.37]),
  SE: Object.freeze([1.3, 1.21, 1.12, 0.96, 0.85, 0.76, 0.74, 0.78, 0.86, 0.99, 1.14, 1.29]),
  FI: Object.freeze([1.32, 1.22, 1.12, 0.96, 0.84, 0.75, 0.73, 0.77, 0.85, 0.98, 1.14, 1.32]),
  DK: Object.freeze([1.16, 1.1, 1.05, 0.97, 0.92, 0.87, 0.86, 0.88, 0.93, 1.0, 1.08, 1.18]),
});

/**
 * The profile of a market and product kind. An unknown kind (the customer's profile does not list the
 * product) is treated as electricity when the invoice is metered in kWh, else as flat.
 */
export function seasonalProfileFor(
  market: Market,
  productKind: ProductKind | undefined,
  consumptionUnit?: string,
): SeasonalProfile {
  if (productKind === 'electricity') return ELECTRICITY_PROFILES[market];
  if (productKind === undefined && consumptionUnit?.toLowerCase() === 'kwh')
    return ELECTRICITY_PROFILES[market];
  return FLAT;
}

/**
 * The weight of a period: the sum over its days of the weight of each day's month. For a flat profile it
 * is the number of days; a period's expected consumption is proportional to it.
 */
export function seasonalDays(period: Period, profile: SeasonalProfile): number {
  let total = 0;
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = dayNumber(period.to);
  for (;;) {
    const monthStart = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
    if (dayNumber(monthStart) > last) break;
    const monthEnd = `${monthStart.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
    const overlap = overlapOf(period, { from: monthStart, to: monthEnd });
    if (overlap !== undefined) {
      total += (dayNumber(overlap.to) - dayNumber(overlap.from) + 1) * (profile[month - 1] ?? 1);
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return total;
}
