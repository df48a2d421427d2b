/**
 * `above-expected`: the amount is at least `surpriseRatio` times the expected amount and at least
 * `minimumDifference` above it, and there is something to expect from (an earlier invoice, and earlier
 * consumption when the invoice is metered).
 */
import { cents } from '../cents.ts';
import type { DetectorInput, InvoiceDetector } from './detector.ts';

/** Whether the invoice is above the expected amount by the market's thresholds. */
export function isAboveExpected({
  invoice,
  comparison,
  settings,
}: Pick<DetectorInput, 'invoice' | 'comparison' | 'settings'>): boolean {
  const { hasHistory, expectation, amountCents, expectedCents, differenceCents } = comparison;
  const baselineKnown = hasHistory && (invoice.consumption === undefined || expectation !== undefined);
  return (
    baselineKnown &&
    differenceCents > 0 &&
    differenceCents >= cents(settings.minimumDifference) &&
    (expectedCents <= 0 || amountCents >= expectedCents * settings.surpriseRatio - 1e-6)
  );
}

export const aboveExpected: InvoiceDetector = {
  reason: 'above-expected',
  // No cause of its own: the split (consumption, price, fees) that every invoice's facts carry explains it.
  detect: (input) => ({ fires: isAboveExpected(input) }),
};
