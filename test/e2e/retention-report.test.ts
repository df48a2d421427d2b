import { describe, expect, it } from 'vitest';
import { parseScenario } from '#domain/contracts/index.ts';
import { renderHtmlReport } from '#local/report/html.ts';
import { renderSummary } from '#local/report/summary.ts';
import { runScenario } from '#local/scenario-runner.ts';
import { customerUpserted } from '../helpers/events.ts';

function monthlyInvoice(month: number) {
  // 2026-03 … 2027-02, issued on the 5th of the month after.
  const year = 2026 + Math.floor((month + 1) / 12);
  const m = ((month + 1) % 12) + 1;
  const periodYear = 2026 + Math.floor(month / 12);
  const pm = (month % 12) + 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(Date.UTC(periodYear, pm, 0)).getUTCDate();
  return {
    invoiceId: `inv-${periodYear}-${pad(pm)}-c-ret`,
    customerId: 'c-ret',
    productId: 'p-1',
    currency: 'NOK',
    amount: 1240.5,
    issuedAt: `${year}-${pad(m)}-05T08:00:00Z`,
    dueDate: `${year}-${pad(m)}-20`,
    period: { from: `${periodYear}-${pad(pm)}-01`, to: `${periodYear}-${pad(pm)}-${pad(lastDay)}` },
    consumption: { quantity: 1650, unit: 'kWh' },
    reading: 'actual',
    lines: [
      { kind: 'energy', description: 'Strøm', quantity: 1650, unitPrice: 0.62, amount: 1023.0 },
      { kind: 'grid', description: 'Nettleie', amount: 168.5 },
      { kind: 'subscription', description: 'Fastbeløp', amount: 49 },
    ],
  };
}

describe('a scenario with retention offers and a customer accepting: the retention section', () => {
  it('offers after a price increase, the accept-offer action accepts through the link, the report counts it', async () => {
    const parsed = parseScenario({
      name: 'retention report',
      start: '2027-03-01T00:00:00Z',
      until: '2027-03-08T00:00:00Z',
      customers: [
        customerUpserted({
          customerId: 'c-ret',
          email: 'c-ret@example.no',
          consents: { marketing: true, surveys: true },
          products: [
            {
              productId: 'p-1',
              kind: 'electricity',
              tariffId: 'var-no1',
              contract: 'open-ended',
              bindingEndsOn: null,
            },
          ],
        }),
      ],
      history: { invoices: Array.from({ length: 12 }, (_, i) => monthlyInvoice(i)) },
      events: [
        {
          at: '2027-03-01T09:00:00Z',
          source: 'pricing',
          detailType: 'Price Change Announced',
          detail: {
            priceChangeId: 'pc-2027-05-var-no1',
            tariffId: 'var-no1',
            market: 'NO',
            currency: 'NOK',
            component: 'energy',
            oldPrice: 0.89,
            newPrice: 1.02,
            effectiveDate: '2027-05-01',
            announcedAt: '2027-03-01T09:00:00Z',
            reasons: [
              { code: 'grid-fee', text: { 'nb-NO': 'Nettleien øker.', 'en-GB': 'The grid fee goes up.' } },
            ],
            alternatives: [],
          },
        },
        {
          at: '2027-03-02T09:00:00Z',
          source: 'marketing',
          detailType: 'Offer Catalog Published',
          detail: {
            catalogId: '2027-03',
            holdoutPercent: 0,
            offers: [
              {
                offerId: 'discount-10-no',
                name: { 'nb-NO': '10 % rabatt i et år', 'en-GB': '10 % off for a year' },
                market: 'NO',
                eligibility: {
                  segments: ['household'],
                  productKinds: ['electricity'],
                  minTenureMonths: 0,
                  signals: ['price-increase'],
                },
                benefit: { type: 'discount', percent: 10, months: 12 },
                validUntil: '2027-06-30',
                automatic: true,
              },
            ],
          },
        },
      ],
      actions: [
        { at: '2027-03-05T12:00:00Z', customerId: 'c-ret', action: 'accept-offer' },
        { at: '2027-03-05T12:00:00Z', customerId: 'c-nobody', action: 'accept-offer' },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const report = await runScenario(parsed.scenario);

    const offers = report.messages.filter((m) => m.kind === 'retention-offer');
    expect(offers.map((m) => [m.customerId, m.status, m.reason])).toEqual([['c-ret', 'sent', null]]);
    // Accepted through the link, and Offer Accepted put on the bus (the ledger marks it published).
    expect(offers[0]?.facts).toMatchObject({ acceptedAt: expect.any(String), acceptancePublished: true });
    expect(report.retention).toMatchObject({
      offered: 1,
      heldOut: 0,
      accepted: 1,
      ended: { offered: 0, heldOut: 0 },
      acceptanceRate: 1,
      difference: null,
      byOffer: [{ offerId: 'discount-10-no', offered: 1, accepted: 1 }],
    });
    // The action without a sent offer is rejected, with a field error; the scenario ran on.
    expect(report.rejected).toEqual([
      {
        index: 1,
        detailType: 'Scenario Action',
        source: 'actions',
        errors: [{ path: 'customerId', message: expect.stringContaining('no sent retention-offer') }],
      },
    ]);
    const meta = {
      scenarioFile: 'x.json',
      generatedAt: '2027-03-08T00:00:00Z',
      durationMs: 1,
      version: 'test',
    };
    expect(renderHtmlReport(report, parsed.scenario, meta)).toContain(
      '<h2 id="retention">Retention offers</h2>',
    );
    expect(renderSummary(report, parsed.scenario, meta)).toContain(
      'Retention offers: 1 offered (1 accepted, 100.0 %), 0 held out',
    );
  }, 120_000);
});
