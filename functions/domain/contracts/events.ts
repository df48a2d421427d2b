import * as z from 'zod/mini';
import type { FieldError } from '../errors.ts';
import { jsonBoundsError } from './bounds.ts';
import { CampaignCancelledSchema, CampaignScheduledSchema } from './campaigns.ts';
import {
  CONTRACT_KINDS,
  channel,
  currency,
  email,
  httpsUrl,
  id,
  instant,
  isCalendarDate,
  isJsonObject,
  isoDate,
  locale,
  localizedText,
  longText,
  market,
  money,
  nonNegativeUnitPrice,
  PAYMENT_METHODS,
  PRICE_COMPONENTS,
  PRODUCT_KINDS,
  phone,
  quantity,
  SEGMENTS,
  s3Location,
  shortText,
  timeZone,
  unitPrice,
} from './common.ts';
import { DETAIL_TYPE } from './event-names.ts';
import { describeValue, MAX_FIELD_ERRORS, safeParseContract, toFieldErrors } from './field-errors.ts';
import { ContractEndedSchema, OfferCatalogPublishedSchema } from './retention.ts';

export { parseS3Location } from './common.ts';
export { toFieldErrors } from './field-errors.ts';

/** The `detail-type` of every event stille accepts, as in docs/contracts.md. */
export const DETAIL_TYPES = [
  DETAIL_TYPE.customerUpserted,
  DETAIL_TYPE.contactPreferencesChanged,
  DETAIL_TYPE.priceChangeAnnounced,
  DETAIL_TYPE.invoiceIssued,
  DETAIL_TYPE.invoiceRunSubmitted,
  DETAIL_TYPE.supportTicketOpened,
  DETAIL_TYPE.supportTicketUpdated,
  DETAIL_TYPE.supportTicketResolved,
  DETAIL_TYPE.contractRenewed,
  DETAIL_TYPE.surveyResponseReceived,
  DETAIL_TYPE.campaignScheduled,
  DETAIL_TYPE.campaignCancelled,
  DETAIL_TYPE.offerCatalogPublished,
  DETAIL_TYPE.contractEnded,
] as const;

/** One of {@link DETAIL_TYPES}. */
export type DetailType = (typeof DETAIL_TYPES)[number];

/** Whether `value` is one of the accepted detail types. */
export function isDetailType(value: unknown): value is DetailType {
  return typeof value === 'string' && (DETAIL_TYPES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------
// Customer Upserted

export { CONTRACT_KINDS, PAYMENT_METHODS, PRODUCT_KINDS, SEGMENTS } from './common.ts';

/** A product the customer holds. `bindingEndsOn` is required (a date) for a fixed-term contract. */
export const ProductSchema = z
  .object({
    productId: id,
    kind: z.enum(PRODUCT_KINDS),
    tariffId: id,
    contract: z.enum(CONTRACT_KINDS),
    // Omitted means null: an open-ended contract has no binding.
    bindingEndsOn: z._default(z.nullable(isoDate), null),
  })
  .check(
    z.superRefine((product, ctx) => {
      if (product.contract === 'fixed-term' && product.bindingEndsOn === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['bindingEndsOn'],
          input: product.bindingEndsOn,
          message: 'is required for a fixed-term contract (a date as YYYY-MM-DD)',
        });
      }
    }),
  );
/** A product the customer holds. */
export type Product = z.output<typeof ProductSchema>;

/** `Customer Upserted`: the customer's whole profile; an upsert replaces it. */
export const CustomerUpsertedSchema = z.object({
  customerId: id,
  name: shortText,
  market,
  segment: z.enum(SEGMENTS),
  locale,
  timeZone,
  email: z.optional(email),
  phone: z.optional(phone),
  preferredChannel: channel,
  consents: z.object({ marketing: z.boolean(), surveys: z.boolean() }),
  customerSince: isoDate,
  paymentMethod: z.enum(PAYMENT_METHODS),
  products: z.array(ProductSchema).check(z.maxLength(50)),
});
/** `Customer Upserted` detail. */
export type CustomerUpserted = z.output<typeof CustomerUpsertedSchema>;

// ---------------------------------------------------------------------------------------------------
// Contact Preferences Changed

/** Purposes a customer can opt out of (`all` covers every purpose). */
export const OPT_OUT_PURPOSES = ['marketing', 'surveys', 'all'] as const;
/** Where a preference change came from. */
export const PREFERENCE_SOURCES = [
  'unsubscribe-link',
  'sms-stop',
  'customer-service',
  'complaint',
  'bounce',
] as const;

