import { describe, expect, it } from 'vitest';
import {
  type AssessInvoiceInput,
  assessInvoice,
  DEFAULT_INVOICE_EXPLANATION_SETTINGS,
  duplicateInvoiceAlert,
  explanationRequest,
  invoiceExplanationSettings,
} from '#domain/invoices/index.ts';
import type { InvoiceIssued } from '#domain/invoices/types.ts';
import { InvoiceExplanationFactsSchema } from '#templates/invoice-explanation.ts';
import { monthlyInvoice, seasonalHistory } from './fixtures.ts';

const TWO_YEARS = seasonalHistory('2025-01', 24, 16_000);

function assess(overrides: Partial<AssessInvoiceInput> & Pick<AssessInvoiceInput, 'invoice'>) {
  return assessInvoice({
    history: TWO_YEARS,
    market: 'NO',
    productKind: 'electricity',
    settings: DEFAULT_INVOICE_EXPLANATION_SETTINGS,
    ...overrides,
  });
}

const causeOf = (result: ReturnType<typeof assess>, code: string) =>
  result.facts.causes.find((cause) => cause.code === code);

describe('assessInvoice', () => {
  it('does not explain a January invoice twice the size of July when last January was the same', () => {
    const july = monthlyInvoice({ month: '2026-07', quantity: 880 });
    const january = monthlyInvoice({ month: '2027-01', quantity: 1_870 });
    const result = assess({ invoice: january });
    expect(january.amount).toBeGreaterThan(2 * july.amount);
    expect(result.explain).toBe(false);
    expect(result.reasons).toEqual([]);
    expect(result.facts.basis).toBe('same-season');
  });

  it('compares with the same month of earlier years, averaging them', () => {
    const result = assess({ invoice: monthlyInvoice({ month: '2027-01', quantity: 1_870 }) });
    // January 2025 and 2026 both used round(16000/12 × 1.4) = 1867 kWh.
    expect(causeOf(result, 'consumption')?.expectedQuantity).toBe(1_867);
  });

  it('explains an invoice at least 30 % above the expected amount, as consumption', () => {
    const result = assess({ invoice: monthlyInvoice({ month: '2027-01', quantity: 2_900 }) });
    expect(result.explain).toBe(true);
    expect(result.reasons).toEqual(['above-expected']);
    expect(result.facts.amount).toBeGreaterThanOrEqual(result.facts.expectedAmount * 1.3);
    expect(causeOf(result, 'consumption')?.amount).toBeCloseTo(result.facts.difference, 2);
  });

  it('does not explain an invoice 25 % above the expected amount', () => {
    const expected = assess({ invoice: monthlyInvoice({ month: '2027-01', quantity: 1_867 }) }).facts
      .expectedAmount;
    const result = assess({
      invoice: monthlyInvoice({ month: '2027-01', quantity: Math.round(1_867 * 1.25) }),
    });
    expect(result.facts.amount / expected).toBeLessThan(1.3);
    expect(result.explain).toBe(false);
  });

  it('explains a price spike: the usual consumption at the usual unit prices is what the customer expects', () => {
    // Energy 0.90 → 1.60 per kWh on the usual 1,867 kWh: the amount is 55 % above the usual January.
    const result = assess({ invoice: monthlyInvoice({ month: '2027-01', quantity: 1_867, unitPrice: 1.6 }) });
    expect(result.explain).toBe(true);
    expect(result.reasons).toEqual(['above-expected']);
    expect(result.facts.amount).toBeGreaterThanOrEqual(result.facts.expectedAmount * 1.3);
    expect(causeOf(result, 'price')?.amount).toBeCloseTo(0.7 * 1_867, 2);
    expect(causeOf(result, 'price')).toMatchObject({ unitPrice: 1.95, expectedUnitPrice: 1.25, unit: 'kWh' });
    expect(causeOf(result, 'consumption')?.amount).toBe(0);
    expect(result.facts.priceNotice).toBeUndefined();
  });

  it('splits a spike in price and consumption in the usual prices, adding up to the cent', () => {
    const result = assess({ invoice: monthlyInvoice({ month: '2027-01', quantity: 2_300, unitPrice: 1.4 }) });
    const cents = (code: string) => Math.round((causeOf(result, code)?.amount ?? 0) * 100);
    // Consumption at the usual 1.25 per kWh; the price on this invoice's 2,300 kWh.
    expect(cents('consumption')).toBe(Math.round((2_300 - 1_867) * 1.25 * 100));
    expect(cents('price')).toBe(Math.round(0.5 * 2_300 * 100));
    expect(cents('consumption') + cents('price') + cents('fees')).toBe(
      Math.round(result.facts.difference * 100),
    );
  });

  it('says the price was announced when a price-change notice for the product took effect in the period', () => {
    const invoice = monthlyInvoice({ month: '2027-01', quantity: 1_867, unitPrice: 1.6 });
    const notice = {
      productId: 'p-1',
      tariffId: 'el-spot',
      noticeDate: '2026-11-20',
      effectiveDate: '2027-01-01',
    };
    const told = assess({ invoice, priceNotices: [notice] });
    expect(told.explain).toBe(true);
    expect(told.facts.priceNotice).toEqual({ noticeDate: '2026-11-20', effectiveDate: '2027-01-01' });
    // Another product's notice, or one effective outside the period, is not about this invoice.
    expect(
      assess({ invoice, priceNotices: [{ ...notice, productId: 'p-2' }] }).facts.priceNotice,
    ).toBeUndefined();
    expect(
      assess({ invoice, priceNotices: [{ ...notice, effectiveDate: '2027-02-01' }] }).facts.priceNotice,
    ).toBeUndefined();
    // A notice of the tariff without a product counts when the invoice's product has that tariff.
    const byTariff = { tariffId: 'el-spot', noticeDate: '2026-11-21', effectiveDate: '2027-01-15' };
    expect(assess({ invoice, tariffId: 'el-spot', priceNotices: [byTariff] }).facts.priceNotice).toEqual({
      noticeDate: '2026-11-21',
      effectiveDate: '2027-01-15',
    });
  });

  it('keeps referencePrices: invoice for a market that wants it: a price change alone is then no surprise', () => {
    const result = assess({
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_867, unitPrice: 1.6 }),
      settings: invoiceExplanationSettings({ referencePrices: 'invoice' }),
    });
    expect(result.explain).toBe(false);
    expect(result.facts.difference).toBe(0);
    expect(causeOf(result, 'price')?.amount).toBe(0);
  });

  it('prices a short history with this invoice: without the same season before, there is no usual price for it', () => {
    const result = assess({
      history: seasonalHistory('2026-06', 7, 16_000),
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_870, unitPrice: 1.6 }),
    });
    expect(result.facts.basis).toBe('seasonal-profile');
    expect(causeOf(result, 'price')?.amount).toBe(0);
    expect(result.explain).toBe(false);
  });

  it('scales a short history with the seasonal profile: a first winter after a summer start is normal', () => {
    const summerStart = seasonalHistory('2026-06', 7, 16_000);
    const result = assess({
      history: summerStart,
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_870 }),
    });
    expect(result.facts.basis).toBe('seasonal-profile');
    expect(result.explain).toBe(false);
    const spike = assess({
      history: summerStart,
      invoice: monthlyInvoice({ month: '2027-01', quantity: 2_900 }),
    });
    expect(spike.reasons).toEqual(['above-expected']);
  });

  it('explains a charge the product never had before, naming it', () => {
    const invoice = monthlyInvoice({
      month: '2027-01',
      quantity: 1_867,
      extraLines: [{ kind: 'fee', description: 'Purregebyr', amount: 70 }],
    });
    const result = assess({ invoice });
    expect(result.reasons).toEqual(['new-charge']);
    expect(causeOf(result, 'new-charge')).toEqual({
      code: 'new-charge',
      amount: 70,
      descriptions: ['Purregebyr'],
    });
    expect(causeOf(result, 'fees')?.amount).toBe(70);
  });

  it('treats a charge whose description only changes its month or year as the same charge', () => {
    const history = TWO_YEARS.map((invoice, i) =>
      monthlyInvoice({
        month: invoice.period.from.slice(0, 7),
        quantity: invoice.consumption?.quantity ?? 0,
        extraLines: [
          { kind: 'fee', description: `Papirfaktura ${i % 2 === 0 ? 'januar' : 'februar'} 2026`, amount: 39 },
        ],
      }),
    );
    const invoice = monthlyInvoice({
      month: '2027-01',
      quantity: 1_867,
      extraLines: [{ kind: 'fee', description: 'Papirfaktura mars 2027', amount: 39 }],
    });
    expect(assess({ history, invoice }).explain).toBe(false);
  });

  it('does not call any charge new on a customer’s first invoice', () => {
    const invoice = monthlyInvoice({
      month: '2027-01',
      quantity: 1_867,
      extraLines: [{ kind: 'fee', description: 'Etableringsgebyr', amount: 199 }],
    });
    const result = assess({ history: [], invoice });
    expect(result.hasHistory).toBe(false);
    expect(result.explain).toBe(false);
  });

  it('marks the later of two invoices for overlapping periods as a duplicate, with the share affected', () => {
    const first = monthlyInvoice({ month: '2027-01', quantity: 1_867 });
    const second = {
      ...monthlyInvoice({ month: '2027-01', quantity: 1_867, invoiceId: 'inv-2027-01-c-1-again' }),
      issuedAt: '2027-02-06T06:00:00Z',
    };
    const result = assess({ history: [...TWO_YEARS, first, second], invoice: second });
    expect(result.reasons).toEqual(['duplicate']);
    expect(result.duplicates.map((d) => d.invoiceId)).toEqual([first.invoiceId]);
    expect(causeOf(result, 'duplicate')).toEqual({
      code: 'duplicate',
      amount: second.amount,
      invoiceIds: [first.invoiceId],
    });
    // The first one, assessed with the same history, is not a duplicate of the second.
    expect(assess({ history: [...TWO_YEARS, first, second], invoice: first }).explain).toBe(false);
  });

  it('does not count another product’s invoice for the same period as a duplicate', () => {
    const broadband = monthlyInvoice({ month: '2027-01', quantity: 0, productId: 'p-bb', metered: false });
    const result = assess({
      history: [...TWO_YEARS, broadband],
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_867 }),
    });
    expect(result.duplicates).toEqual([]);
  });

  it('says an estimated reading pushed the amount over the threshold', () => {
    const result = assess({
      invoice: monthlyInvoice({ month: '2027-01', quantity: 2_800, reading: 'estimated' }),
    });
    expect(result.reasons).toEqual(['above-expected', 'estimated-reading']);
    expect(result.facts.estimatedReading).toBe(true);
    expect(causeOf(result, 'estimated-reading')?.amount).toBe(causeOf(result, 'consumption')?.amount);
  });

  it('leaves an estimated reading close to normal unexplained', () => {
    const result = assess({
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_900, reading: 'estimated' }),
    });
    expect(result.explain).toBe(false);
  });

  it('ignores invoices issued for later periods when it builds the expectation', () => {
    const later = monthlyInvoice({ month: '2027-03', quantity: 90_000 });
    const result = assess({
      history: [...TWO_YEARS, later],
      invoice: monthlyInvoice({ month: '2027-01', quantity: 1_870 }),
    });
    expect(result.explain).toBe(false);
  });

  it('honours a market’s higher ratio and minimum difference', () => {
    const invoice = monthlyInvoice({ month: '2027-01', quantity: 2_600 });
    expect(assess({ invoice }).explain).toBe(true);
    expect(assess({ invoice, settings: invoiceExplanationSettings({ surpriseRatio: 1.5 }) }).explain).toBe(
      false,
    );
    expect(
      assess({ invoice, settings: invoiceExplanationSettings({ minimumDifference: 5_000 }) }).explain,
    ).toBe(false);
  });

  it('explains a flat-billed product only by new charges and duplicates', () => {
    const history = ['2026-10', '2026-11', '2026-12'].map((month) =>
      monthlyInvoice({ month, quantity: 0, productId: 'p-bb', metered: false }),
    );
    const normal = monthlyInvoice({ month: '2027-01', quantity: 0, productId: 'p-bb', metered: false });
    expect(assess({ history, invoice: normal, productKind: 'broadband' }).explain).toBe(false);
    const installation = monthlyInvoice({
      month: '2027-01',
      quantity: 0,
      productId: 'p-bb',
      metered: false,
      extraLines: [{ kind: 'other', description: 'Installasjon', amount: 1_490 }],
    });
    const result = assess({ history, invoice: installation, productKind: 'broadband' });
    expect(result.reasons).toEqual(['above-expected', 'new-charge']);
    expect(result.facts.basis).toBeUndefined();
  });

  describe('the usual amount of a charge on a flat-billed product', () => {
    /** A broadband invoice of `[from, to]` with these charges (subscription first). */
    const broadband = (from: string, to: string, charges: Array<[string, number]>): InvoiceIssued => ({
      invoiceId: `inv-bb-${from}`,
      customerId: 'c-1',
      productId: 'p-bb',
      currency: 'NOK',
      amount: charges.reduce((sum, [, amount]) => sum + amount, 0),
      issuedAt: `${to}T06:00:00Z`,
      dueDate: to,
      period: { from, to },
      reading: 'actual',
      lines: charges.map(([description, amount], i) => ({
        kind: i === 0 ? 'subscription' : 'fee',
        description,
        amount,
      })),
    });
    const assessBroadband = (history: InvoiceIssued[], invoice: InvoiceIssued) =>
      assess({ history, invoice, productKind: 'broadband' });

    it('does not call a full month a rise after a prorated first month', () => {
      // Connected on 25 September: six days of the subscription and the router, then full months.
      const history = [
        broadband('2026-09-25', '2026-09-30', [
          ['Fiber 500/500', 129.8],
          ['Ruterleie', 9.8],
        ]),
        broadband('2026-10-01', '2026-10-31', [
          ['Fiber 500/500', 649],
          ['Ruterleie', 49],
        ]),
        broadband('2026-11-01', '2026-11-30', [
          ['Fiber 500/500', 649],
          ['Ruterleie', 49],
        ]),
      ];
      const december = broadband('2026-12-01', '2026-12-31', [
        ['Fiber 500/500', 649],
        ['Ruterleie', 49],
      ]);
      const result = assessBroadband(history, december);
      expect(result.explain).toBe(false);
      expect(result.facts.expectedAmount).toBe(698);
      expect(result.facts.difference).toBe(0);
    });

    it('expects a charge seen only on a prorated first month at this invoice’s amount', () => {
      const history = [broadband('2026-11-20', '2026-11-30', [['Fiber 500/500', 237.97]])];
      const december = broadband('2026-12-01', '2026-12-31', [['Fiber 500/500', 649]]);
      expect(assessBroadband(history, december).facts.difference).toBe(0);
    });

    it('gives an occasional charge no usual amount: a second installation is not a rise on the first', () => {
      const history = [
        broadband('2026-09-01', '2026-09-30', [['Fiber 500/500', 649]]),
        broadband('2026-10-01', '2026-10-31', [
          ['Fiber 500/500', 649],
          ['Installasjon', 1_021],
        ]),
        broadband('2026-11-01', '2026-11-30', [['Fiber 500/500', 649]]),
      ];
      const december = broadband('2026-12-01', '2026-12-31', [
        ['Fiber 500/500', 649],
        ['Installasjon', 1_871],
      ]);
      const result = assessBroadband(history, december);
      expect(result.reasons).not.toContain('new-charge');
      expect(result.explain).toBe(false);
    });

    it('still explains a monthly charge that rose well above its usual amount', () => {
      const months = ['09', '10', '11'].map((m) =>
        broadband(`2026-${m}-01`, `2026-${m}-${m === '10' ? '31' : '30'}`, [
          ['Fiber 500/500', 449],
          ['Ruterleie', 49],
        ]),
      );
      const december = broadband('2026-12-01', '2026-12-31', [
        ['Fiber 500/500', 699],
        ['Ruterleie', 49],
      ]);
      const result = assessBroadband(months, december);
      expect(result.explain).toBe(true);
      expect(result.facts.expectedAmount).toBe(498);
      expect(result.facts.causes.find((cause) => cause.code === 'fees')?.amount).toBe(250);
    });
  });

  it('produces facts the invoice-explanation template accepts', () => {
    const result = assess({
      invoice: monthlyInvoice({
        month: '2027-01',
        quantity: 2_800,
        reading: 'estimated',
        extraLines: [{ kind: 'fee', description: 'Purregebyr', amount: 70 }],
      }),
    });
    expect(InvoiceExplanationFactsSchema.safeParse(result.facts).success).toBe(true);
  });

  it('builds the send-gate request and the billing alert from the assessment', () => {
    const first = monthlyInvoice({ month: '2027-01', quantity: 1_867 });
    const second = { ...first, invoiceId: 'inv-dup', issuedAt: '2027-02-07T06:00:00Z' };
    const result = assess({ history: [...TWO_YEARS, first, second], invoice: second });
    expect(explanationRequest(second, result)).toMatchObject({
      kind: 'invoice-explanation',
      customerId: 'c-1',
      trigger: { detailType: 'Invoice Issued', id: 'inv-dup' },
      facts: { invoiceId: 'inv-dup', reasons: ['duplicate'] },
    });
    expect(duplicateInvoiceAlert(second, result, new Date('2027-02-07T06:00:01Z'))).toMatchObject({
      kind: 'duplicate-invoice',
      at: '2027-02-07T06:00:01.000Z',
      invoiceId: 'inv-dup',
      duplicates: [{ invoiceId: first.invoiceId }],
    });
    expect(duplicateInvoiceAlert(first, assess({ invoice: first }), new Date())).toBeUndefined();
  });
});
