import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessChurnRisk, DEFAULT_RISK_LEVELS, DEFAULT_SIGNAL_WEIGHTS } from '#domain/retention/risk.ts';
import { deriveSignals, riskSignals, type SignalInputs } from '#domain/retention/signals.ts';

const NOW = new Date('2027-03-02T05:00:00Z');
const TODAY = '2027-03-02';

function inputs(overrides: Partial<SignalInputs> = {}): SignalInputs {
  return {
    customerSince: '2025-01-01',
    products: [{ productId: 'p-1', bindingEndsOn: null }],
    sent: [],
    answers: [],
    now: NOW,
    today: TODAY,
    timeZone: 'Europe/Oslo',
    ...overrides,
  };
}

describe('binding-ending', () => {
  it('holds from 60 days before the binding ends, and arose that day', () => {
    const signals = deriveSignals(inputs({ products: [{ productId: 'p-1', bindingEndsOn: '2027-04-20' }] }));
    expect(signals).toEqual([
      {
        code: 'binding-ending',
        arisenOn: '2027-02-19',
        key: 'p-1',
        productId: 'p-1',
        bindingEndsOn: '2027-04-20',
      },
    ]);
  });

  it('does not hold 61 days ahead, after the binding ended, or for an ended contract', () => {
    expect(deriveSignals(inputs({ products: [{ productId: 'p-1', bindingEndsOn: '2027-05-02' }] }))).toEqual(
      [],
    );
    expect(deriveSignals(inputs({ products: [{ productId: 'p-1', bindingEndsOn: '2027-03-01' }] }))).toEqual(
      [],
    );
    expect(
      deriveSignals(
        inputs({
          products: [{ productId: 'p-1', bindingEndsOn: '2027-04-20' }],
          endedProductIds: new Set(['p-1']),
        }),
      ),
    ).toEqual([]);
  });

  it('holds on the 60th day and on the day the binding ends', () => {
    expect(
      deriveSignals(inputs({ products: [{ productId: 'p-1', bindingEndsOn: '2027-05-01' }] })),
    ).toHaveLength(1);
    expect(deriveSignals(inputs({ products: [{ productId: 'p-1', bindingEndsOn: TODAY }] }))).toHaveLength(1);
  });
});

describe('price-increase', () => {
  const notice = (sentAt: string, before: number, after: number) => ({
    kind: 'price-change-notice',
    sentAt,
    facts: {
      priceChangeId: 'pc-1',
      productId: 'p-1',
      component: 'energy',
      oldPrice: 0.89,
      newPrice: 1.02,
      effectiveDate: '2027-02-01',
      annualCostBefore: before,
      annualCostAfter: after,
    },
  });

  it('holds for a notice of a higher annual cost sent in the last 90 days, on its local date', () => {
    const [signal] = deriveSignals(inputs({ sent: [notice('2027-01-09T23:30:00Z', 14_240, 16_320)] }));
    expect(signal).toMatchObject({
      code: 'price-increase',
      // 23:30Z is 00:30 the next day in Oslo.
      arisenOn: '2027-01-10',
      oldPrice: 0.89,
      newPrice: 1.02,
      effectiveDate: '2027-02-01',
      productId: 'p-1',
    });
  });

  it('does not hold for a lower price, or a notice sent more than 90 days ago', () => {
    expect(deriveSignals(inputs({ sent: [notice('2027-01-10T09:00:00Z', 16_320, 14_240)] }))).toEqual([]);
    expect(deriveSignals(inputs({ sent: [notice('2026-12-01T09:00:00Z', 14_240, 16_320)] }))).toEqual([]);
  });
});

