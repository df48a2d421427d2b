/**
 * What the expected amount is priced with: the per-unit lines of an invoice grouped by kind, each with its
 * reference unit price and expected quantity, and the usual amount of a charge in the reference invoices
 * (`referencePrices`: this invoice's prices, or the usual ones).
 */
import { chargeKey, type InvoiceLine, isPerUnitLine } from './charges.ts';
import { periodDays } from './dates.ts';
import type { ExpectedConsumption, InvoiceExplanationSettings, InvoiceIssued } from './types.ts';

/** Per-unit lines of one kind (energy, grid, …): their quantity and amount on this invoice. */
export interface PerUnitGroup {
  kind: InvoiceLine['kind'];
  quantity: number;
  amount: number;
  /** The unit price the expected amount is priced with. */
  referencePrice: number;
  /** The quantity expected in the period. */
  expectedQuantity: number;
}

/** The usual unit price of a kind of per-unit line in the reference invoices. */
function usualUnitPrice(kind: InvoiceLine['kind'], references: readonly InvoiceIssued[]): number | undefined {
  let quantity = 0;
  let amount = 0;
  for (const reference of references) {
    for (const line of reference.lines) {
      if (line.kind !== kind || !isPerUnitLine(line, reference)) continue;
      quantity += line.quantity ?? 0;
      amount += line.amount;
    }
  }
  return quantity > 0 ? amount / quantity : undefined;
}

/**
 * A reference invoice whose period has fewer days than this share of the invoice's own is a partial
 * period: a product's first or last invoice, its monthly charges prorated. February (28 days) against a
 * 31-day month is 0.903: a full period.
 */
export const PARTIAL_PERIOD_SHARE = 0.9;

/**
 * The usual amount of a charge (by key) over the reference invoices that had it, for an invoice of
 * `period`. Monthly charges are per month whatever its length, so only full-period references count:
 * averaging in a first invoice that covered six days of September would make the next full month's
 * subscription look like a rise. Undefined, so the invoice's own amount is expected, when no full period
 * had the charge (a prorated first month says nothing of the usual one) or when at most half of the
 * references had it: an occasional charge (an installation, a router swap) has no usual amount, and what
 * it cost the last time it came is not what this month should cost.
 */
export function usualCharge(
  key: string,
  references: readonly InvoiceIssued[],
  period: InvoiceIssued['period'],
): number | undefined {
  const fullDays = PARTIAL_PERIOD_SHARE * periodDays(period);
  let total = 0;
  let fullWithIt = 0;
  let withIt = 0;
  for (const reference of references) {
    let sum = 0;
    let found = false;
    for (const line of reference.lines) {
      if (isPerUnitLine(line, reference) || chargeKey(line) !== key) continue;
      sum += line.amount;
      found = true;
    }
    if (!found) continue;
    withIt += 1;
    if (periodDays(reference.period) < fullDays) continue;
    total += sum;
    fullWithIt += 1;
  }
  return fullWithIt > 0 && withIt * 2 > references.length ? total / fullWithIt : undefined;
}

/**
 * This invoice's per-unit lines by kind, with the price and quantity each is expected at; when nothing is
 * metered on it though the reference invoices were, the usual consumption at the usual prices.
 */
export function perUnitGroups(
  invoice: InvoiceIssued,
  expectation: ExpectedConsumption | undefined,
  references: readonly InvoiceIssued[],
  settings: InvoiceExplanationSettings,
): PerUnitGroup[] {
  const byKind = new Map<InvoiceLine['kind'], { quantity: number; amount: number }>();
  for (const line of invoice.lines) {
    if (!isPerUnitLine(line, invoice)) continue;
    const group = byKind.get(line.kind) ?? { quantity: 0, amount: 0 };
    group.quantity += line.quantity ?? 0;
    group.amount += line.amount;
    byKind.set(line.kind, group);
  }
  const consumed = invoice.consumption?.quantity ?? 0;
  const groups: PerUnitGroup[] = [];
  for (const [kind, group] of byKind) {
    const price = group.quantity > 0 ? group.amount / group.quantity : 0;
    const referencePrice =
      settings.referencePrices === 'usual' ? (usualUnitPrice(kind, references) ?? price) : price;
    // A line's quantity follows the metered consumption: scale it by expected over actual consumption.
    const expectedQuantity =
      expectation === undefined
        ? group.quantity
        : consumed > 0
          ? (group.quantity * expectation.quantity) / consumed
          : expectation.quantity;
    groups.push({ kind, quantity: group.quantity, amount: group.amount, referencePrice, expectedQuantity });
  }
  if (groups.length === 0 && expectation !== undefined && expectation.quantity > 0) {
    // Nothing metered on this invoice though there usually is: price the usual consumption as before.
    const kinds = new Set<InvoiceLine['kind']>();
    for (const reference of references) {
      for (const line of reference.lines) if (isPerUnitLine(line, reference)) kinds.add(line.kind);
    }
    for (const kind of kinds) {
      const usual = usualUnitPrice(kind, references) ?? 0;
      groups.push({
        kind,
        quantity: 0,
        amount: 0,
        referencePrice: usual,
        expectedQuantity: expectation.quantity,
      });
    }
  }
  return groups;
}
