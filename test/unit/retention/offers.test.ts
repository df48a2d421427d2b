import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type OfferCatalogPublished,
  OfferCatalogPublishedSchema,
  type RetentionOffer,
} from '#domain/contracts/index.ts';
import { type EvaluationInputs, evaluate } from '#domain/retention/evaluate.ts';
import { chooseOffer, ineligibility, type OfferCustomer, offerValue } from '#domain/retention/offers.ts';
import { DEFAULT_RISK_LEVELS, DEFAULT_SIGNAL_WEIGHTS } from '#domain/retention/risk.ts';
import type { SignalOccurrence } from '#domain/retention/signals.ts';

const TODAY = '2027-03-02';
const NOW = new Date('2027-03-02T05:00:00Z');

function catalog(offers: unknown[]): OfferCatalogPublished {
  return OfferCatalogPublishedSchema.parse({ catalogId: '2027-03', offers });
}

const FIXED = {
  offerId: 'fix-24m-no',
  name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
  market: 'NO',
  eligibility: {
    segments: ['household'],
    productKinds: ['electricity'],
    signals: ['binding-ending', 'price-increase'],
  },
  benefit: { type: 'tariff', tariffId: 'fix-24m', component: 'energy', price: 0.95, bindingMonths: 24 },
  validUntil: '2027-06-30',
};
const DISCOUNT = {
  offerId: 'loyal-10',
  name: { 'nb-NO': '10 % rabatt' },
  market: 'NO',
  benefit: { type: 'discount', percent: 10, months: 12 },
  validUntil: '2027-06-30',
};
const BONUS = {
  offerId: 'bonus-500',
  name: { 'nb-NO': 'Lojalitetsbonus' },
  market: 'NO',
  eligibility: { minTenureMonths: 36, signals: ['long-tenure'] },
  benefit: { type: 'bonus', amount: 500 },
  validUntil: '2027-06-30',
  automatic: false,
};

const [fixed, discount, bonus] = catalog([FIXED, DISCOUNT, BONUS]).offers as [
  RetentionOffer,
  RetentionOffer,
  RetentionOffer,
];

const customer: OfferCustomer = {
  market: 'NO',
  segment: 'household',
  customerSince: '2019-03-01',
  products: [{ productId: 'p-1', kind: 'electricity', tariffId: 'var-no1' }],
};
const priceIncrease: SignalOccurrence = { code: 'price-increase', arisenOn: '2027-02-28', key: 'pc-1' };
const longTenure: SignalOccurrence = { code: 'long-tenure', arisenOn: '2022-03-01', key: 'tenure' };

describe('Offer Catalog Published', () => {
  it('defaults the holdout to 10 % and offers to automatic', () => {
    const parsed = catalog([DISCOUNT]);
    expect(parsed.holdoutPercent).toBe(10);
    expect(parsed.offers[0]?.automatic).toBe(true);
  });

  it('rejects a holdout above 50 and an unknown benefit, each at its field', () => {
    const result = OfferCatalogPublishedSchema.safeParse({
      catalogId: 'c',
      holdoutPercent: 60,
      offers: [DISCOUNT, { ...DISCOUNT, offerId: 'x', benefit: { type: 'gift' } }],
    });
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['holdoutPercent', 'offers.1.benefit.type']));
  });

  it('rejects an offer id that appears twice', () => {
    const result = OfferCatalogPublishedSchema.safeParse({ catalogId: 'c', offers: [DISCOUNT, DISCOUNT] });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['offers.1.offerId']);
  });

  it('rejects an automatic offer started by long tenure alone', () => {
    const result = OfferCatalogPublishedSchema.safeParse({
      catalogId: 'c',
      offers: [{ ...BONUS, automatic: true }],
    });
    expect(result.success).toBe(false);
  });
});

