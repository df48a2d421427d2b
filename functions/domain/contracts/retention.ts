/**
 * The retention events of docs/contracts.md ("Retention"): `Offer Catalog Published` (marketing's
 * offers, a newer catalog replacing the older), `Contract Ended` (from CRM: the outcome retention is
 * measured on) and `Offer Accepted` (published by stille when a customer accepts through the signed
 * link). The signals, the choice and the value are in functions/domain/retention/.
 */
import * as z from 'zod/mini';
import { MAX_HOLDOUT_PERCENT } from '../campaigns/holdout.ts';
import {
  id,
  instant,
  isoDate,
  localizedText,
  market,
  nonNegativeMoney,
  nonNegativeUnitPrice,
  PRICE_COMPONENTS,
  PRODUCT_KINDS,
  SEGMENTS,
} from './common.ts';

/** The signals stille derives (docs/retention.md); `long-tenure` makes a customer eligible, never at risk. */
export const RETENTION_SIGNALS = [
  'binding-ending',
  'price-increase',
  'high-invoice',
  'support-delay',
  'detractor',
  'long-tenure',
] as const;
/** A retention signal. */
export type RetentionSignal = (typeof RETENTION_SIGNALS)[number];

/** Most offers in one catalog. */
export const MAX_CATALOG_OFFERS = 100;
/** The catalog's holdout when it names none, in percent. */
export const DEFAULT_CATALOG_HOLDOUT_PERCENT = 10;

/** Who an offer is for; each list is optional (absent: any). */
export const OfferEligibilitySchema = z.object({
  segments: z.optional(z.array(z.enum(SEGMENTS)).check(z.minLength(1), z.maxLength(SEGMENTS.length))),
  productKinds: z.optional(
    z.array(z.enum(PRODUCT_KINDS)).check(z.minLength(1), z.maxLength(PRODUCT_KINDS.length)),
  ),
  tariffIds: z.optional(z.array(id).check(z.minLength(1), z.maxLength(100))),
  minTenureMonths: z._default(z.number().check(z.int(), z.gte(0), z.lte(1200)), 0),
  /** The customer must show at least one of them; absent: any risk signal. */
  signals: z.optional(
    z.array(z.enum(RETENTION_SIGNALS)).check(z.minLength(1), z.maxLength(RETENTION_SIGNALS.length)),
  ),
});
/** Who an offer is for. */
export type OfferEligibility = z.output<typeof OfferEligibilitySchema>;

/** A new tariff: a lower price (per kWh for `energy`, per month for `subscription`) for a binding. */
export const TariffBenefitSchema = z.object({
  type: z.literal('tariff'),
  tariffId: id,
  component: z.enum(PRICE_COMPONENTS),
  price: nonNegativeUnitPrice,
  bindingMonths: z.number().check(z.int(), z.gte(0), z.lte(60)),
});
/** A discount of `percent` on the product's invoices for `months`. */
export const DiscountBenefitSchema = z.object({
  type: z.literal('discount'),
  percent: z.number().check(z.gt(0), z.lte(100)),
  months: z.number().check(z.int(), z.gte(1), z.lte(60)),
});
/** A one-time bonus of `amount` (VAT included) credited to the customer. */
export const BonusBenefitSchema = z.object({
  type: z.literal('bonus'),
  amount: nonNegativeMoney.check(z.gt(0)),
});
/** What an offer gives the customer. */
export const OfferBenefitSchema = z.discriminatedUnion('type', [
  TariffBenefitSchema,
  DiscountBenefitSchema,
  BonusBenefitSchema,
]);
/** What an offer gives the customer. */
export type OfferBenefit = z.output<typeof OfferBenefitSchema>;

/** One offer of the catalog. */
export const RetentionOfferSchema = z.object({
  offerId: id,
  name: localizedText(120, 1),
  market,
  eligibility: z._default(OfferEligibilitySchema, () => ({ minTenureMonths: 0 })),
  benefit: OfferBenefitSchema,
  /** The last day the offer can be sent and accepted. */
  validUntil: isoDate,
  /** false: only a retention-offer campaign sends it, never the automatic program. */
  automatic: z._default(z.boolean(), true),
});
/** One offer of the catalog. */
export type RetentionOffer = z.output<typeof RetentionOfferSchema>;

/** `Offer Catalog Published`: marketing's offers; a newer catalog replaces the older one. */
export const OfferCatalogPublishedSchema = z
  .object({
    catalogId: id,
    holdoutPercent: z._default(
      z.number().check(z.int(), z.gte(0), z.lte(MAX_HOLDOUT_PERCENT)),
      DEFAULT_CATALOG_HOLDOUT_PERCENT,
    ),
    offers: z.array(RetentionOfferSchema).check(z.maxLength(MAX_CATALOG_OFFERS)),
    /** Extension: when the catalog was published (the event's time otherwise). */
    publishedAt: z.optional(instant),
  })
  .check(
    z.superRefine((catalog, ctx) => {
      const seen = new Set<string>();
      catalog.offers.forEach((offer, index) => {
        if (seen.has(offer.offerId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['offers', index, 'offerId'],
            input: offer.offerId,
            message: `must be unique in the catalog: "${offer.offerId}" appears more than once`,
          });
        }
        seen.add(offer.offerId);
        if (
          offer.eligibility.signals?.length === 1 &&
          offer.eligibility.signals[0] === 'long-tenure' &&
          offer.automatic
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['offers', index, 'eligibility', 'signals'],
            input: offer.eligibility.signals,
            message:
              'must name a risk signal for an automatic offer: long-tenure makes a customer eligible but never starts an offer (set "automatic": false to send it by a retention-offer campaign)',
          });
        }
      });
    }),
  );
/** `Offer Catalog Published` detail. */
export type OfferCatalogPublished = z.output<typeof OfferCatalogPublishedSchema>;

/** Why a contract ended. */
export const CONTRACT_END_REASONS = ['switched-supplier', 'moved', 'other'] as const;

/** `Contract Ended` (from CRM): the outcome retention is measured on. */
export const ContractEndedSchema = z.object({
  customerId: id,
  productId: id,
  endedAt: instant,
  reason: z.enum(CONTRACT_END_REASONS),
});
/** `Contract Ended` detail. */
export type ContractEnded = z.output<typeof ContractEndedSchema>;

/** `Offer Accepted` (published by stille when the customer accepts through the signed link). */
export interface OfferAccepted {
  offerId: string;
  customerId: string;
  productId: string;
  messageId: string;
  acceptedAt: string;
}
