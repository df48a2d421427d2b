/**
 * Customers like them (issue #13, item 3): the seasonal profile learned from the provider's own invoices,
 * per market and product kind, instead of the national curve. A new customer with six summer months is
 * then compared in January with what the provider's customers of the same product use in January.
 *
 * - **A sample** is one product with a full year: twelve calendar months, each invoiced in full, in the
 *   last 24 months ({@link productShape}). Its shape is its consumption per day in each month over its
 *   mean per day (so the twelve weights have mean 1, as the national profiles do).
 * - **The profile** is the median of the samples, month by month, rescaled to mean 1
 *   ({@link learnSeasonalProfile}): a drying room or a holiday home in a few samples does not move it.
 * - **Too little data**: under {@link MIN_PROFILE_SAMPLES} samples, the national profile of
 *   `seasonal-profile.ts` is used (documented there), and the facts say so.
 * - **Refreshed as invoices arrive**: every stored invoice that completes a product's year refreshes that
 *   product's sample (the `SeasonalProfiles` table); the profile is read from at most
 *   {@link MAX_PROFILE_SAMPLES} of them.
 * Pure: invoices in, numbers out.
 */
import { dayNumber, daysInMonth } from './dates.ts';
import type { SeasonalProfile } from './seasonal-profile.ts';
import type { InvoiceIssued } from './types.ts';

/** Fewer samples than this and the national profile is used instead. */
export const MIN_PROFILE_SAMPLES = 30;
/** At most this many samples make a profile (the store returns an evenly spread subset). */
export const MAX_PROFILE_SAMPLES = 500;
/** A sample's months must fall in this many months before its last invoice. */
const SAMPLE_WINDOW_MONTHS = 24;

/** Where the seasonal profile of an assessment came from. */
export const PROFILE_SOURCES = ['customers-like-you', 'national'] as const;
/** `customers-like-you`: learned from the provider's invoices; `national`: the documented national curve. */
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

/** A profile and its source. */
export interface SourcedProfile {
  weights: SeasonalProfile;
  source: ProfileSource;
  /** How many samples it was learned from (0 for the national profile). */
  samples: number;
}

/**
 * The seasonal shape of one product, from its metered invoices (any order, other products ignored): the
 * last twelve calendar months that were each invoiced in full, within the 24 months before its latest
 * invoice; undefined when they do not make a whole year or it used nothing.
 */
export function productShape(
  productId: string,
  invoices: readonly InvoiceIssued[],
  unit = 'kWh',
): number[] | undefined {
  const own = invoices.filter(
    (invoice) =>
      invoice.productId === productId &&
      invoice.consumption?.unit === unit &&
      invoice.reading === 'actual' &&
      invoice.consumption.quantity >= 0,
  );
  if (own.length < 12) return undefined;
  const latest = own.reduce((a, b) => (a.period.to > b.period.to ? a : b));
  const lastYear = Number(latest.period.to.slice(0, 4));
  const lastMonth = Number(latest.period.to.slice(5, 7));
  // Per calendar month (newest first): consumption per day of the invoice that covers it in full.
  const perDay = new Map<number, number>();
  for (let back = 0; back < SAMPLE_WINDOW_MONTHS && perDay.size < 12; back++) {
    const index = lastYear * 12 + lastMonth - 1 - back;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (perDay.has(month)) continue;
    const from = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
    const to = `${from.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
    const covering = own.find((invoice) => invoice.period.from <= from && invoice.period.to >= to);
    if (covering === undefined) continue;
    const days = dayNumber(covering.period.to) - dayNumber(covering.period.from) + 1;
    perDay.set(month, (covering.consumption?.quantity ?? 0) / days);
  }
  if (perDay.size < 12) return undefined;
  const values = Array.from({ length: 12 }, (_, i) => perDay.get(i + 1) ?? 0);
  const mean = values.reduce((sum, value) => sum + value, 0) / 12;
  if (!(mean > 0)) return undefined;
  return values.map((value) => round4(value / mean));
}

/**
 * The profile learned from `samples` (shapes of {@link productShape}): the median of each month, rescaled
 * to mean 1. Undefined with fewer than {@link MIN_PROFILE_SAMPLES} valid samples (twelve finite,
 * non-negative weights each).
 */
export function learnSeasonalProfile(
  samples: readonly (readonly number[])[],
  minSamples = MIN_PROFILE_SAMPLES,
): SourcedProfile | undefined {
  const valid = samples.filter(
    (shape) => shape.length === 12 && shape.every((w) => Number.isFinite(w) && w >= 0 && w <= 12),
  );
  if (valid.length < Math.max(1, minSamples)) return undefined;
  const medians = Array.from({ length: 12 }, (_, month) => median(valid.map((shape) => shape[month] ?? 0)));
  const mean = medians.reduce((sum, value) => sum + value, 0) / 12;
  if (!(mean > 0)) return undefined;
  return {
    weights: Object.freeze(medians.map((value) => round4(value / mean))),
    source: 'customers-like-you',
    samples: valid.length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
