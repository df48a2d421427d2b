/**
 * Is this invoice surprising, and what is the difference made of? Pure: the invoice, the customer's
 * stored invoices and the market's settings in, the assessment and its facts out.
 *
 * Three steps: compare the invoice with its history once (comparison.ts), run every detector on that
 * (detectors/, in their fixed order), and put the facts together from the two.
 */
import { fromCents } from './cents.ts';
import { compareInvoice, splitCauses } from './comparison.ts';
import { type DetectorInput, INVOICE_DETECTORS } from './detectors/index.ts';
import {
  type AssessInvoiceInput,
  INVOICE_CAUSE_CODES,
  type InvoiceAssessment,
  type InvoiceCauseFact,
  type PriceNoticeFact,
  type SurpriseKind,
} from './types.ts';

export { earlierOverlapping } from './comparison.ts';
export { MAX_LISTED } from './detectors/index.ts';

/** Causes in the order the contract lists their codes (`INVOICE_CAUSE_CODES`). */
function byCauseCode(a: InvoiceCauseFact, b: InvoiceCauseFact): number {
  return INVOICE_CAUSE_CODES.indexOf(a.code) - INVOICE_CAUSE_CODES.indexOf(b.code);
}

/**
 * The price-change notice sent for this invoice's product or tariff whose effective date is inside the
 * invoice's period (the latest sent, when several are), or undefined.
 */
export function announcedPrice(input: AssessInvoiceInput): PriceNoticeFact | undefined {
  const { invoice, tariffId, priceNotices = [] } = input;
  let found: PriceNoticeFact | undefined;
  for (const notice of priceNotices) {
    const forThis =
      notice.productId === invoice.productId ||
      (tariffId !== undefined && notice.tariffId === tariffId && notice.productId === undefined);
    if (!forThis) continue;
    if (notice.effectiveDate < invoice.period.from || notice.effectiveDate > invoice.period.to) continue;
    if (found === undefined || notice.noticeDate > found.noticeDate) {
      found = { noticeDate: notice.noticeDate, effectiveDate: notice.effectiveDate };
    }
  }
  return found;
}

/**
 * Assesses one invoice: the expected amount (the customer's usual consumption for the season at their
 * usual unit prices, plus their usual recurring charges; `referencePrices: invoice` prices it with this
 * invoice's), whether it is surprising, and the facts that
 * explain it. See docs/invoice-explanations.md for the rules and their settings.
 */
export function assessInvoice(input: AssessInvoiceInput): InvoiceAssessment {
  const { invoice, history, settings } = input;
  const comparison = compareInvoice(input);
  const detectorInput: DetectorInput = { invoice, history, comparison, settings };

  // The reasons in detector order; the causes the detectors add after the split, in code order.
  const reasons: SurpriseKind[] = [];
  const detected: InvoiceCauseFact[] = [];
  for (const detector of INVOICE_DETECTORS) {
    const detection = detector.detect(detectorInput);
    if (!detection.fires) continue;
    reasons.push(detector.reason);
    if (detection.cause !== undefined) detected.push(detection.cause);
  }
  const causes = [...splitCauses(invoice, comparison), ...detected.sort(byCauseCode)];
  const { expectation } = comparison;
  const priceNotice = announcedPrice(input);

  return {
    explain: reasons.length > 0,
    reasons,
    facts: {
      invoiceId: invoice.invoiceId,
      currency: invoice.currency,
      amount: invoice.amount,
      expectedAmount: fromCents(comparison.expectedCents),
      difference: fromCents(comparison.differenceCents),
      causes,
      dueDate: invoice.dueDate,
      period: { from: invoice.period.from, to: invoice.period.to },
      estimatedReading: invoice.reading === 'estimated',
      reasons,
      ...(expectation === undefined ? {} : { basis: expectation.basis }),
      ...(expectation?.basis === 'seasonal-profile'
        ? { profileSource: input.learnedProfile?.source ?? 'national' }
        : {}),
      ...(priceNotice === undefined ? {} : { priceNotice }),
      ...(expectation?.lastingChange === undefined
        ? {}
        : { lastingChange: { since: expectation.lastingChange.since } }),
    },
    duplicates: comparison.duplicates,
    hasHistory: comparison.hasHistory,
  };
}
