/**
 * What an invoice is compared with, worked out once for every detector: the earlier invoices that count,
 * the expected consumption and amount, the difference split into consumption, price and fees (in whole
 * cents), the charges the product never had before, and the earlier invoices whose periods it overlaps.
 */
import { cents, fromCents, round } from './cents.ts';
import { chargeKey, type InvoiceLine, isPerUnitLine } from './charges.ts';
import { overlapOf } from './dates.ts';
import { byIssue, expectedConsumption, priorInvoices } from './expected.ts';
import { atNewLevel, type CompareWith, lastingChangeBefore } from './lasting-change.ts';
import { type PerUnitGroup, perUnitGroups, usualCharge } from './reference-prices.ts';
import { seasonalProfileFor } from './seasonal-profile.ts';
import type {
  AssessInvoiceInput,
  ExpectedConsumption,
  InvoiceCauseFact,
  InvoiceExplanationSettings,
  InvoiceIssued,
  OverlappingInvoice,
} from './types.ts';

/** Reference invoices used for usual prices when no consumption says which ones are comparable. */
const RECENT_REFERENCES = 3;

/** An invoice against its history: what every detector reads (see detectors/detector.ts). */
export interface InvoiceComparison {
  /** The earlier invoices of the same product that count ({@link priorInvoices}). */
  prior: InvoiceIssued[];
  /** Whether there was any earlier invoice of the product to compare with. */
  hasHistory: boolean;
  /** The expected consumption of the period; undefined when not metered or nothing to draw it from. */
  expectation: ExpectedConsumption | undefined;
  /** The per-unit lines by kind, with the price and quantity each is expected at. */
  groups: PerUnitGroup[];
  /** Lines that are not per unit and that the product's earlier invoices never had (none on a first invoice). */
  newLines: InvoiceLine[];
  /** Earlier-issued invoices of the same product whose periods overlap this one's ({@link earlierOverlapping}). */
  duplicates: OverlappingInvoice[];
  /** The invoice's amount, in whole cents. */
  amountCents: number;
  /** The expected amount, in whole cents. */
  expectedCents: number;
  /** `amountCents − expectedCents`. */
  differenceCents: number;
  /** The split of the difference: consumption, price, and fees (the rest, so the three add up). */
  consumptionCents: number;
  priceCents: number;
  feesCents: number;
}

/**
 * The earlier invoices of the same product whose periods overlap this one's and that were issued
 * before it (so of two overlapping invoices, only the later one is the duplicate).
 */
export function earlierOverlapping(
  invoice: InvoiceIssued,
  history: readonly InvoiceIssued[],
): OverlappingInvoice[] {
  return history
    .filter(
      (other) =>
        other.productId === invoice.productId &&
        other.invoiceId !== invoice.invoiceId &&
        overlapOf(other.period, invoice.period) !== undefined &&
        byIssue(other, invoice) < 0,
    )
    .sort(byIssue)
    .map((other) => ({ invoiceId: other.invoiceId, period: other.period, amount: other.amount }));
}

/**
 * Compares an invoice with the customer's history: the expected amount (the usual consumption for the
 * season at this invoice's unit prices, plus its recurring charges) and what the difference is made of.
 */
export function compareInvoice(input: AssessInvoiceInput): InvoiceComparison {
  const { invoice, history, market, productKind, settings } = input;
  const profile =
    input.learnedProfile?.weights ?? seasonalProfileFor(market, productKind, invoice.consumption?.unit);
  const prior = priorInvoices(invoice, history);
  const base = expectedConsumption(invoice, prior, profile);
  // After an explained consumption change, its new level is the expectation while it holds.
  const compareWith: CompareWith = (other, expectation) =>
    compareWithExpectation(
      { ...input, invoice: other },
      prior.filter((earlier) => earlier.period.to < other.period.from),
      expectation,
    );
  const level =
    base === undefined ? undefined : lastingChangeBefore(invoice, prior, profile, settings, compareWith);
  const expectation =
    base === undefined || level === undefined ? base : atNewLevel(invoice, prior, level, base, profile);
  return compareWithExpectation(input, prior, expectation);
}

