/**
 * Issue #13, item 2: a lasting change is explained once. A customer whose consumption rises 70 % from
 * December (a heat pump breaks) is told in December; from then on the new level is the expectation, so
 * January and February are explained only when they are surprising against it.
 */
import { describe, expect, it } from 'vitest';
import {
  type AssessInvoiceInput,
  assessInvoice,
  DEFAULT_INVOICE_EXPLANATION_SETTINGS,
  type InvoiceIssued,
  invoiceExplanationSettings,
} from '#domain/invoices/index.ts';
import { monthlyInvoice, months, WINTER_HEAVY } from './fixtures.ts';

const ANNUAL = 16_000;
const usual = (month: string) =>
  Math.round((ANNUAL / 12) * (WINTER_HEAVY[Number(month.slice(5, 7)) - 1] ?? 1));

/** Two years of usual months up to November 2026, then each month of `changed` at `factor` × usual. */
function customerWith(changed: Record<string, number>): InvoiceIssued[] {
  return [...months('2024-12', 24), ...Object.keys(changed)].map((month) =>
    monthlyInvoice({ month, quantity: Math.round(usual(month) * (changed[month] ?? 1)) }),
  );
}

function assessMonth(history: InvoiceIssued[], month: string, overrides: Partial<AssessInvoiceInput> = {}) {
  const invoice = history.find((other) => other.period.from === `${month}-01`);
  if (invoice === undefined) throw new Error(`no invoice for ${month}`);
  return assessInvoice({
    invoice,
    history,
    market: 'NO',
    productKind: 'electricity',
    settings: DEFAULT_INVOICE_EXPLANATION_SETTINGS,
    ...overrides,
  });
}

const expectedQuantity = (result: ReturnType<typeof assessInvoice>) =>
  result.facts.causes.find((cause) => cause.code === 'consumption')?.expectedQuantity ?? 0;

describe('a lasting change is explained once', () => {
  const heatPumpBroke = customerWith({ '2026-12': 1.7, '2027-01': 1.7, '2027-02': 1.72, '2027-03': 1.68 });

  it('explains the month the consumption changed, against the usual for the season', () => {
    const december = assessMonth(heatPumpBroke, '2026-12');
    expect(december.explain).toBe(true);
    expect(december.reasons).toEqual(['above-expected']);
    expect(december.facts.lastingChange).toBeUndefined();
    expect(expectedQuantity(december)).toBe(usual('2026-12'));
  });

  it('does not explain the months after it at the new level, and says the expectation is that level', () => {
    for (const month of ['2027-01', '2027-02', '2027-03']) {
      const result = assessMonth(heatPumpBroke, month);
      expect(result.explain, month).toBe(false);
      expect(result.facts.lastingChange, month).toEqual({ since: '2026-12-01' });
      // The new level (1.7 × usual per day) scaled to the month's season and days, not last year's month
      // (the fixture bills every month the same share of the year, so February's days weigh more).
      const perDay =
        (expectedQuantity(result) / usual(month)) * (31 / Number(result.facts.period.to.slice(8, 10)));
      expect(perDay, month).toBeGreaterThan(1.6);
      expect(perDay, month).toBeLessThan(1.9);
    }
  });

  it('explains a further surprise on the new level again, and that becomes the level', () => {
    const history = customerWith({
      '2026-12': 1.7,
      '2027-01': 1.7,
      '2027-02': 1.7 * 1.5,
      '2027-03': 1.7 * 1.5,
    });
    const february = assessMonth(history, '2027-02');
    expect(february.explain).toBe(true);
    expect(february.reasons).toEqual(['above-expected']);
    expect(february.facts.lastingChange).toEqual({ since: '2026-12-01' });
    expect(expectedQuantity(february) / usual('2027-02')).toBeCloseTo((1.7 * 28) / 31, 1);
    const march = assessMonth(history, '2027-03');
    expect(march.explain).toBe(false);
    expect(march.facts.lastingChange).toEqual({ since: '2027-02-01' });
  });

  it('ends when the data says otherwise: back to the old level, a new rise is news again', () => {
    const history = customerWith({ '2026-12': 1.7, '2027-01': 1.0, '2027-02': 1.7 });
    const january = assessMonth(history, '2027-01');
    expect(january.explain).toBe(false);
    const february = assessMonth(history, '2027-02');
    expect(february.facts.lastingChange).toBeUndefined();
    expect(february.explain).toBe(true);
  });

  it('takes no level from an estimated reading (it is corrected later) nor from a price spike', () => {
    const estimated = customerWith({ '2026-12': 1.7, '2027-01': 1.7 }).map((invoice) =>
      invoice.period.from === '2026-12-01' ? { ...invoice, reading: 'estimated' as const } : invoice,
    );
    expect(assessMonth(estimated, '2027-01').explain).toBe(true);
    const pricey = [
      ...months('2024-12', 24).map((month) => monthlyInvoice({ month, quantity: usual(month) })),
      monthlyInvoice({ month: '2026-12', quantity: usual('2026-12'), unitPrice: 2 }),
      monthlyInvoice({ month: '2027-01', quantity: Math.round(usual('2027-01') * 1.7) }),
    ];
    const january = assessMonth(pricey, '2027-01');
    expect(january.facts.lastingChange).toBeUndefined();
    expect(january.explain).toBe(true);
  });

  it('looks back lastingChangeMonths (12 by default) months; 0 turns the rule off', () => {
    expect(DEFAULT_INVOICE_EXPLANATION_SETTINGS.lastingChangeMonths).toBe(12);
    const off = invoiceExplanationSettings({ lastingChangeMonths: 0 });
    expect(assessMonth(heatPumpBroke, '2027-01', { settings: off }).explain).toBe(true);
    expect(assessMonth(heatPumpBroke, '2027-03', { settings: off }).explain).toBe(true);
  });
});
