/** The facts of a price-change notice (docs/contracts.md, facts by kind). */
import * as z from 'zod/mini';
import {
  httpsUrl,
  localizedText,
  PRICE_CHANGE_REASON_CODES,
  PRICE_COMPONENTS,
} from '#domain/contracts/index.ts';
import {
  displayName,
  factAmount,
  id,
  isoDate,
  nonNegativeFactAmount,
  quantity,
  withCurrency,
} from '../facts.ts';

/** Why the price changes: a code, and the provider's own words per locale (required for `other`). */
export const PriceChangeReasonFactSchema = z.object({
  code: z.enum(PRICE_CHANGE_REASON_CODES),
  text: z.optional(localizedText(500)),
});

/** An agreement the customer could pick instead, and what it would cost them a year. */
export const PriceAlternativeFactSchema = z.object({
  tariffId: id,
  name: z.optional(displayName),
  annualCost: nonNegativeFactAmount,
  /** What the customer saves a year with it, compared with the new price; ≤ 0 is not called a saving. */
  annualSaving: factAmount,
  price: z.optional(nonNegativeFactAmount),
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  bindingMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60))),
  /** Where the customer takes it. */
  url: z.optional(httpsUrl),
});

/** The facts of a price-change notice (docs/contracts.md, facts by kind). */
export const PriceChangeNoticeFactsSchema = z.object({
  ...withCurrency,
  priceChangeId: id,
  /** `energy`: prices per kWh; `subscription`: prices per month. */
  component: z.enum(PRICE_COMPONENTS),
  oldPrice: nonNegativeFactAmount,
  newPrice: nonNegativeFactAmount,
  /** When the new price applies to this customer. */
  effectiveDate: isoDate,
  /** The date announced for everyone, when the customer's own date had to move (the notice came late). */
  announcedEffectiveDate: z.optional(isoDate),
  effectiveDateMoved: z.optional(z.boolean()),
  /** kWh a year (energy). */
  annualConsumption: z.optional(quantity),
  /**
   * Where `annualConsumption` comes from: a full year of the customer's invoices, fewer months scaled by
   * the season, or (no invoice yet) a typical customer. The message says which, so no estimate passes for
   * a measurement.
   */
  consumptionBasis: z.optional(z.enum(['twelve-months', 'short-history', 'typical'])),
  annualCostBefore: factAmount,
  annualCostAfter: factAmount,
  monthlyDifference: factAmount,
  /** Days between this notice and `effectiveDate`. */
  noticeDays: z.number().check(z.int(), z.gte(0), z.lte(3650)),
  /** Whether the customer may cancel because of the change. */
  terminationRight: z.boolean(),
  alternatives: z.array(PriceAlternativeFactSchema).check(z.maxLength(10)),
  reasons: z.optional(z.array(PriceChangeReasonFactSchema).check(z.maxLength(10))),
});
/** The facts of a price-change notice. */
export type PriceChangeNoticeFacts = z.output<typeof PriceChangeNoticeFactsSchema>;
