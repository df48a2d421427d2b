/** What an assessment becomes on the bus: a message request for the send gate, an alert for billing. */
import { DETAIL_TYPE, type MessageRequest } from '../contracts/index.ts';
import { overlapOf } from './dates.ts';
import { byIssue } from './expected.ts';
import type { InvoiceAssessment, InvoiceIssued, OverlappingInvoice, Period } from './types.ts';

/** The `Message Requested` detail of an invoice explanation. */
export interface InvoiceExplanationRequest extends MessageRequest {
  kind: 'invoice-explanation';
  customerId: string;
  trigger: { detailType: typeof DETAIL_TYPE.invoiceIssued; id: string };
  facts: Record<string, unknown>;
}

/**
 * The request for the send gate; its dedupe key defaults to `invoice-explanation#<invoiceId>#<customerId>`.
 * For a duplicate, `original` is the assessment of the first invoice of the period: the one message then
 * tells the whole story (the facts' `original`), and the first invoice's own explanation is not sent.
 */
export function explanationRequest(
  invoice: InvoiceIssued,
  assessment: InvoiceAssessment,
  original?: InvoiceAssessment,
): InvoiceExplanationRequest {
  const first = original?.facts;
  return {
    kind: 'invoice-explanation',
    customerId: invoice.customerId,
    trigger: { detailType: DETAIL_TYPE.invoiceIssued, id: invoice.invoiceId },
    facts: {
      ...assessment.facts,
      ...(first === undefined || assessment.duplicates.length === 0
        ? {}
        : {
            original: {
              invoiceId: first.invoiceId,
              amount: first.amount,
              expectedAmount: first.expectedAmount,
              difference: first.difference,
            },
          }),
    },
  };
}

/**
 * The stored invoices that duplicate `invoice`: of the same product, overlapping its period, and issued
 * after it (billing sent it again). When there is one, the copy's message tells the whole story, and
 * `invoice` gets no message of its own: the customer hears once of one situation.
 */
export function laterCopiesOf(invoice: InvoiceIssued, history: readonly InvoiceIssued[]): InvoiceIssued[] {
  return history
    .filter(
      (other) =>
        other.productId === invoice.productId &&
        other.invoiceId !== invoice.invoiceId &&
        overlapOf(other.period, invoice.period) !== undefined &&
        byIssue(invoice, other) < 0,
    )
    .sort(byIssue);
}

/** The `Stille Alert` that tells billing an invoice covers a period already invoiced. */
export interface DuplicateInvoiceAlert {
  kind: 'duplicate-invoice';
  at: string;
  customerId: string;
  productId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  period: Period;
  duplicates: OverlappingInvoice[];
  [key: string]: unknown;
}

/** The alert for billing, or undefined when the invoice duplicates nothing. */
export function duplicateInvoiceAlert(
  invoice: InvoiceIssued,
  assessment: InvoiceAssessment,
  at: Date,
): DuplicateInvoiceAlert | undefined {
  if (assessment.duplicates.length === 0) return undefined;
  return {
    kind: 'duplicate-invoice',
    at: at.toISOString(),
    customerId: invoice.customerId,
    productId: invoice.productId,
    invoiceId: invoice.invoiceId,
    amount: invoice.amount,
    currency: invoice.currency,
    period: invoice.period,
    duplicates: assessment.duplicates.slice(0, 10),
  };
}
