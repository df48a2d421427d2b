/**
 * The invoice detectors, in the order `assessInvoice` runs them. That order is the order of the reasons
 * in an assessment and its facts: `duplicate` first (do not pay twice comes before anything else), then
 * `above-expected`, `estimated-reading` and `new-charge`. The causes the detectors add follow the split
 * causes in `INVOICE_CAUSE_CODES` order, whatever the order here.
 *
 * Adding a detector: a file in this folder exporting an `InvoiceDetector` (detector.ts), and one line in
 * the list below. A new reason or cause code is also a contract change: `SURPRISE_KINDS` and
 * `INVOICE_CAUSE_CODES` (../types.ts), docs/contracts.md, and `INVOICE_REASONS` and `INVOICE_CAUSES` of
 * the `invoice-explanation` template.
 */
import { aboveExpected } from './above-expected.ts';
import type { InvoiceDetector } from './detector.ts';
import { duplicate } from './duplicate.ts';
import { estimatedReading } from './estimated-reading.ts';
import { newCharge } from './new-charge.ts';

export type { Detection, DetectorInput, InvoiceDetector } from './detector.ts';
export { MAX_LISTED } from './detector.ts';

/** Every detector, in the order their reasons are given. */
export const INVOICE_DETECTORS: readonly InvoiceDetector[] = [
  duplicate,
  aboveExpected,
  estimatedReading,
  newCharge,
];
