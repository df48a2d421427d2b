/**
 * Whole cents and rounding: the facts of an invoice explanation are worked out in cents, so the split
 * causes add up to the difference exactly.
 */

/** Whole cents of an amount. */
export function cents(amount: number): number {
  return Math.round(amount * 100);
}

/** An amount of whole cents; never -0 (a cause of "−0.00" explains nothing). */
export function fromCents(value: number): number {
  return value / 100 + 0;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
