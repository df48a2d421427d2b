/**
 * `new-charge`: a charge the product's earlier invoices never had, with a positive amount of at least
 * `newChargeMinimum`. Its cause is the new lines' total and their descriptions.
 */
import { cents, fromCents } from '../cents.ts';
import { type InvoiceDetector, MAX_LISTED } from './detector.ts';

export const newCharge: InvoiceDetector = {
  reason: 'new-charge',
  detect({ comparison: { newLines }, settings }) {
    const newCharges = newLines.filter(
      (line) => cents(line.amount) > 0 && line.amount >= settings.newChargeMinimum,
    );
    if (newCharges.length === 0) return { fires: false };
    return {
      fires: true,
      cause: {
        code: 'new-charge',
        amount: fromCents(newCharges.reduce((sum, line) => sum + cents(line.amount), 0)),
        descriptions: [...new Set(newCharges.map((line) => line.description))].slice(0, MAX_LISTED),
      },
    };
  },
};
