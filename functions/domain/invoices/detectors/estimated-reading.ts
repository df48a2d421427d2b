/**
 * `estimated-reading`: the reading is estimated and the amount is above the expected amount (an estimate
 * close to normal is left alone). Its cause carries the consumption part of the difference.
 */
import { fromCents } from '../cents.ts';
import { isAboveExpected } from './above-expected.ts';
import type { InvoiceDetector } from './detector.ts';

export const estimatedReading: InvoiceDetector = {
  reason: 'estimated-reading',
  detect(input) {
    if (input.invoice.reading !== 'estimated' || !isAboveExpected(input)) return { fires: false };
    return {
      fires: true,
      cause: { code: 'estimated-reading', amount: fromCents(input.comparison.consumptionCents) },
    };
  },
};
