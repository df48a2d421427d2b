/**
 * Is this invoice surprising, and what is the difference made of? Pure: the invoice, the customer's
 * stored invoices and the market's settings in, the assessment and its facts out.
 */
import { chargeKey, type InvoiceLine, isPerUnitLine } from './charges.ts';
import { overlapOf, periodDays } from './dates.ts';
import { byIssue, expectedConsumption, priorInvoices } from './expected.ts';
import { seasonalProfileFor } from './seasonal-profile.ts';
import type {
  AssessInvoiceInput,
  ExpectedConsumption,
  InvoiceAssessment,
  InvoiceCauseFact,
  InvoiceExplanationSettings,
  InvoiceIssued,
  OverlappingInvoice,
  SurpriseKind,
} from './types.ts';

/** Most new-charge descriptions and duplicate ids a fact lists (the rest are counted in its amount). */
export const MAX_LISTED = 10;
/** Reference invoices used for usual prices when no consumption says which ones are comparable. */
const RECENT_REFERENCES = 3;

/** Whole cents of an amount. */
function cents(amount: number): number {
  return Math.round(amount * 100);
}

function fromCents(value: number): number {
  return value / 100;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Per-unit lines of one kind (energy, grid, …): their quantity and amount on this invoice. */
interface PerUnitGroup {
  kind: InvoiceLine['kind'];
  quantity: number;
  amount: number;
  /** The unit price the expected amount is priced with. */
  referencePrice: number;
  /** The quantity expected in the period. */
  expectedQuantity: number;
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

/** The usual amount of a charge (by key) over the reference invoices that had it. */
function usualCharge(key: string, references: readonly InvoiceIssued[]): number | undefined {
  let total = 0;
  let invoices = 0;
  for (const reference of references) {
    let sum = 0;
    let found = false;
    for (const line of reference.lines) {
      if (isPerUnitLine(line, reference) || chargeKey(line) !== key) continue;
      sum += line.amount;
      found = true;
    }
    if (found) {
      total += sum;
      invoices += 1;
    }
  }
  return invoices > 0 ? total / invoices : undefined;
}

function perUnitGroups(
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

/**
 * Assesses one invoice: the expected amount (the customer's usual consumption for the season at this
 * invoice's unit prices, plus its recurring charges), whether it is surprising, and the facts that
 * explain it. See docs/invoice-explanations.md for the rules and their settings.
 */
export function assessInvoice(input: AssessInvoiceInput): InvoiceAssessment {
  const { invoice, history, market, productKind, settings } = input;
  const profile = seasonalProfileFor(market, productKind, invoice.consumption?.unit);
  const prior = priorInvoices(invoice, history);
  const hasHistory = prior.length > 0;
  const expectation = expectedConsumption(invoice, prior, profile);
  const referenceIds = new Set(expectation?.referenceInvoiceIds ?? []);
  const references =
    referenceIds.size > 0
      ? prior.filter((other) => referenceIds.has(other.invoiceId))
      : prior.slice(-RECENT_REFERENCES);

  // Per-unit lines: consumption and price.
  const groups = perUnitGroups(invoice, expectation, references, settings);
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
    expected += settings.referencePrices === 'usual' ? (usualCharge(key, references) ?? amount) : amount;
  }

  // To the cent: the fees absorb the rounding, so the three split causes add up to the difference.
  const amountCents = cents(invoice.amount);
  const expectedCents = cents(expected);
  const differenceCents = amountCents - expectedCents;
  const consumptionCents = cents(consumption);
  const priceCents = cents(price);
  const feesCents = differenceCents - consumptionCents - priceCents;

  const baselineKnown = hasHistory && (invoice.consumption === undefined || expectation !== undefined);
  const aboveExpected =
    baselineKnown &&
    differenceCents > 0 &&
    differenceCents >= cents(settings.minimumDifference) &&
    (expectedCents <= 0 || amountCents >= expectedCents * settings.surpriseRatio - 1e-6);
  const estimated = invoice.reading === 'estimated';
  const newCharges = newLines.filter(
    (line) => cents(line.amount) > 0 && line.amount >= settings.newChargeMinimum,
  );
  const duplicates = earlierOverlapping(invoice, history);

  const reasons: SurpriseKind[] = [];
  if (duplicates.length > 0) reasons.push('duplicate');
  if (aboveExpected) reasons.push('above-expected');
  if (aboveExpected && estimated) reasons.push('estimated-reading');
  if (newCharges.length > 0) reasons.push('new-charge');

  const metered = invoice.consumption !== undefined;
  const quantity = groups.reduce((sum, group) => sum + group.quantity, 0);
  const consumedQuantity = invoice.consumption?.quantity ?? 0;
  const causes: InvoiceCauseFact[] = [
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
  if (estimated && aboveExpected)
    causes.push({ code: 'estimated-reading', amount: fromCents(consumptionCents) });
  if (duplicates.length > 0) {
    const days = periodDays(invoice.period);
    const overlapDays = Math.max(
      ...duplicates.map((other) => {
        const overlap = overlapOf(other.period, invoice.period);
        return overlap === undefined ? 0 : periodDays(overlap);
      }),
    );
    causes.push({
      code: 'duplicate',
      amount: fromCents(Math.round((amountCents * overlapDays) / days)),
      invoiceIds: duplicates.slice(0, MAX_LISTED).map((other) => other.invoiceId),
    });
  }
  if (newCharges.length > 0) {
    causes.push({
      code: 'new-charge',
      amount: fromCents(newCharges.reduce((sum, line) => sum + cents(line.amount), 0)),
      descriptions: [...new Set(newCharges.map((line) => line.description))].slice(0, MAX_LISTED),
    });
  }

  return {
    explain: reasons.length > 0,
    reasons,
    facts: {
      invoiceId: invoice.invoiceId,
      currency: invoice.currency,
      amount: invoice.amount,
      expectedAmount: fromCents(expectedCents),
      difference: fromCents(differenceCents),
      causes,
      dueDate: invoice.dueDate,
      period: { from: invoice.period.from, to: invoice.period.to },
      estimatedReading: estimated,
      reasons,
      ...(expectation === undefined ? {} : { basis: expectation.basis }),
    },
    duplicates,
    hasHistory,
  };
}
