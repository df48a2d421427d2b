/**
 * What a price change means in one customer's own numbers: their annual consumption, the annual cost of
 * the changed component before and after, the monthly difference, and what each alternative would cost
 * them a year and save against the new price. Pure.
 */
import type { InvoiceIssued, Market, PriceChangeAnnounced, TariffAlternative } from '../contracts/index.ts';
import { overlapOf, periodDays } from '../invoices/dates.ts';
import { byIssue } from '../invoices/expected.ts';
import { seasonalDays, seasonalProfileFor } from '../invoices/seasonal-profile.ts';
import { addDays, addMonths } from './calendar.ts';
import type { ProductKind, Segment } from './lead-time.ts';

/** Where an annual consumption comes from. */
export type ConsumptionBasis =
  /** A full year of the customer's own invoices. */
  | 'twelve-months'
  /** Fewer months of the customer's invoices, scaled to a year with the seasonal profile. */
  | 'short-history'
  /** No metered invoice yet: a typical customer of the market and segment. */
  | 'typical';

/** An annual consumption in kWh and how it was found. */
export interface AnnualConsumption {
  kWh: number;
  basis: ConsumptionBasis;
  /** Days of the last twelve months the customer's invoices cover (0 for `typical`). */
  coveredDays: number;
}

/**
 * A typical year's electricity in kWh, used only for a customer with no metered invoice yet (and the
 * message says so). Households: SSB (NO, about 16,000 kWh with electric heating), Energimarknads-
 * inspektionen's "villa utan elvärme" type customer (SE, 5,000), Energiavirasto's comparable type
 * customer (FI, 5,000), Energistyrelsen's average household (DK, 4,000). Businesses vary too much for a
 * national figure: 20,000 kWh, a small office or shop, is an illustration and labelled as typical.
 */
export const TYPICAL_ANNUAL_KWH: Readonly<Record<Segment, Readonly<Record<Market, number>>>> = {
  household: { NO: 16_000, SE: 5_000, FI: 5_000, DK: 4_000 },
  business: { NO: 20_000, SE: 20_000, FI: 20_000, DK: 20_000 },
};

/** Covered days from which the last twelve months count as a full year (a day or two of gaps is noise). */
export const FULL_YEAR_DAYS = 360;

/**
 * The customer's annual consumption of one product, in kWh, from their last twelve months of invoices:
 * the twelve months up to the end of the latest metered invoice (or `asOf`, if that is earlier). An
 * invoice reaching outside those months counts in proportion to its seasonal days inside. When the
 * invoices cover fewer days than a year, the sum is scaled up by the seasonal weight of the year over the
 * weight of the covered days, so three winter months do not make a year of winters. Of two overlapping
 * invoices only the one issued first counts (a re-sent duplicate is not double consumption). With no
 * metered invoice, a typical year.
 */
