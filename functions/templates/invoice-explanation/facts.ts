/** The facts of an invoice explanation (docs/contracts.md, facts by kind), in the invoice domain's vocabulary. */
import * as z from 'zod/mini';
import { shortText } from '#domain/contracts/index.ts';
import {
  EXPECTATION_BASES,
  INVOICE_CAUSE_CODES,
  PROFILE_SOURCES,
  SPLIT_CAUSE_CODES,
  type SplitCauseCode,
  SURPRISE_KINDS,
} from '#domain/invoices/types.ts';
import { factAmount, id, isoDate, quantity, unit, withCurrency } from '../facts.ts';

/** How far `amount − expectedAmount` may be from `difference`. */
const DIFFERENCE_TOLERANCE = 0.01;

/** Most new-charge descriptions and earlier invoice ids one cause may carry. */
const MAX_CAUSE_ITEMS = 20;

/** One cause of the difference; the optional details are shown next to it when present. */
export const InvoiceCauseSchema = z
  .object({
    code: z.enum(INVOICE_CAUSE_CODES),
    /** For `duplicate`, the amount the overlap affects; for `new-charge`, what the new lines cost. */
    amount: z.optional(factAmount),
    /** consumption: this invoice's quantity and the usual one, in `unit`. */
    quantity: z.optional(quantity),
    expectedQuantity: z.optional(quantity),
    unit: z.optional(unit),
    /** price: this invoice's unit price and the usual one (per `unit`). */
    unitPrice: z.optional(factAmount),
    expectedUnitPrice: z.optional(factAmount),
    /** new-charge: the descriptions of the new invoice lines, as billing wrote them (blank ones are not shown). */
    descriptions: z.optional(z.array(shortText).check(z.maxLength(MAX_CAUSE_ITEMS))),
    /** duplicate: the earlier invoices whose periods this one overlaps. */
    invoiceIds: z.optional(z.array(id).check(z.maxLength(MAX_CAUSE_ITEMS))),
  })
  .check(
    z.superRefine((cause, ctx) => {
      if (isSplitCause(cause.code) && cause.amount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          input: cause.amount,
          message: `is required for a "${cause.code}" cause (a number)`,
        });
      }
    }),
  );
/** One cause of the difference. */
export type InvoiceCause = z.output<typeof InvoiceCauseSchema>;

/** The facts of an invoice explanation (docs/contracts.md, facts by kind). */
export const InvoiceExplanationFactsSchema = z
  .object({
    ...withCurrency,
    invoiceId: id,
    amount: factAmount,
    expectedAmount: factAmount,
    /** `amount − expectedAmount`. */
    difference: factAmount,
    causes: z.array(InvoiceCauseSchema).check(z.maxLength(20)),
    dueDate: z.optional(isoDate),
    period: z.optional(z.object({ from: isoDate, to: isoDate })),
    estimatedReading: z.optional(z.boolean()),
    /** Why the message is sent. Absent from older producers: then the causes and the difference decide. */
    reasons: z.optional(z.array(z.enum(SURPRISE_KINDS)).check(z.maxLength(SURPRISE_KINDS.length * 2))),
    /** How the usual amount was found. */
    basis: z.optional(z.enum(EXPECTATION_BASES)),
    /** The price-change notice we sent whose new price applies in the period: the price is no news. */
    priceNotice: z.optional(z.object({ noticeDate: isoDate, effectiveDate: isoDate })),
    /** The consumption changed for good from the period starting `since`: the usual amount is the new level. */
    lastingChange: z.optional(z.object({ since: isoDate })),
    /** Whose seasons scaled a short history: customers like them, or the national curve. */
    profileSource: z.optional(z.enum(PROFILE_SOURCES)),
    /**
     * Billing sent the invoice twice: the first invoice of the period and how it compares with the usual
     * amount, so the one message tells the whole story (its own explanation is not sent).
     */
    original: z.optional(
      z.object({ invoiceId: id, amount: factAmount, expectedAmount: factAmount, difference: factAmount }),
    ),
  })
  .check(
    z.superRefine((facts, ctx) => {
      const expected = facts.amount - facts.expectedAmount;
      if (Math.abs(expected - facts.difference) > DIFFERENCE_TOLERANCE + 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: ['difference'],
          input: facts.difference,
          message: `must be amount − expectedAmount (${Number(expected.toFixed(2))}), got ${facts.difference}`,
        });
      }
    }),
  );
/** The facts of an invoice explanation. */
export type InvoiceExplanationFacts = z.output<typeof InvoiceExplanationFactsSchema>;

/** Whether `code` is one of the causes that add up to the difference. */
export function isSplitCause(code: string): code is SplitCauseCode {
  return (SPLIT_CAUSE_CODES as readonly string[]).includes(code);
}
