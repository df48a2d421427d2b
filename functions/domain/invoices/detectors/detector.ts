/**
 * The shape every invoice detector has. A detector is one reason an invoice is explained (one file each
 * in this folder, the way cdk-nag keeps one rule per file): given the invoice and what it is compared
 * with, it says whether its reason applies and which cause, if any, it adds to the facts. Pure: plain
 * data in, plain data out, no I/O and no clock.
 */
import type { InvoiceComparison } from '../comparison.ts';
import type { InvoiceCauseFact, InvoiceExplanationSettings, InvoiceIssued, SurpriseKind } from '../types.ts';

/** Most new-charge descriptions and duplicate ids a fact lists (the rest are counted in its amount). */
export const MAX_LISTED = 10;

/** What every detector is given, computed once per invoice by `assessInvoice`. */
export interface DetectorInput {
  /** The invoice being assessed. */
  invoice: InvoiceIssued;
  /** The customer's stored invoices as `assessInvoice` got them: any product, any order. */
  history: readonly InvoiceIssued[];
  /** What the invoice is compared with: the expected consumption and amount, the split, new lines, overlaps. */
  comparison: InvoiceComparison;
  /** The market's settings. */
  settings: InvoiceExplanationSettings;
}

/** What a detector found. */
export interface Detection {
  /** Whether its reason applies to the invoice. */
  fires: boolean;
  /** The cause it adds to the facts; only read when it fires. */
  cause?: InvoiceCauseFact;
}

/** One reason an invoice is explained. */
export interface InvoiceDetector {
  /** The reason it gives when it fires (in the facts' `reasons`). */
  reason: SurpriseKind;
  detect(input: DetectorInput): Detection;
}