/** `Contact Preferences Changed`: a customer opted out of (or back into) a purpose on a channel. */
export const ContactPreferencesChangedSchema = z.object({
  customerId: id,
  channel,
  purpose: z.enum(OPT_OUT_PURPOSES),
  optedOut: z.boolean(),
  source: z.enum(PREFERENCE_SOURCES),
  at: instant,
});
/** `Contact Preferences Changed` detail. */
export type ContactPreferencesChanged = z.output<typeof ContactPreferencesChangedSchema>;

// ---------------------------------------------------------------------------------------------------
// Price Change Announced

export { PRICE_COMPONENTS } from './common.ts';
/** Reason codes of a price change; `other` requires a text. */
export const PRICE_CHANGE_REASON_CODES = ['grid-fee', 'tax', 'wholesale-cost', 'inflation', 'other'] as const;

/** Why a price changes: a code, and a text per locale (required for `other`). */
export const PriceChangeReasonSchema = z
  .object({
    code: z.enum(PRICE_CHANGE_REASON_CODES),
    text: z.optional(localizedText(500)),
  })
  .check(
    z.superRefine((reason, ctx) => {
      if (reason.code === 'other' && (reason.text === undefined || Object.keys(reason.text).length === 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['text'],
          input: reason.text,
          message: 'is required when code is "other" (a text per locale, such as { "en-GB": "…" })',
        });
      }
    }),
  );
/** A reason of a price change. */
export type PriceChangeReason = z.output<typeof PriceChangeReasonSchema>;

/** A loyalty option the customer may pick instead of the new price. */
export const TariffAlternativeSchema = z.object({
  tariffId: id,
  name: localizedText(200, 1),
  component: z.enum(PRICE_COMPONENTS),
  price: nonNegativeUnitPrice,
  bindingMonths: z.number().check(z.int(), z.gte(0), z.lte(60)),
  /** Extension: where the customer takes this option (the message links to it). */
  url: z.optional(httpsUrl),
});
/** A loyalty option of a price change. */
export type TariffAlternative = z.output<typeof TariffAlternativeSchema>;

/** `Price Change Announced`: a tariff's price changes on `effectiveDate`. */
export const PriceChangeAnnouncedSchema = z.object({
  priceChangeId: id,
  tariffId: id,
  market,
  currency,
  component: z.enum(PRICE_COMPONENTS),
  oldPrice: nonNegativeUnitPrice,
  newPrice: nonNegativeUnitPrice,
  effectiveDate: isoDate,
  announcedAt: instant,
  reasons: z.array(PriceChangeReasonSchema).check(z.minLength(1), z.maxLength(10)),
  // Omitted means no alternatives.
  alternatives: z._default(z.array(TariffAlternativeSchema).check(z.maxLength(10)), []),
});
/** `Price Change Announced` detail. */
export type PriceChangeAnnounced = z.output<typeof PriceChangeAnnouncedSchema>;

// ---------------------------------------------------------------------------------------------------
// Invoice Issued

/** Kinds of invoice lines. */
export const INVOICE_LINE_KINDS = ['energy', 'grid', 'subscription', 'fee', 'tax', 'other'] as const;
/** Whether the metered consumption was read or estimated. */
export const READINGS = ['actual', 'estimated'] as const;

/** Most lines an invoice may have. */
export const MAX_INVOICE_LINES = 200;

/** How far the lines may be from the invoice amount. */
export const INVOICE_SUM_TOLERANCE = 0.01;

/** A line of an invoice. */
export const InvoiceLineSchema = z.object({
  kind: z.enum(INVOICE_LINE_KINDS),
  description: shortText,
  quantity: z.optional(quantity),
  unitPrice: z.optional(unitPrice),
  amount: money,
});
/** A line of an invoice. */
export type InvoiceLine = z.output<typeof InvoiceLineSchema>;

const InvoicePeriodSchema = z.object({ from: isoDate, to: isoDate }).check(
  z.superRefine((period, ctx) => {
    // YYYY-MM-DD strings order like the dates they name; a malformed date is reported on its own.
    if (isCalendarDate(period.from) && isCalendarDate(period.to) && period.to < period.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        input: period.to,
        message: `must not be before period.from (${period.from}), got "${period.to}"`,
      });
    }
  }),
);

/** `Invoice Issued`: one invoice; its lines add up to `amount` (to 0.01). */
export const InvoiceIssuedSchema = z
  .object({
    invoiceId: id,
    customerId: id,
    productId: id,
    currency,
    amount: money,
    issuedAt: instant,
    dueDate: isoDate,
    period: InvoicePeriodSchema,
    consumption: z.optional(
      z.object({
        quantity,
        unit: z.string().check(z.minLength(1), z.maxLength(16)),
      }),
    ),
    reading: z.enum(READINGS),
    lines: z.array(InvoiceLineSchema).check(z.minLength(1), z.maxLength(MAX_INVOICE_LINES)),
  })
  .check(
    z.superRefine((invoice, ctx) => {
      const amounts = invoice.lines.map((line) => line.amount);
      // Lines that are already reported (none, too many, not numbers) say nothing useful about the sum.
      if (amounts.length < 1 || amounts.length > MAX_INVOICE_LINES) return;
      if (!amounts.every(Number.isFinite) || !Number.isFinite(invoice.amount)) return;
      const sum = preciseSum(amounts);
      if (!withinSumTolerance(sum, invoice.amount, amounts)) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          input: invoice.amount,
          message: sumMismatchMessage(sum, invoice.amount),
        });
      }
    }),
  );
