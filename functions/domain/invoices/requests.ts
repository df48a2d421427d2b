/** What an assessment becomes on the bus: a message request for the send gate, an alert for billing. */
import { DETAIL_TYPE, type MessageRequest } from '../contracts/index.ts';
import type { InvoiceAssessment, InvoiceIssued, OverlappingInvoice, Period } from './types.ts';

/** The `Message Requested` detail of an invoice explanation. */
export interface InvoiceExplanationRequest extends MessageRequest {
  kind: 'invoice-explanation';
  customerId: string;
  trigger: { detailType: typeof DETAIL_TYPE.invoiceIssued; id: string };
  facts: Record<string, unknown>;
}

/** The request for the send gate; its dedupe key defaults to `invoice-explanation#<invoiceId>#<customerId>`. */
export function explanationRequest(
  invoice: InvoiceIssued,
  assessment: InvoiceAssessment,
): InvoiceExplanationRequest {
  return {
    kind: 'invoice-explanation',
    customerId: invoice.customerId,
    trigger: { detailType: DETAIL_TYPE.invoiceIssued, id: invoice.invoiceId },
    facts: { ...assessment.facts },
  };
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