describe('eligibility', () => {
  it('checks expiry, market, segment, tenure, signals and product, in that order', () => {
    expect(ineligibility(fixed, customer, [priceIncrease], TODAY)).toBeUndefined();
    expect(ineligibility(fixed, customer, [priceIncrease], '2027-07-01')).toBe('expired');
    expect(ineligibility(fixed, { ...customer, market: 'SE' }, [priceIncrease], TODAY)).toBe('market');
    expect(ineligibility(fixed, { ...customer, segment: 'business' }, [priceIncrease], TODAY)).toBe(
      'segment',
    );
    expect(ineligibility(bonus, { ...customer, customerSince: '2025-01-01' }, [longTenure], TODAY)).toBe(
      'tenure',
    );
    expect(ineligibility(fixed, customer, [{ code: 'high-invoice', arisenOn: TODAY, key: 'i' }], TODAY)).toBe(
      'signals',
    );
    const broadband = {
      ...customer,
      products: [{ productId: 'p-2', kind: 'broadband' as const, tariffId: 'bb' }],
    };
    expect(ineligibility(fixed, broadband, [priceIncrease], TODAY)).toBe('product');
    const ended = { ...customer, endedProductIds: new Set(['p-1']) };
    expect(ineligibility(fixed, ended, [priceIncrease], TODAY)).toBe('product');
  });

  it('an offer naming no signals takes any risk signal, never long tenure alone', () => {
    expect(ineligibility(discount, customer, [priceIncrease], TODAY)).toBeUndefined();
    expect(ineligibility(discount, customer, [longTenure], TODAY)).toBe('signals');
  });

  it('never offers a customer the tariff they are on', () => {
    const onFixed = {
      ...customer,
      products: [{ productId: 'p-1', kind: 'electricity' as const, tariffId: 'fix-24m' }],
    };
    expect(ineligibility(fixed, onFixed, [priceIncrease], TODAY)).toBe('product');
  });
});

describe('annualValue', () => {
  const consumption = { kWh: 16_000, basis: 'twelve-months' as const, coveredDays: 365 };

  it('tariff on energy: (current − offer) × annual consumption', () => {
    const value = offerValue(fixed.benefit, { currentPrice: { energy: 1.02 }, consumption });
    expect(value).toMatchObject({
      annualValue: 1120,
      currentPrice: 1.02,
      offerPrice: 0.95,
      annualConsumption: 16_000,
    });
  });

  it('tariff on subscription: 12 × (current − offer)', () => {
    const benefit = {
      type: 'tariff' as const,
      tariffId: 'bb-f',
      component: 'subscription' as const,
      price: 449,
      bindingMonths: 12,
    };
    expect(offerValue(benefit, { currentPrice: { subscription: 499 } }).annualValue).toBe(600);
  });

  it('discount: percent × the last 12 months invoiced × min(months, 12) / 12', () => {
    expect(offerValue(discount.benefit, { currentPrice: {}, invoicedLast12Months: 24_000 }).annualValue).toBe(
      2400,
    );
    const six = { type: 'discount' as const, percent: 10, months: 6 };
    expect(offerValue(six, { currentPrice: {}, invoicedLast12Months: 24_000 }).annualValue).toBe(1200);
    const long = { type: 'discount' as const, percent: 10, months: 24 };
    expect(offerValue(long, { currentPrice: {}, invoicedLast12Months: 24_000 }).annualValue).toBe(2400);
  });

  it('bonus: the amount', () => {
    expect(offerValue(bonus.benefit, { currentPrice: {} }).annualValue).toBe(500);
  });

  it('is nothing without the customer’s own numbers, and nothing when the offer costs more', () => {
    expect(offerValue(fixed.benefit, { currentPrice: {} }).annualValue).toBe(0);
    expect(offerValue(fixed.benefit, { currentPrice: { energy: 1.02 } }).annualValue).toBe(0);
    expect(offerValue(discount.benefit, { currentPrice: {} }).annualValue).toBe(0);
    expect(offerValue(fixed.benefit, { currentPrice: { energy: 0.9 }, consumption }).annualValue).toBe(-800);
  });
});

describe('the choice', () => {
  const numbers = new Map([
    [
      'p-1',
      {
        currentPrice: { energy: 1.02 },
        consumption: { kWh: 16_000, basis: 'twelve-months' as const, coveredDays: 365 },
        invoicedLast12Months: 24_000,
      },
    ],
  ]);

  it('takes the eligible offer worth most to the customer', () => {
    expect(
      chooseOffer({ offers: [fixed, discount], customer, signals: [priceIncrease], today: TODAY, numbers })
        ?.offer.offerId,
    ).toBe('loyal-10');
    const smaller = new Map([
      ['p-1', { ...numbers.get('p-1'), currentPrice: { energy: 1.02 }, invoicedLast12Months: 5000 }],
    ]);
    expect(
      chooseOffer({
        offers: [fixed, discount],
        customer,
        signals: [priceIncrease],
        today: TODAY,
        numbers: smaller,
      })?.offer.offerId,
    ).toBe('fix-24m-no');
  });

  it('sends nothing when no eligible offer is worth more than 0 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.95, noNaN: true }), (current) => {
        const cheap = new Map([
          [
            'p-1',
            {
              currentPrice: { energy: current },
              consumption: { kWh: 5000, basis: 'twelve-months' as const, coveredDays: 365 },
            },
          ],
        ]);
        expect(
          chooseOffer({ offers: [fixed], customer, signals: [priceIncrease], today: TODAY, numbers: cheap }),
        ).toBeUndefined();
      }),
    );
  });

  it('never picks an expired offer', () => {
    expect(
      chooseOffer({
        offers: [fixed, discount],
        customer,
        signals: [priceIncrease],
        today: '2027-07-01',
        numbers,
      }),
    ).toBeUndefined();
  });
});

