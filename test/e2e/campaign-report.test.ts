import { describe, expect, it } from 'vitest';
import { parseScenario } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import { customerUpserted } from '../helpers/events.ts';

const CONTENT = {
  'nb-NO': {
    subject: 'Fastpris for deg',
    heading: 'Hei {firstName}, bindingen din går snart ut',
    paragraphs: ['Med fastpris vet du hva strømmen koster.'],
    action: { text: 'Se tilbudet', url: 'https://stille.example/fastpris' },
  },
};

describe('a scenario with a campaign: the campaigns section of the simulate report', () => {
  it('reports the preview (nothing sent) and the run with its counts, one record per audience member', async () => {
    const customers = Array.from({ length: 6 }, (_, i) =>
      customerUpserted({
        customerId: `c-${i}`,
        name: `Kari ${i}`,
        email: `c-${i}@example.no`,
        consents: { marketing: i !== 0, surveys: true },
        products: [
          {
            productId: 'p-1',
            kind: 'electricity',
            tariffId: 'fix-no',
            contract: 'fixed-term',
            bindingEndsOn: '2027-03-20',
          },
        ],
      }),
    );
    const campaign = {
      campaignId: 'cmp-report',
      name: 'Fixed price',
      kind: 'campaign-message',
      audience: { product: { attribute: 'bindingEndsWithinDays', lte: 60 } },
      schedule: { date: '2027-03-02', localTime: '10:00' },
      holdoutPercent: 20,
      fallbackLocale: 'nb-NO',
      content: CONTENT,
    };
    const parsed = parseScenario({
      name: 'campaign report',
      start: '2027-02-20T00:00:00Z',
      until: '2027-03-05T00:00:00Z',
      customers,
      events: [
        {
          at: '2027-02-21T09:00:00Z',
          source: 'marketing',
          detailType: 'Campaign Scheduled',
          detail: { ...campaign, dryRun: true },
        },
        {
          at: '2027-02-22T09:00:00Z',
          source: 'marketing',
          detailType: 'Campaign Scheduled',
          detail: campaign,
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const report = await runScenario(parsed.scenario);

    expect(report.rejected).toEqual([]);
    const [section] = report.campaigns ?? [];
    expect(section?.campaignId).toBe('cmp-report');
    expect(section?.preview?.audience).toBe(6);
    expect(Object.values(section?.preview?.outcomes ?? {}).reduce((a, b) => a + b, 0)).toBe(6);
    expect(section?.preview?.samples.length).toBeGreaterThan(0);
    expect(section?.runs).toHaveLength(1);
    const [run] = section?.runs ?? [];
    expect(run?.runAt).toBe('2027-03-02');
    const records = report.messages.filter((m) => m.facts.campaignId === 'cmp-report');
    expect(records).toHaveLength(6);
    expect(new Set(records.map((m) => m.customerId)).size).toBe(6);
    const suppressed = Object.values(run?.suppressed ?? {}).reduce((a, b) => a + b, 0);
    expect((run?.holdout ?? 0) + (run?.sent ?? 0) + suppressed + (run?.failed ?? 0)).toBe(6);
    expect(run?.holdout).toBe(records.filter((m) => m.reason === 'holdout').length);
    expect(run?.sent).toBe(records.filter((m) => m.status === 'sent').length);
    for (const sent of records.filter((m) => m.status === 'sent'))
      expect(sent.sentAt).toBe('2027-03-02T09:00:00.000Z');
  });
});
