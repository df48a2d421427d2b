import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from '#domain/invoices/dates.ts';
import {
  assessInvoice,
  type InvoiceIssued,
  invoiceExplanationSettings,
  REFERENCE_PRICES,
} from '#domain/invoices/index.ts';
import { InvoiceExplanationFactsSchema } from '#templates/invoice-explanation.ts';

const LINE_KINDS = ['energy', 'grid', 'subscription', 'fee', 'tax', 'other'] as const;
const DESCRIPTIONS = ['Strøm', 'Nettleie', 'Fastbeløp', 'Purregebyr', 'Elavgift', 'Flytteavgift', 'Rabatt'];

const line = fc.record({
  kind: fc.constantFrom(...LINE_KINDS),
  description: fc.constantFrom(...DESCRIPTIONS),
  perUnit: fc.boolean(),
  unitCents: fc.integer({ min: 0, max: 500 }),
  fixedCents: fc.integer({ min: -50_000, max: 200_000 }),
});

/** An invoice whose lines add up to its amount, for one month, metered or not. */
const invoiceFor = (month: number, year: number, id: string) =>
  fc
    .record({
      metered: fc.boolean(),
      quantity: fc.integer({ min: 0, max: 20_000 }),
      lines: fc.array(line, { minLength: 1, maxLength: 6 }),
      reading: fc.constantFrom('actual' as const, 'estimated' as const),
      productId: fc.constantFrom('p-1', 'p-1', 'p-1', 'p-2'),
      shiftDays: fc.integer({ min: 0, max: 20 }),
    })
    .map(({ metered, quantity, lines, reading, productId, shiftDays }): InvoiceIssued => {
      const mm = String(month).padStart(2, '0');
      const last = daysInMonth(year, month);
      const built = lines.map((l) => {
        if (metered && l.perUnit) {
          const unitPrice = l.unitCents / 100;
          return {
            kind: l.kind,
            description: l.description,
            quantity,
            unitPrice,
            amount: Math.round(quantity * l.unitCents) / 100,
          };
        }
        return { kind: l.kind, description: l.description, amount: l.fixedCents / 100 };
      });
      const amount = built.reduce((sum, l) => sum + Math.round(l.amount * 100), 0) / 100;
      return {
        invoiceId: id,
        customerId: 'c-1',
        productId,
        currency: 'NOK',
        amount,
        issuedAt: `${year}-${mm}-${String(Math.min(28, 1 + shiftDays)).padStart(2, '0')}T06:00:00Z`,
        dueDate: `${year}-${mm}-28`,
        period: {
          from: `${year}-${mm}-${String(1 + Math.min(shiftDays, last - 1)).padStart(2, '0')}`,
          to: `${year}-${mm}-${last}`,
        },
        ...(metered ? { consumption: { quantity, unit: 'kWh' } } : {}),
        reading,
        lines: built,
      };
    });

const scenario = fc
  .record({
    historyLength: fc.integer({ min: 0, max: 26 }),
    year: fc.integer({ min: 2024, max: 2029 }),
    month: fc.integer({ min: 1, max: 12 }),
  })
  .chain(({ historyLength, year, month }) =>
    fc.record({
      invoice: invoiceFor(month, year, 'inv-now'),
      history: fc.tuple(
        ...Array.from({ length: historyLength }, (_, i) => {
          const index = year * 12 + (month - 1) - (historyLength - i);
          return invoiceFor((index % 12) + 1, Math.floor(index / 12), `inv-${i}`);
        }),
      ),
      market: fc.constantFrom('NO' as const, 'SE' as const, 'FI' as const, 'DK' as const),
      productKind: fc.constantFrom('electricity' as const, 'broadband' as const, undefined),
      referencePrices: fc.constantFrom(...REFERENCE_PRICES),
      surpriseRatio: fc.double({ min: 1.01, max: 3, noNaN: true }),
    }),
  );

const cents = (n: number) => Math.round(n * 100);

describe('invoice explanation facts', () => {
  it('split the difference into consumption, price and fees that add up to it to the cent', () => {
    fc.assert(
      fc.property(scenario, ({ invoice, history, market, productKind, referencePrices, surpriseRatio }) => {
        const { facts } = assessInvoice({
          invoice,
          history: [...history, invoice],
          market,
          productKind,
          settings: invoiceExplanationSettings({ referencePrices, surpriseRatio }),
        });
        const split = facts.causes.filter((c) => ['consumption', 'price', 'fees'].includes(c.code));
        expect(split.map((c) => c.code)).toEqual(['consumption', 'price', 'fees']);
        const sum = split.reduce((total, c) => total + cents(c.amount ?? Number.NaN), 0);
        expect(sum).toBe(cents(facts.difference));
        expect(cents(facts.amount) - cents(facts.expectedAmount)).toBe(cents(facts.difference));
        expect(InvoiceExplanationFactsSchema.safeParse(facts).success).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('explain exactly when there is a reason, and name each reason', () => {
    fc.assert(
      fc.property(scenario, ({ invoice, history, market, productKind, referencePrices }) => {
        const result = assessInvoice({
          invoice,
          history: [...history, invoice],
          market,
          productKind,
          settings: invoiceExplanationSettings({ referencePrices }),
        });
        expect(result.explain).toBe(result.reasons.length > 0);
        expect(result.facts.reasons).toEqual(result.reasons);
        if (result.reasons.includes('above-expected')) {
          expect(cents(result.facts.amount)).toBeGreaterThanOrEqual(
            Math.ceil(cents(result.facts.expectedAmount) * 1.3) - 1,
          );
        }
        if (result.reasons.includes('estimated-reading')) expect(invoice.reading).toBe('estimated');
        if (!result.hasHistory) expect(result.reasons.filter((r) => r !== 'duplicate')).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });
});