describe('high-invoice, support-delay and detractor', () => {
  it('each holds for 90 days from the day it was sent or answered', () => {
    const signals = deriveSignals(
      inputs({
        sent: [
          {
            kind: 'invoice-explanation',
            sentAt: '2027-01-05T08:00:00Z',
            facts: { invoiceId: 'inv-1', amount: 2400, expectedAmount: 1500 },
          },
          { kind: 'support-delay-notice', sentAt: '2027-02-10T12:00:00Z', facts: { ticketId: 't-1' } },
          { kind: 'survey-request', sentAt: '2027-02-11T12:00:00Z', facts: {} },
        ],
        answers: [{ surveyId: 's-1', scale: 'nps-10', score: 6, respondedAt: '2027-02-12T18:00:00Z' }],
      }),
    );
    expect(signals.map((signal) => [signal.code, signal.arisenOn])).toEqual([
      ['detractor', '2027-02-12'],
      ['high-invoice', '2027-01-05'],
      ['support-delay', '2027-02-10'],
    ]);
  });

  it('a CSAT of 3 or an NPS of 7 is no detractor; CSAT 2 is', () => {
    const answers = [
      { surveyId: 's-1', scale: 'csat-5' as const, score: 3, respondedAt: '2027-02-12T18:00:00Z' },
      { surveyId: 's-2', scale: 'nps-10' as const, score: 7, respondedAt: '2027-02-12T18:00:00Z' },
    ];
    expect(deriveSignals(inputs({ answers }))).toEqual([]);
    const csat2 = [
      { surveyId: 's-3', scale: 'csat-5' as const, score: 2, respondedAt: '2027-02-12T18:00:00Z' },
    ];
    expect(deriveSignals(inputs({ answers: csat2 }))[0]?.code).toBe('detractor');
  });
});

describe('long-tenure', () => {
  it('holds from 36 months, arose on that anniversary, and is no risk signal', () => {
    const signals = deriveSignals(inputs({ customerSince: '2019-03-01' }));
    expect(signals).toEqual([
      {
        code: 'long-tenure',
        arisenOn: '2022-03-01',
        key: 'tenure',
        tenureMonths: 96,
        customerSince: '2019-03-01',
      },
    ]);
    expect(riskSignals(signals)).toEqual([]);
    expect(deriveSignals(inputs({ customerSince: '2024-03-03' }))).toEqual([]);
  });
});

describe('churnRisk', () => {
  it('is none without signals, low with one, medium with two, high with three or a detractor and one more', () => {
    expect(assessChurnRisk([]).churnRisk).toBe('none');
    expect(assessChurnRisk([{ code: 'long-tenure' }]).churnRisk).toBe('none');
    expect(assessChurnRisk([{ code: 'binding-ending' }]).churnRisk).toBe('low');
    expect(assessChurnRisk([{ code: 'binding-ending' }, { code: 'high-invoice' }]).churnRisk).toBe('medium');
    expect(assessChurnRisk([{ code: 'detractor' }]).churnRisk).toBe('medium');
    expect(assessChurnRisk([{ code: 'detractor' }, { code: 'support-delay' }]).churnRisk).toBe('high');
  });

  it('counts a signal seen twice once, and follows the configured weights and levels', () => {
    expect(assessChurnRisk([{ code: 'high-invoice' }, { code: 'high-invoice' }]).score).toBe(1);
    const weights = { ...DEFAULT_SIGNAL_WEIGHTS, 'price-increase': 3 };
    expect(assessChurnRisk([{ code: 'price-increase' }], weights).churnRisk).toBe('high');
    expect(
      assessChurnRisk([{ code: 'price-increase' }], weights, { low: 4, medium: 5, high: 6 }).churnRisk,
    ).toBe('none');
  });

  it('never falls when a signal is added (property)', () => {
    const codes = [
      'binding-ending',
      'price-increase',
      'high-invoice',
      'support-delay',
      'detractor',
      'long-tenure',
    ] as const;
    const order = ['none', 'low', 'medium', 'high'];
    fc.assert(
      fc.property(fc.subarray([...codes]), fc.constantFrom(...codes), (held, extra) => {
        const before = assessChurnRisk(
          held.map((code) => ({ code })),
          DEFAULT_SIGNAL_WEIGHTS,
          DEFAULT_RISK_LEVELS,
        );
        const after = assessChurnRisk(
          [...held, extra].map((code) => ({ code })),
          DEFAULT_SIGNAL_WEIGHTS,
          DEFAULT_RISK_LEVELS,
        );
        expect(order.indexOf(after.churnRisk)).toBeGreaterThanOrEqual(order.indexOf(before.churnRisk));
      }),
    );
  });
});