/** `Invoice Issued` detail. */
export type InvoiceIssued = z.output<typeof InvoiceIssuedSchema>;

/**
 * "lines add up to 100.0051 but amount is 99.9950": with as many decimals as it takes for the gap to
 * show as more than the 0.01 allowed (two when two do).
 */
function sumMismatchMessage(sum: number, amount: number): string {
  // The gap as shown, in units of the last decimal shown, against the tolerance in the same units.
  const shownGapTooSmall = (decimals: number) => {
    const unit = 10 ** decimals;
    const shown = (value: number) => Math.round(Number(value.toFixed(decimals)) * unit);
    return Math.abs(shown(sum) - shown(amount)) <= Math.round(INVOICE_SUM_TOLERANCE * unit);
  };
  let decimals = 2;
  while (decimals < 10 && shownGapTooSmall(decimals)) decimals++;
  return `lines add up to ${sum.toFixed(decimals)} but amount is ${amount.toFixed(decimals)}`;
}

/** Sums with Neumaier compensation, so 200 lines of cents add up without floating-point drift. */
function preciseSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

function withinSumTolerance(sum: number, amount: number, lineAmounts: readonly number[]): boolean {
  // Decimal amounts are stored as the nearest binary number: allow for that rounding on top of 0.01.
  const magnitude = lineAmounts.reduce((total, value) => total + Math.abs(value), Math.abs(amount));
  return Math.abs(sum - amount) <= INVOICE_SUM_TOLERANCE + 4 * Number.EPSILON * magnitude;
}

// ---------------------------------------------------------------------------------------------------
// Invoice Run Submitted

/** Largest invoice run accepted. */
export const MAX_INVOICE_RUN_COUNT = 10_000_000;

/** `Invoice Run Submitted`: a JSON Lines file of `Invoice Issued` details in S3. */
export const InvoiceRunSubmittedSchema = z.object({
  runId: id,
  location: s3Location,
  count: z.number().check(z.int(), z.gte(0), z.lte(MAX_INVOICE_RUN_COUNT)),
});
/** `Invoice Run Submitted` detail. */
export type InvoiceRunSubmitted = z.output<typeof InvoiceRunSubmittedSchema>;

// ---------------------------------------------------------------------------------------------------
// Support

/** Ticket priorities. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** Ticket statuses of `Support Ticket Updated`. */
export const TICKET_STATUSES = ['open', 'waiting-on-customer', 'answered'] as const;

/** `Support Ticket Opened`: the customer is owed a response by `responseDueAt`. */
export const SupportTicketOpenedSchema = z.object({
  ticketId: id,
  customerId: id,
  category: shortText,
  priority: z.enum(TICKET_PRIORITIES),
  openedAt: instant,
  responseDueAt: instant,
});
/** `Support Ticket Opened` detail. */
export type SupportTicketOpened = z.output<typeof SupportTicketOpenedSchema>;

/** `Support Ticket Updated`: the ticket's status changed. */
export const SupportTicketUpdatedSchema = z.object({
  ticketId: id,
  customerId: id,
  status: z.enum(TICKET_STATUSES),
  at: instant,
});
/** `Support Ticket Updated` detail. */
export type SupportTicketUpdated = z.output<typeof SupportTicketUpdatedSchema>;

/** `Support Ticket Resolved`. */
export const SupportTicketResolvedSchema = z.object({
  ticketId: id,
  customerId: id,
  resolvedAt: instant,
});
/** `Support Ticket Resolved` detail. */
export type SupportTicketResolved = z.output<typeof SupportTicketResolvedSchema>;

/** `Contract Renewed`: `bindingEndsOn` is the new binding end, or null for an open-ended renewal. */
export const ContractRenewedSchema = z.object({
  customerId: id,
  productId: id,
  renewedAt: instant,
  bindingEndsOn: z.nullable(isoDate),
});
/** `Contract Renewed` detail. */
export type ContractRenewed = z.output<typeof ContractRenewedSchema>;