export function annualConsumption(input: {
  history: readonly InvoiceIssued[];
  productId: string;
  /** The last day that may count (the day before the notice). */
  asOf: string;
  market: Market;
  segment: Segment;
  productKind: ProductKind;
}): AnnualConsumption {
  const profile = seasonalProfileFor(input.market, input.productKind, 'kWh');
  const metered = [...input.history]
    .filter(
      (invoice) =>
        invoice.productId === input.productId &&
        invoice.consumption?.unit.toLowerCase() === 'kwh' &&
        invoice.period.from <= input.asOf,
    )
    .sort(byIssue);
  const latestEnd = metered.reduce<string | undefined>(
    (latest, invoice) => (latest === undefined || invoice.period.to > latest ? invoice.period.to : latest),
    undefined,
  );
  if (latestEnd === undefined) return typical(input);
  const end = latestEnd < input.asOf ? latestEnd : input.asOf;
  const window = { from: addDays(addMonths(end, -12), 1), to: end };
  const counted: InvoiceIssued[] = [];
  for (const invoice of metered) {
    if (overlapOf(invoice.period, window) === undefined) continue;
    if (counted.some((other) => overlapOf(other.period, invoice.period) !== undefined)) continue;
    counted.push(invoice);
  }
  let kWh = 0;
  let coveredWeight = 0;
  let coveredDays = 0;
  for (const invoice of counted) {
    const inside = overlapOf(invoice.period, window);
    const periodWeight = seasonalDays(invoice.period, profile);
    if (inside === undefined || periodWeight <= 0) continue;
    const insideWeight = seasonalDays(inside, profile);
    kWh += (invoice.consumption?.quantity ?? 0) * (insideWeight / periodWeight);
    coveredWeight += insideWeight;
    coveredDays += periodDays(inside);
  }
  if (coveredWeight <= 0) return typical(input);
  if (coveredDays >= FULL_YEAR_DAYS) {
    return { kWh: Math.round(kWh), basis: 'twelve-months', coveredDays };
  }
  const yearWeight = seasonalDays(window, profile);
  return { kWh: Math.round((kWh * yearWeight) / coveredWeight), basis: 'short-history', coveredDays };
}

function typical(input: { market: Market; segment: Segment }): AnnualConsumption {
  return { kWh: TYPICAL_ANNUAL_KWH[input.segment][input.market], basis: 'typical', coveredDays: 0 };
}

/** An alternative with what it would cost the customer a year and save against the new price. */
export interface AlternativeImpact {
  tariffId: string;
  name: TariffAlternative['name'];
  component: TariffAlternative['component'];
  price: number;
  bindingMonths: number;
  annualCost: number;
  annualSaving: number;
  /** Where the customer takes it, when the announcement says. */
  url?: string;
}

/** The personal impact of a price change (the numbers of a `price-change-notice`). */
export interface PersonalImpact {
  /** kWh a year (energy changes only). */
  annualConsumption?: number;
  consumptionBasis?: ConsumptionBasis;
  annualCostBefore: number;
  annualCostAfter: number;
  /** A twelfth of the annual difference. */
  monthlyDifference: number;
  alternatives: AlternativeImpact[];
}

/**
 * The impact of `change` for a customer consuming `consumption` a year (energy), or paying the
 * subscription (12 × the monthly price). Alternatives are priced the same way; one that prices another
 * component than the change cannot be compared like for like and is left out.
 */
export function personalImpact(
  change: Pick<PriceChangeAnnounced, 'component' | 'oldPrice' | 'newPrice' | 'alternatives'>,
  consumption: AnnualConsumption | undefined,
): PersonalImpact {
  const units = change.component === 'energy' ? (consumption?.kWh ?? 0) : 12;
  const annualCostBefore = roundCents(units * change.oldPrice);
  const annualCostAfter = roundCents(units * change.newPrice);
  const alternatives = change.alternatives
    .filter((alternative) => alternative.component === change.component)
    .map((alternative) => {
      const annualCost = roundCents(units * alternative.price);
      return {
        tariffId: alternative.tariffId,
        name: alternative.name,
        component: alternative.component,
        price: alternative.price,
        bindingMonths: alternative.bindingMonths,
        annualCost,
        annualSaving: roundCents(annualCostAfter - annualCost),
        ...(alternative.url === undefined ? {} : { url: alternative.url }),
      };
    });
  return {
    ...(change.component === 'energy' && consumption
      ? { annualConsumption: consumption.kWh, consumptionBasis: consumption.basis }
      : {}),
    annualCostBefore,
    annualCostAfter,
    monthlyDifference: roundCents((annualCostAfter - annualCostBefore) / 12),
    alternatives,
  };
}

/** Rounds money to cents, half away from zero, without binary-fraction surprises (1.005 → 1.01). */
export function roundCents(amount: number): number {
  return (Math.sign(amount) * Math.round(Math.abs(amount) * 100 + 1e-7)) / 100;
}
