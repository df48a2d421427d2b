/**
 * `duplicate`: the period overlaps an earlier-issued invoice of the same product. Its cause is the share
 * of this invoice's amount whose days were invoiced already, with the earlier invoices' ids.
 */
import { fromCents } from '../cents.ts';
import { overlapOf, periodDays } from '../dates.ts';
import { type InvoiceDetector, MAX_LISTED } from './detector.ts';

export const duplicate: InvoiceDetector = {
  reason: 'duplicate',
  detect({ invoice, comparison: { duplicates, amountCents } }) {
    if (duplicates.length === 0) return { fires: false };
    const days = periodDays(invoice.period);
    const overlapDays = Math.max(
      ...duplicates.map((other) => {
        const overlap = overlapOf(other.period, invoice.period);
        return overlap === undefined ? 0 : periodDays(overlap);
      }),
    );
    return {
      fires: true,
      cause: {
        code: 'duplicate',
        amount: fromCents(Math.round((amountCents * overlapDays) / days)),
        invoiceIds: duplicates.slice(0, MAX_LISTED).map((other) => other.invoiceId),
      },
    };
  },
};
