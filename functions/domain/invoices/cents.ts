/**
 * Whole cents and rounding: the facts of an invoice explanation are worked out in cents, so the split
 * causes add up to the difference exactly.
 */

/** Whole cents of an amount. */
export function cents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(value: number): number {
  return value / 100;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