describe('evaluate (the program)', () => {
  const base: EvaluationInputs = {
    customer: {
      customerId: 'c-1',
      market: 'NO',
      segment: 'household',
      customerSince: '2019-03-01',
      timeZone: 'Europe/Oslo',
      products: [{ productId: 'p-1', kind: 'electricity', tariffId: 'var-no1', bindingEndsOn: '2027-04-20' }],
    },
    sent: [],
    answers: [],
    now: NOW,
    today: TODAY,
    weights: DEFAULT_SIGNAL_WEIGHTS,
    levels: DEFAULT_RISK_LEVELS,
    catalogId: '2027-03',
    currency: 'NOK',
    mode: { kind: 'program', offers: [fixed, discount, bonus] },
  };
  const invoices = Array.from({ length: 12 }, (_, month) => {
    const from = `2026-${String(month + 1).padStart(2, '0')}-01`;
    const to = new Date(Date.UTC(2026, month + 1, 0)).toISOString().slice(0, 10);
    return {
      invoiceId: `inv-${month}`,
      customerId: 'c-1',
      productId: 'p-1',
      currency: 'NOK' as const,
      amount: 1382.67,
      issuedAt: `${to}T08:00:00Z`,
      dueDate: to,
      period: { from, to },
      consumption: { quantity: 1333.33, unit: 'kWh' },
      reading: 'actual' as const,
      lines: [
        {
          kind: 'energy' as const,
          description: 'Strøm',
          quantity: 1333.33,
          unitPrice: 1.02,
          amount: 1359.99,
        },
      ],
    };
  }).map((invoice) => ({ ...invoice, amount: 1359.99 }));

  it('offers the best automatic offer with facts that name the signals and the numbers', () => {
    const result = evaluate(base, invoices);
    expect(result.assessment.churnRisk).toBe('low');
    expect(result.decision.offer).toBe(true);
    if (!result.decision.offer) return;
    const facts = result.decision.facts;
    expect(facts).toMatchObject({
      offerId: 'loyal-10',
      productId: 'p-1',
      currency: 'NOK',
      reasons: ['binding-ending'],
      offer: { validUntil: '2027-06-30', benefit: { type: 'discount', percent: 10, months: 12 } },
      automatic: true,
    });
    // 10 % of the 10 invoices of 1,359.99 issued in the 12 months up to today (March to December).
    expect(facts.annualValue).toBeCloseTo(1359.99, 2);
    expect(facts.value.invoicedLast12Months).toBeCloseTo(13_599.9, 2);
    expect(facts.signals[0]).toMatchObject({ code: 'binding-ending', bindingEndsOn: '2027-04-20' });
  });

  it('offers nothing again for signals it already evaluated under this catalog, and again under a new one', () => {
    const first = evaluate(base, invoices);
    const stored = { signalKeys: first.signalKeys, catalogId: '2027-03' };
    const again = evaluate({ ...base, customer: { ...base.customer, stored } }, invoices);
    expect(again.decision).toEqual({ offer: false, reason: 'no-new-signal' });
    const newCatalog = evaluate(
      { ...base, catalogId: '2027-04', customer: { ...base.customer, stored } },
      invoices,
    );
    expect(newCatalog.decision.offer).toBe(true);
  });

  it('offers nothing within 90 days of a retention offer', () => {
    const sent = [{ kind: 'retention-offer', sentAt: '2027-01-10T09:00:00Z', facts: {} }];
    expect(evaluate({ ...base, sent }, invoices).decision).toEqual({
      offer: false,
      reason: 'recently-offered',
    });
    const older = [{ kind: 'retention-offer', sentAt: '2026-11-30T09:00:00Z', facts: {} }];
    expect(evaluate({ ...base, sent: older }, invoices).decision.offer).toBe(true);
  });

  it('never sends a campaign-only offer automatically', () => {
    const onlyBonus = evaluate({ ...base, mode: { kind: 'program', offers: [bonus] } }, invoices);
    expect(onlyBonus.decision.offer).toBe(false);
    const campaign = evaluate({ ...base, mode: { kind: 'campaign', offer: bonus } }, invoices);
    expect(campaign.decision.offer).toBe(true);
  });
});
