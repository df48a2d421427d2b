/** The facts of a retention offer (docs/contracts.md, facts by kind). */
import * as z from 'zod/mini';
import { localizedText, PRICE_COMPONENTS } from '#domain/contracts/index.ts';
import { displayName, factAmount, id, isoDate, nonNegativeFactAmount, withCurrency } from '../facts.ts';

const reasonCode = z.string().check(z.minLength(1), z.maxLength(64));

/** Why the customer gets the offer: a code, or a code with words per locale. */
export const RetentionReasonFactSchema = z.union([
  reasonCode,
  z.object({ code: reasonCode, text: z.optional(localizedText(500)) }),
]);

/** The offer, in its numbers. */
export const RetentionOfferDetailsSchema = z.object({
  name: displayName,
  tariffId: z.optional(id),
  /** `energy`: `price` is per kWh; `subscription`: per month. */
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  price: z.optional(nonNegativeFactAmount),
  annualCost: z.optional(nonNegativeFactAmount),
  /** What the customer saves a year with the offer; ≤ 0 is not called a saving. */
  annualSaving: z.optional(factAmount),
  discountPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  bindingMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60))),
  /** The last day the offer can be accepted. */
  validUntil: z.optional(isoDate),
});

/** The facts of a retention offer (docs/contracts.md, facts by kind). */
export const RetentionOfferFactsSchema = z.object({
  ...withCurrency,
  offerId: id,
  reasons: z.array(RetentionReasonFactSchema).check(z.maxLength(10)),
  offer: z.optional(RetentionOfferDetailsSchema),
});
/** The facts of a retention offer. */
export type RetentionOfferFacts = z.output<typeof RetentionOfferFactsSchema>;
