import { describe, expect, it } from 'vitest';
import type { InvoiceIssued } from '#domain/contracts/index.ts';
import {
  annualConsumption,
  personalImpact,
  roundCents,
  TYPICAL_ANNUAL_KWH,
} from '#domain/price-changes/index.ts';
import { historyBefore, monthlyInvoice } from '../../helpers/invoice-history.ts';

const base = { productId: 'p-1', market: 'NO', segment: 'household', productKind: 'electricity' } as const;

/** A customer using `kwh` every month, on a flat product (so no season gets in the way). */
function flatHistory(months: number, kwh: number): InvoiceIssued[] {
  return historyBefore('2027-01', months).map((invoice) => ({
    ...invoice,
    consumption: { quantity: kwh, unit: 'kWh' },
  }));
}

describe('annual consumption', () => {
  it('adds up the last twelve months of invoices', () => {
    const result = annualConsumption({ ...base, history: historyBefore('2027-01', 12), asOf: '2027-01-10' });
    expect(result).toEqual({ kWh: 16_300, basis: 'twelve-months', coveredDays: 365 });
  });

  it('counts only the last twelve months when there are more', () => {
    const history = [...historyBefore('2026-01', 12, {}), ...historyBefore('2027-01', 12)].map((invoice) =>
      invoice.period.from < '2026-01-01'
        ? { ...invoice, consumption: { quantity: 99_999, unit: 'kWh' } }
        : invoice,
    );
    expect(annualConsumption({ ...base, history, asOf: '2027-01-10' }).kWh).toBe(16_300);
  });

  it('scales a short history by the season, so three winter months are not four winters', () => {
    const winter = historyBefore('2027-01', 3); // Oct–Dec 2026: 1,300 + 1,600 + 1,900 kWh
    const result = annualConsumption({ ...base, history: winter, asOf: '2027-01-10' });
    expect(result.basis).toBe('short-history');
    expect(result.coveredDays).toBe(92);
    // The Norwegian profile gives Oct–Dec about 29.6 % of a year: 4,800 / 0.296 ≈ 16,200 kWh.
    expect(result.kWh).toBeGreaterThan(15_500);
    expect(result.kWh).toBeLessThan(17_000);
    expect(result.kWh).toBeLessThan(4_800 * 4);
  });

  it('scales a short flat history in proportion to the days it covers', () => {
    const result = annualConsumption({
      ...base,
      productKind: 'electricity',
      market: 'DK',
      history: flatHistory(6, 300),
      asOf: '2027-01-10',
    });
    expect(result.basis).toBe('short-history');
    // Six months of 300 kWh in Denmark's mild profile: somewhat more than 3,600 a year for a summer half.
    expect(result.kWh).toBeGreaterThan(3_400);
    expect(result.kWh).toBeLessThan(3_900);
  });

  it('counts a re-sent invoice for the same month once', () => {
    const history = [
      ...historyBefore('2027-01', 12),
      { ...monthlyInvoice('2026-12'), invoiceId: 'inv-resent', issuedAt: '2027-01-06T06:00:00Z' },
    ];
    expect(annualConsumption({ ...base, history, asOf: '2027-01-10' }).kWh).toBe(16_300);
  });

  it('ignores other products, unmetered invoices and invoices after the notice', () => {
    const history = [
      ...historyBefore('2027-01', 12),
      monthlyInvoice('2026-06', { productId: 'p-2', kwh: 50_000 }),
      { ...monthlyInvoice('2026-07'), invoiceId: 'inv-unmetered', consumption: undefined },
      monthlyInvoice('2027-02', { kwh: 50_000 }),
    ] as InvoiceIssued[];
    expect(annualConsumption({ ...base, history, asOf: '2027-01-10' }).kWh).toBe(16_300);
  });

  it('falls back to a typical year, and says so, when there is no metered invoice', () => {
    for (const market of ['NO', 'SE', 'FI', 'DK'] as const) {
      expect(annualConsumption({ ...base, market, history: [], asOf: '2027-01-10' })).toEqual({
        kWh: TYPICAL_ANNUAL_KWH.household[market],
        basis: 'typical',
        coveredDays: 0,
      });
    }
  });
});

describe('personal impact', () => {
  const change = {
    component: 'energy',
    oldPrice: 0.89,
    newPrice: 1.02,
    alternatives: [
      {
        tariffId: 'fix-12m',
        name: { 'en-GB': 'Fixed' },
        component: 'energy',
        price: 0.95,
        bindingMonths: 12,
      },
      { tariffId: 'spot', name: { 'en-GB': 'Spot' }, component: 'energy', price: 1.1, bindingMonths: 0 },
      {
        tariffId: 'sub',
        name: { 'en-GB': 'Flat fee' },
        component: 'subscription',
        price: 500,
        bindingMonths: 0,
      },
    ],
  } as const;
  const consumption = { kWh: 16_300, basis: 'twelve-months', coveredDays: 365 } as const;

  it('prices the changed component before and after, and the monthly difference is a twelfth', () => {
    const impact = personalImpact({ ...change, alternatives: [...change.alternatives] }, consumption);
    expect(impact).toMatchObject({
      annualConsumption: 16_300,
      consumptionBasis: 'twelve-months',
      annualCostBefore: 14_507,
      annualCostAfter: 16_626,
      monthlyDifference: 176.58,
    });
  });

  it('prices each alternative in the customer’s consumption, with its saving against the new price', () => {
    const impact = personalImpact({ ...change, alternatives: [...change.alternatives] }, consumption);
    expect(impact.alternatives.map((a) => [a.tariffId, a.annualCost, a.annualSaving])).toEqual([
      ['fix-12m', 15_485, 1141],
      ['spot', 17_930, -1304],
    ]);
  });

  it('leaves out an alternative that prices another component (no like-for-like saving exists)', () => {
    const impact = personalImpact({ ...change, alternatives: [...change.alternatives] }, consumption);
    expect(impact.alternatives.map((a) => a.tariffId)).not.toContain('sub');
  });

  it('takes twelve months of a subscription', () => {
    const impact = personalImpact(
      {
        component: 'subscription',
        oldPrice: 39,
        newPrice: 45,
        alternatives: [
          {
            tariffId: 'lite',
            name: { 'sv-SE': 'Bas' },
            component: 'subscription',
            price: 29,
            bindingMonths: 12,
          },
        ],
      },
      undefined,
    );
    expect(impact).toEqual({
      annualCostBefore: 468,
      annualCostAfter: 540,
      monthlyDifference: 6,
      alternatives: [expect.objectContaining({ tariffId: 'lite', annualCost: 348, annualSaving: 192 })],
    });
  });

  it('rounds money to whole cents, half away from zero', () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(176.5833)).toBe(176.58);
  });
});
