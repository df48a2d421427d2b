import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '#domain/contracts/index.ts';
import { invoiceIssued } from './fixtures.ts';

const LINE_KINDS = ['energy', 'grid', 'subscription', 'fee', 'tax', 'other'] as const;

/** Line amounts in whole cents (credits included), up to one million in the major unit. */
const lineCents = fc.array(fc.integer({ min: -100_000_000, max: 100_000_000 }), {
  minLength: 1,
  maxLength: 200,
});

function invoiceWith(cents: readonly number[], amount: number): Record<string, unknown> {
  return {
    ...invoiceIssued(),
    amount,
    lines: cents.map((c, i) => ({
      kind: LINE_KINDS[i % LINE_KINDS.length],
      description: `Line ${i + 1}`,
      amount: c / 100,
    })),
  };
}

function totalOf(cents: readonly number[]): number {
  return cents.reduce((sum, c) => sum + c, 0) / 100;
}

describe('Invoice Issued lines and amount', () => {
  it('accepts any invoice whose lines add up to its amount', () => {
    fc.assert(
      fc.property(lineCents, (cents) => {
        const result = validateEvent('Invoice Issued', invoiceWith(cents, totalOf(cents)));
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('accepts an amount off by at most 0.01 from the lines', () => {
    // Amounts have at most two decimals: off by at most one cent.
    fc.assert(
      fc.property(lineCents, fc.integer({ min: -1, max: 1 }), (cents, offsetCents) => {
        const amount = (cents.reduce((sum, c) => sum + c, 0) + offsetCents) / 100;
        const result = validateEvent('Invoice Issued', invoiceWith(cents, amount));
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('rejects at path amount an amount off by more than 0.01 from the lines', () => {
    // Amounts have at most two decimals: off by two cents or more.
    const offByCents = fc.integer({ min: 2, max: 10_000_000 });
    fc.assert(
      fc.property(lineCents, offByCents, fc.boolean(), (cents, distance, upwards) => {
        const amount = (cents.reduce((sum, c) => sum + c, 0) + (upwards ? distance : -distance)) / 100;
        const result = validateEvent('Invoice Issued', invoiceWith(cents, amount));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.errors).toEqual([
            {
              path: 'amount',
              message: `lines add up to ${totalOf(cents).toFixed(2)} but amount is ${amount.toFixed(2)}`,
            },
          ]);
        }
      }),
    );
  });
});
