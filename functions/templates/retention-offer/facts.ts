/**
 * The facts of a retention offer (docs/contracts.md "Retention": `offerId, reasons, offer: { name,
 * benefit, validUntil }, annualValue, currency`). The offer's older fields (`price`, `annualSaving`, …)
 * are still accepted, so a producer that sends them keeps working.
 */
import * as z from 'zod/mini';
import {
  localizedText,
  type OfferBenefit,
  OfferBenefitSchema,
  PRICE_COMPONENTS,
  PRODUCT_KINDS,
  RETENTION_SIGNALS,
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

const reasonCode = z.string().check(z.minLength(1), z.maxLength(64));

/** Why the customer gets the offer: a code, or a code with words per locale. */
export const RetentionReasonFactSchema = z.union([
  reasonCode,
  z.object({ code: reasonCode, text: z.optional(localizedText(500)) }),
]);

const months = z.number().check(z.int(), z.gte(0), z.lte(600));

/** A signal the customer showed, with the facts of it the message names. */
export const RetentionSignalSchema = z.object({
  code: z.enum(RETENTION_SIGNALS),
  /** The day the signal arose. */
  arisenOn: isoDate,
  /** `binding-ending`: the last day of the binding. */
  bindingEndsOn: z.optional(isoDate),
  /** `price-increase`: the day the new price applies, the prices (per `component`) and a year's cost. */
  effectiveDate: z.optional(isoDate),
  oldPrice: z.optional(nonNegativeFactAmount),
  newPrice: z.optional(nonNegativeFactAmount),
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  annualCostBefore: z.optional(nonNegativeFactAmount),
  annualCostAfter: z.optional(nonNegativeFactAmount),
  /** `high-invoice`: the invoice, its amount and what was expected. */
  invoiceId: z.optional(id),
  amount: z.optional(nonNegativeFactAmount),
  expectedAmount: z.optional(nonNegativeFactAmount),
  /** `support-delay`: the case. */
  ticketId: z.optional(id),
  /** `detractor`: the answer. */
  scale: z.optional(z.enum(['csat-5', 'nps-10'])),
  score: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
  /** `long-tenure`. */
  tenureMonths: z.optional(months),
  customerSince: z.optional(isoDate),
});
/** A signal the customer showed, as the facts carry it. */
export type RetentionSignalFact = z.output<typeof RetentionSignalSchema>;

/** What the offer gives: the catalog's benefit (a tariff, a discount on the product's invoices, a bonus). */
export const RetentionBenefitSchema = OfferBenefitSchema;
/** What the offer gives. */
export type RetentionBenefit = OfferBenefit;

/** The offer: its name, what it gives, until when; and the older fields some producers still send. */
export const RetentionOfferDetailsSchema = z.object({
  name: displayName,
  benefit: z.optional(RetentionBenefitSchema),
  /** The last day the offer can be accepted. */
  validUntil: z.optional(isoDate),
  // The older fields, shown as a table when there is no `benefit`.
  tariffId: z.optional(id),
  /** `energy`: `price` is per kWh; `subscription`: per month. */
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  price: z.optional(nonNegativeFactAmount),
  annualCost: z.optional(nonNegativeFactAmount),
  /** What the customer saves a year with the offer; ≤ 0 is not called a saving. */
  annualSaving: z.optional(factAmount),
  discountPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  bindingMonths: z.optional(z.number().check(z.int(), z.gte(0), z.lte(60))),
});

/** How `annualValue` was computed, in the customer's numbers. */
export const RetentionValueSchema = z.object({
  /** The unit price the customer pays from now on (after an announced change), per `component`. */
  currentPrice: z.optional(nonNegativeFactAmount),
  offerPrice: z.optional(nonNegativeFactAmount),
  component: z.optional(z.enum(PRICE_COMPONENTS)),
  /** A year's consumption, in `unit`. */
  annualConsumption: z.optional(quantity),
  unit: z.optional(z.literal('kWh')),
  /** What the product was invoiced the last 12 months. */
  invoicedLast12Months: z.optional(nonNegativeFactAmount),
  percent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  months: z.optional(z.number().check(z.int(), z.gt(0), z.lte(60))),
  amount: z.optional(nonNegativeFactAmount),
});

/** The facts of a retention offer (docs/contracts.md, facts by kind). */
export const RetentionOfferFactsSchema = z.object({
  ...withCurrency,
  offerId: id,
  catalogId: z.optional(id),
  productId: z.optional(id),
  productKind: z.optional(z.enum(PRODUCT_KINDS)),
  /** The signal codes the message names. */
  reasons: z.array(RetentionReasonFactSchema).check(z.maxLength(10)),
  /** The signals behind them, with their facts: the message names them in the customer's numbers. */
  signals: z.optional(z.array(RetentionSignalSchema).check(z.maxLength(10))),
  offer: z.optional(RetentionOfferDetailsSchema),
  /** What the offer is worth to this customer a year, in the currency; ≤ 0 is not called a saving. */
  annualValue: z.optional(factAmount),
  value: z.optional(RetentionValueSchema),
});
/** The facts of a retention offer. */
export type RetentionOfferFacts = z.output<typeof RetentionOfferFactsSchema>;
