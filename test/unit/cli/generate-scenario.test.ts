import { describe, expect, it } from 'vitest';
import { parseScenario, validateEvent } from '#domain/contracts/index.ts';
import {
  CONSUMPTION_PROFILE,
  formatScenarioJson,
  generateScenario,
  generateScenarioDetailed,
} from '../../../bench/generate-scenario.ts';

const base = { customers: 40, seed: 11, start: '2027-01-01T00:00:00Z', months: 2 } as const;

interface InvoiceLike {
  amount: number;
  lines: Array<{ amount: number; quantity?: number; unitPrice?: number; kind: string }>;
  period: { from: string };
  customerId: string;
  consumption?: { quantity: number };
}

function allInvoices(scenario: ReturnType<typeof generateScenario>): InvoiceLike[] {
  const fromEvents = scenario.events.filter((e) => e.detailType === 'Invoice Issued').map((e) => e.detail);
  const fromFiles = Object.values(scenario.files ?? {}).flat();
  return [...(scenario.history?.invoices ?? []), ...fromEvents, ...fromFiles] as unknown as InvoiceLike[];
}

describe('generateScenario', () => {
  it('gives the identical scenario for the same seed, and another for another seed', () => {
    const a = JSON.stringify(
      generateScenario({ ...base, includeInvalid: 4, invoiceRunMonths: [1], priceChanges: true }),
    );
    const b = JSON.stringify(
      generateScenario({ ...base, includeInvalid: 4, invoiceRunMonths: [1], priceChanges: true }),
    );
    const c = JSON.stringify(
      generateScenario({ ...base, seed: 12, includeInvalid: 4, invoiceRunMonths: [1], priceChanges: true }),
    );
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('makes invoices whose lines add up exactly to the amount, in whole cents', () => {
    const { scenario, invalid } = generateScenarioDetailed({ ...base, invoiceRunMonths: [1] });
    expect(invalid).toEqual([]);
    const invoices = allInvoices(scenario);
    expect(invoices.length).toBeGreaterThan(base.customers * 12);
    for (const invoice of invoices) {
      const cents = invoice.lines.map((line) => Math.round(line.amount * 100));
      expect(cents.reduce((sum, c) => sum + c, 0)).toBe(Math.round(invoice.amount * 100));
      for (const line of invoice.lines)
        expect(Math.abs(line.amount * 100 - Math.round(line.amount * 100))).toBeLessThan(1e-6);
      const energy = invoice.lines.find((line) => line.kind === 'energy');
      expect(energy?.quantity).toBe(invoice.consumption?.quantity);
      expect(energy?.unitPrice).toBeGreaterThanOrEqual(0.6);
      expect(energy?.unitPrice).toBeLessThanOrEqual(1.4);
    }
  });

  it('uses a Nordic seasonal profile: January about twice July', () => {
    expect(CONSUMPTION_PROFILE.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 6);
    expect((CONSUMPTION_PROFILE[0] ?? 0) / (CONSUMPTION_PROFILE[6] ?? 1)).toBeCloseTo(2, 1);
    const scenario = generateScenario({ ...base, customers: 60 });
    const invoices = allInvoices(scenario);
    const total = (month: string) =>
      invoices
        .filter((i) => i.period.from.slice(5, 7) === month)
        .reduce((sum, i) => sum + (i.consumption?.quantity ?? 0), 0);
    const count = (month: string) => invoices.filter((i) => i.period.from.slice(5, 7) === month).length;
    const ratio = total('01') / count('01') / (total('07') / count('07'));
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
  });

  it('makes customers, history and events that all pass the contracts, except the invalid ones it reports', () => {
    const { scenario, invalid } = generateScenarioDetailed({
      ...base,
      includeInvalid: 4,
      invoiceRunMonths: [1],
      priceChanges: true,
    });
    expect(parseScenario(JSON.parse(JSON.stringify(scenario))).ok).toBe(true);
    for (const customer of scenario.customers)
      expect(validateEvent('Customer Upserted', customer)).toMatchObject({ ok: true });
    for (const invoice of scenario.history?.invoices ?? [])
      expect(validateEvent('Invoice Issued', invoice)).toMatchObject({ ok: true });
    for (const item of Object.values(scenario.files ?? {}).flat())
      expect(validateEvent('Invoice Issued', item)).toMatchObject({ ok: true });

    expect(invalid.map((n) => n.kind)).toEqual([
      'lines-do-not-add-up',
      'bad-date',
      'bad-phone',
      'unknown-detail-type',
    ]);
    const invalidAt = new Map(invalid.map((n) => [n.index, n]));
    scenario.events.forEach((event, index) => {
      const result = validateEvent(event.detailType, event.detail);
      const note = invalidAt.get(index);
      if (!note) {
        expect(result, `events[${index}] ${event.detailType}`).toMatchObject({ ok: true });
        return;
      }
      expect(result.ok).toBe(false);
      expect(event.detailType).toBe(note.detailType);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(note.path ?? 'detail-type');
    });
  });

  it('submits the chosen months as a billing run whose count matches its file', () => {
    const scenario = generateScenario({ ...base, invoiceRunMonths: [1] });
    const runs = scenario.events.filter((e) => e.detailType === 'Invoice Run Submitted');
    expect(runs).toHaveLength(1);
    const detail = runs[0]?.detail as { location: string; count: number };
    expect(detail.location).toBe('s3://stille-runs/runs/2027-02.jsonl');
    expect(scenario.files?.[detail.location]).toHaveLength(detail.count);
    expect(detail.count).toBe(base.customers);
    const singles = scenario.events.filter((e) => e.detailType === 'Invoice Issued');
    expect(singles).toHaveLength(base.customers);
  });

  it('orders events by time, inside the simulated period', () => {
    const scenario = generateScenario({ ...base, includeInvalid: 2, priceChanges: true });
    const times = scenario.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(scenario.start));
    expect(Math.max(...times)).toBeLessThan(Date.parse(scenario.until));
  });

  it('draws Nordic customers with local names, contact points and time zones', () => {
    const scenario = generateScenario({ ...base, customers: 200 });
    const customers = scenario.customers as Array<Record<string, unknown>>;
    const names = customers.map((c) => String(c.name)).join(' ');
    expect(names).toMatch(/[æøå]/);
    expect(names).toMatch(/[äö]/);
    for (const c of customers) {
      expect(c.timeZone).toBe(c.market === 'NO' ? 'Europe/Oslo' : 'Europe/Stockholm');
      if (c.phone) expect(c.phone).toMatch(c.market === 'NO' ? /^\+479\d{7}$/ : /^\+467\d{8}$/);
      if (c.email) expect(c.email).toMatch(c.market === 'NO' ? /@example\.no$/ : /@example\.se$/);
      expect(c.preferredChannel === 'sms' ? c.phone : c.email).toBeTruthy();
    }
    expect(new Set(customers.map((c) => c.locale))).toEqual(new Set(['nb-NO', 'sv-SE', 'en-GB']));
    expect(customers.some((c) => c.paymentMethod === 'paper-invoice')).toBe(true);
  });

  it('formats a file that parses back to the scenario, one item per line', () => {
    const scenario = generateScenario({ ...base, customers: 5, invoiceRunMonths: [1] });
    const text = formatScenarioJson(scenario);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(scenario)));
    expect(text.split('\n').filter((line) => line.startsWith('    {"customerId"'))).toHaveLength(5);
  });
});

describe('generateScenario for benchmarks', () => {
  it('can leave out the history, keeping the events', () => {
    const scenario = generateScenario({ ...base, historyMonths: [0, 0] });
    expect(scenario.history?.invoices).toEqual([]);
    expect(scenario.events.filter((e) => e.detailType === 'Invoice Issued')).toHaveLength(
      base.customers * base.months,
    );
  });
});