/** Survey scales: `csat-5` scores 1–5, `nps-10` scores 0–10. */
export const SURVEY_SCALES = ['csat-5', 'nps-10'] as const;
/** Accepted score range of each survey scale. */
export const SURVEY_SCORE_RANGES = {
  'csat-5': { min: 1, max: 5 },
  'nps-10': { min: 0, max: 10 },
} as const satisfies Record<(typeof SURVEY_SCALES)[number], { min: number; max: number }>;

/** `Survey Response Received`: the score must lie in its scale's range. */
export const SurveyResponseReceivedSchema = z
  .object({
    surveyId: id,
    customerId: id,
    scale: z.enum(SURVEY_SCALES),
    score: z.number().check(z.int()),
    comment: z.optional(longText),
    respondedAt: instant,
  })
  .check(
    z.superRefine((response, ctx) => {
      const range = SURVEY_SCORE_RANGES[response.scale];
      if (response.score < range.min || response.score > range.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['score'],
          input: response.score,
          message: `must be an integer from ${range.min} to ${range.max} for scale ${response.scale}, got ${response.score}`,
        });
      }
    }),
  );
/** `Survey Response Received` detail. */
export type SurveyResponseReceived = z.output<typeof SurveyResponseReceivedSchema>;

// ---------------------------------------------------------------------------------------------------
// All events

/** The schema of each detail type's `detail`. Unknown extra fields are accepted and dropped. */
export const EVENT_SCHEMAS = {
  [DETAIL_TYPE.customerUpserted]: CustomerUpsertedSchema,
  [DETAIL_TYPE.contactPreferencesChanged]: ContactPreferencesChangedSchema,
  [DETAIL_TYPE.priceChangeAnnounced]: PriceChangeAnnouncedSchema,
  [DETAIL_TYPE.invoiceIssued]: InvoiceIssuedSchema,
  [DETAIL_TYPE.invoiceRunSubmitted]: InvoiceRunSubmittedSchema,
  [DETAIL_TYPE.supportTicketOpened]: SupportTicketOpenedSchema,
  [DETAIL_TYPE.supportTicketUpdated]: SupportTicketUpdatedSchema,
  [DETAIL_TYPE.supportTicketResolved]: SupportTicketResolvedSchema,
  [DETAIL_TYPE.contractRenewed]: ContractRenewedSchema,
  [DETAIL_TYPE.surveyResponseReceived]: SurveyResponseReceivedSchema,
  [DETAIL_TYPE.campaignScheduled]: CampaignScheduledSchema,
  [DETAIL_TYPE.campaignCancelled]: CampaignCancelledSchema,
  [DETAIL_TYPE.offerCatalogPublished]: OfferCatalogPublishedSchema,
  [DETAIL_TYPE.contractEnded]: ContractEndedSchema,
} as const satisfies { readonly [K in DetailType]: z.ZodMiniType };

/** The validated `detail` of each detail type. */
export type EventDetailMap = { [K in DetailType]: z.output<(typeof EVENT_SCHEMAS)[K]> };

/** A valid event: narrowing on `detailType` narrows `value`. */
export type ValidEvent = {
  [K in DetailType]: { ok: true; detailType: K; value: EventDetailMap[K] };
}[DetailType];

/** The outcome of {@link validateEvent}. */
export type ValidationResult = ValidEvent | { ok: false; errors: FieldError[] };

const ACCEPTED_DETAIL_TYPES = DETAIL_TYPES.map((name) => JSON.stringify(name)).join(', ');

/**
 * Validates an event's `detail` against the contract of its `detail-type`. Returns the parsed detail
 * (unknown extra fields dropped, defaults filled in) or at most 50 field errors with paths such as
 * `lines[0].amount` (an error about the detail as a whole has path `detail`; an unknown type, `detail-type`).
 */
export function validateEvent(detailType: unknown, detail: unknown): ValidationResult {
  if (!isDetailType(detailType)) {
    return {
      ok: false,
      errors: [
        {
          path: 'detail-type',
          message: `must be one of ${ACCEPTED_DETAIL_TYPES}; got ${describeValue(detailType)}`,
        },
      ],
    };
  }
  if (!isJsonObject(detail)) {
    return {
      ok: false,
      errors: [{ path: 'detail', message: `must be a JSON object, got ${describeValue(detail)}` }],
    };
  }
  // Before anything walks it: depth, size and numbers that are numbers.
  const bounds = jsonBoundsError(detail);
  if (bounds) return { ok: false, errors: [bounds] };
  const result = safeParseContract(EVENT_SCHEMAS[detailType], detail);
  if (!result.success) {
    return { ok: false, errors: toFieldErrors(result.error, { limit: MAX_FIELD_ERRORS }) };
  }
  // The schema was chosen by `detailType`, so the parsed value is that type's detail.
  return { ok: true, detailType, value: result.data } as ValidEvent;
}