/** {@link compareInvoice} with the expected consumption given (and the prior invoices already found). */
function compareWithExpectation(
  input: AssessInvoiceInput,
  prior: InvoiceIssued[],
  expectation: ExpectedConsumption | undefined,
): InvoiceComparison {
  const { invoice, history, settings } = input;
  const hasHistory = prior.length > 0;
  const referenceIds = new Set(expectation?.referenceInvoiceIds ?? []);
  const references =
    referenceIds.size > 0
      ? prior.filter((other) => referenceIds.has(other.invoiceId))
      : prior.slice(-RECENT_REFERENCES);

  // The usual prices of the season exist only where the same season was invoiced before; without it (a
  // short history) stille cannot tell a price spike from the season's price, so this invoice's count.
  const pricing: InvoiceExplanationSettings =
    settings.referencePrices === 'usual' &&
    invoice.consumption !== undefined &&
    expectation?.basis !== 'same-season'
      ? { ...settings, referencePrices: 'invoice' }
      : settings;

  // Per-unit lines: consumption and price.
  const groups = perUnitGroups(invoice, expectation, references, pricing);
  let expected = 0;
  let consumption = 0;
  let price = 0;
  for (const group of groups) {
    expected += group.expectedQuantity * group.referencePrice;
    consumption += (group.quantity - group.expectedQuantity) * group.referencePrice;
    price +=
      (group.amount / Math.max(group.quantity, Number.MIN_VALUE) - group.referencePrice) * group.quantity;
  }

  // Charges: recurring ones are expected; one the product never had before is new.
  const known = new Set<string>();
  for (const other of prior)
    for (const line of other.lines) if (!isPerUnitLine(line, other)) known.add(chargeKey(line));
  const newLines: InvoiceLine[] = [];
  const recurringKeys = new Map<string, number>();
  for (const line of invoice.lines) {
    if (isPerUnitLine(line, invoice)) continue;
    const key = chargeKey(line);
    if (hasHistory && !known.has(key)) {
      newLines.push(line);
      continue;
    }
    recurringKeys.set(key, (recurringKeys.get(key) ?? 0) + line.amount);
  }
  for (const [key, amount] of recurringKeys) {
    expected +=
      pricing.referencePrices === 'usual' ? (usualCharge(key, references, invoice.period) ?? amount) : amount;
  }

  // To the cent: the fees absorb the rounding, so the three split causes add up to the difference.
  const amountCents = cents(invoice.amount);
  const expectedCents = cents(expected);
  const differenceCents = amountCents - expectedCents;
  const consumptionCents = cents(consumption);
  const priceCents = cents(price);
  const feesCents = differenceCents - consumptionCents - priceCents;

  return {
    prior,
    hasHistory,
    expectation,
    groups,
    newLines,
    duplicates: earlierOverlapping(invoice, history),
    amountCents,
    expectedCents,
    differenceCents,
    consumptionCents,
    priceCents,
    feesCents,
  };
}

/** The `consumption`, `price` and `fees` causes: they add up to the difference, and every invoice's facts carry them. */
export function splitCauses(invoice: InvoiceIssued, comparison: InvoiceComparison): InvoiceCauseFact[] {
  const { expectation, groups, consumptionCents, priceCents, feesCents } = comparison;
  const metered = invoice.consumption !== undefined;
  const quantity = groups.reduce((sum, group) => sum + group.quantity, 0);
  const consumedQuantity = invoice.consumption?.quantity ?? 0;
  return [
    {
      code: 'consumption',
      amount: fromCents(consumptionCents),
      ...(metered && invoice.consumption
        ? {
            quantity: round(consumedQuantity, 2),
            expectedQuantity: round(expectation?.quantity ?? consumedQuantity, 2),
            unit: invoice.consumption.unit,
          }
        : {}),
    },
    {
      code: 'price',
      amount: fromCents(priceCents),
      ...(metered && invoice.consumption && quantity > 0 && consumedQuantity > 0
        ? {
            unitPrice: round(groups.reduce((sum, g) => sum + g.amount, 0) / consumedQuantity, 4),
            expectedUnitPrice: round(
              groups.reduce((sum, g) => sum + g.referencePrice * g.quantity, 0) / consumedQuantity,
              4,
            ),
            unit: invoice.consumption.unit,
          }
        : {}),
    },
    { code: 'fees', amount: fromCents(feesCents) },
  ];
}
