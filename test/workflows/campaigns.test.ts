import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted, MessageRecord } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted } from '../helpers/events.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';

/** A customer tagged by the tariff of their electricity product (each test its own tariff). */
function customer(
  customerId: string,
  tariffId: string,
  overrides: Partial<CustomerUpserted> = {},
): CustomerUpserted {
  return customerUpserted({
    customerId,
    name: `Kari ${customerId}`,
    email: `${customerId}@example.no`,
    consents: { marketing: true, surveys: true },
    products: [
      {
        productId: 'p-1',
        kind: 'electricity',
        tariffId,
        contract: 'fixed-term',
        bindingEndsOn: '2027-03-20',
      },
    ],
    ...overrides,
  });
}

const CONTENT = {
  'nb-NO': {
    subject: 'Fastpris for deg, {firstName}',
    heading: 'Bindingen din går snart ut',
    paragraphs: ['Hei {firstName}! Med fastpris vet du hva strømmen koster.'],
    action: { text: 'Se tilbudet', url: 'https://stille.example/fastpris' },
  },
  'en-GB': {
    subject: 'A fixed price for you, {firstName}',
    heading: 'Your binding ends soon',
    paragraphs: ['Hello {firstName}! With a fixed price you know what electricity costs.'],
  },
};

function campaign(
  campaignId: string,
  tariffId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    campaignId,
    name: `Campaign ${campaignId}`,
    kind: 'campaign-message',
    audience: { product: { attribute: 'tariffId', in: [tariffId] } },
    schedule: { at: '2027-03-02T09:00:00Z' },
    fallbackLocale: 'nb-NO',
    content: CONTENT,
    ...overrides,
  };
}

describe('Campaigns (CampaignSchedule and CampaignRun, synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ start: '2027-03-01T08:00:00Z' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  const repositories = () => repositoriesFrom(runtime.deps);
  const recordsOf = async (campaignId: string): Promise<MessageRecord[]> =>
    (await repositories().messages.list()).filter((record) => record.facts.campaignId === campaignId);
  const runsOf = (campaignId: string) => repositories().campaigns.runs(campaignId);
  const runUntil = (instant: string) => runtime.runUntil(Date.parse(instant));
  const completedEvents = (campaignId: string) =>
    runtime.events
      .recent()
      .filter((seen) => seen.event['detail-type'] === 'Campaign Run Completed')
      .map((seen) => seen.event.detail as Record<string, unknown>)
      .filter((detail) => detail.campaignId === campaignId);

  it('sends a one-off campaign at its instant, through the send gate, with one record per audience member', async () => {
    for (const id of ['oo-1', 'oo-2', 'oo-3'])
      await publish(runtime, 'Customer Upserted', customer(id, 't-oneoff'));
    await publish(runtime, 'Customer Upserted', customer('oo-other', 't-other'));
    const [scheduled] = await publish(runtime, 'Campaign Scheduled', campaign('cmp-oneoff', 't-oneoff'));
    expect(statesOf(scheduled)).toEqual(['ValidateAndStore', 'Schedule', 'IsPreview', 'Scheduled']);
    expect(runtime.scheduler.schedules().map((s) => s.expression)).toContain('at(2027-03-02T09:00:00)');
    expect(await recordsOf('cmp-oneoff')).toEqual([]);

    await runUntil('2027-03-02T12:00:00Z');
    const records = await recordsOf('cmp-oneoff');
    expect(records.map((r) => r.customerId).sort()).toEqual(['oo-1', 'oo-2', 'oo-3']);
    for (const record of records) {
      expect(record.status).toBe('sent');
      expect(record.kind).toBe('campaign-message');
      expect(record.purpose).toBe('marketing');
      expect(record.dedupeKey).toBe(`campaign-message#cmp-oneoff#2027-03-02T09:00:00Z#${record.customerId}`);
      expect(record.trigger).toEqual({ detailType: 'Campaign Scheduled', id: 'cmp-oneoff' });
      expect(record.facts.runAt).toBe('2027-03-02T09:00:00Z');
      expect(Date.parse(record.sentAt ?? '')).toBeGreaterThanOrEqual(Date.parse('2027-03-02T09:00:00Z'));
      expect(record.subject).toBe(`Fastpris for deg, Kari`);
      expect(record.html).toContain('https://stille.example/fastpris');
      expect(record.html).toContain('unsubscribe');
    }
    const [run] = await runsOf('cmp-oneoff');
    expect(run?.status).toBe('completed');
    expect(run?.result).toMatchObject({
      campaignId: 'cmp-oneoff',
      audience: 3,
      holdout: 0,
      sent: 3,
      failed: 0,
    });
    expect(completedEvents('cmp-oneoff')).toEqual([
      {
        campaignId: 'cmp-oneoff',
        runAt: '2027-03-02T09:00:00Z',
        audience: 3,
        holdout: 0,
        sent: 3,
        suppressed: {},
        failed: 0,
      },
    ]);
    // The schedule deleted itself after its one run.
    expect(runtime.scheduler.schedules().some((s) => s.name.includes('cmp-oneoff'))).toBe(false);
  });
});
