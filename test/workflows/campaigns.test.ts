import { GetObjectCommand } from '@aws-sdk/client-s3';
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
      expect(record.html).toContain('/click?token=');
      expect(record.html).not.toContain('href="https://stille.example/fastpris"');
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
    // The dashboard's campaign runs (EMF on AWS, kept in memory here).
    expect(runtime.metrics).toContainEqual({
      metric: 'campaignRuns',
      dimensions: { campaignId: 'cmp-oneoff' },
      value: 1,
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
    // The call to action goes through the signed click link: a GET (a mail scanner's, a browser's)
    // changes nothing; the page's own POST counts the click, once, and never a scanner's.
    const link = /href="([^"]*\/click\?token=[^"]+)"/
      .exec(records[0]?.html ?? '')?.[1]
      ?.replaceAll('&amp;', '&');
    expect(link).toBeDefined();
    const local = `${runtime.apiUrl()}${new URL(link ?? '').pathname}${new URL(link ?? '').search}`;
    const clickedAt = async () =>
      (await repositories().messages.get(records[0]?.dedupeKey ?? ''))?.facts.clickedAt;
    const prefetch = await fetch(local, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mimecast URL scanner' },
    });
    expect(prefetch.status).toBe(200);
    const opened = await fetch(local, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0' } });
    const page = await opened.text();
    expect(opened.status).toBe(200);
    expect(page).toContain('location.replace("https://stille.example/fastpris")');
    expect(page).toContain('<a href="https://stille.example/fastpris">');
    expect(opened.headers.get('content-security-policy')).toMatch(
      /script-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'/,
    );
    expect(await clickedAt()).toBeUndefined();
    const scannerPost = await fetch(local, {
      method: 'POST',
      headers: { 'user-agent': 'Mimecast URL scanner' },
    });
    expect(scannerPost.status).toBe(204);
    expect(await clickedAt()).toBeUndefined();
    const click = await fetch(local, { method: 'POST', headers: { 'user-agent': 'Mozilla/5.0' } });
    expect(click.status).toBe(204);
    expect(await clickedAt()).toBe(runtime.clock.now().toISOString());
    const forged = await fetch(local.replace(/token=.{8}/, 'token=AAAAAAAA'), { redirect: 'manual' });
    expect(forged.status).toBe(400);
    // The schedule deleted itself after its one run.
    expect(runtime.scheduler.schedules().some((s) => s.name.includes('cmp-oneoff'))).toBe(false);
  });

  it('delivers a local-time campaign at 10:00 on each customer’s own clock, one wave per zone', async () => {
    await publish(runtime, 'Customer Upserted', customer('lt-oslo', 't-local'));
    await publish(
      runtime,
      'Customer Upserted',
      customer('lt-helsinki', 't-local', { timeZone: 'Europe/Helsinki', market: 'FI', locale: 'en-GB' }),
    );
    await publish(
      runtime,
      'Customer Upserted',
      customer('lt-london', 't-local', { timeZone: 'Europe/London', locale: 'en-GB' }),
    );
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-local', 't-local', { schedule: { date: '2027-03-03', localTime: '10:00' } }),
    );
    await runUntil('2027-03-04T00:00:00Z');
    const sentAt = Object.fromEntries((await recordsOf('cmp-local')).map((r) => [r.customerId, r.sentAt]));
    expect(sentAt).toEqual({
      'lt-helsinki': '2027-03-03T08:00:00.000Z',
      'lt-oslo': '2027-03-03T09:00:00.000Z',
      'lt-london': '2027-03-03T10:00:00.000Z',
    });
    const records = await recordsOf('cmp-local');
    expect(records.every((r) => r.facts.runAt === '2027-03-03')).toBe(true);
    expect(records.find((r) => r.customerId === 'lt-london')?.subject).toBe('A fixed price for you, Kari');
    expect(records.find((r) => r.customerId === 'lt-oslo')?.dedupeKey).toBe(
      'campaign-message#cmp-local#2027-03-03#lt-oslo',
    );
    const [run] = await runsOf('cmp-local');
    expect(run?.result).toMatchObject({ runAt: '2027-03-03', audience: 3, sent: 3 });
  });

  it('re-evaluates a recurring campaign’s audience at every run and holds out the same customers in each', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `rc-${i}`);
    for (const id of ids.slice(0, 8))
      await publish(runtime, 'Customer Upserted', customer(id, 't-recurring'));
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-monthly', 't-recurring', {
        schedule: { cron: '0 10 5 * ? *', timeZone: 'Europe/Oslo', until: '2027-05-01T00:00:00Z' },
        holdoutPercent: 40,
      }),
    );
    await runUntil('2027-03-06T00:00:00Z');
    // New customers match before the second run; one leaves the tariff.
    for (const id of ids.slice(8)) await publish(runtime, 'Customer Upserted', customer(id, 't-recurring'));
    await publish(runtime, 'Customer Upserted', customer('rc-0', 't-elsewhere'));
    await runUntil('2027-04-06T00:00:00Z');

    const runs = await runsOf('cmp-monthly');
    expect(runs.map((run) => run.runAt)).toEqual(['2027-03-05T09:00:00Z', '2027-04-05T08:00:00Z']);
    const records = await recordsOf('cmp-monthly');
    const byRun = (runAt: string) => records.filter((r) => r.facts.runAt === runAt);
    expect(
      byRun('2027-03-05T09:00:00Z')
        .map((r) => r.customerId)
        .sort(),
    ).toEqual(ids.slice(0, 8).sort());
    expect(
      byRun('2027-04-05T08:00:00Z')
        .map((r) => r.customerId)
        .sort(),
    ).toEqual(ids.slice(1).sort());
    const heldOut = (runAt: string) =>
      new Set(
        byRun(runAt)
          .filter((r) => r.reason === 'holdout')
          .map((r) => r.customerId),
      );
    const first = heldOut('2027-03-05T09:00:00Z');
    const second = heldOut('2027-04-05T08:00:00Z');
    expect(first.size).toBeGreaterThan(0);
    for (const id of ids.slice(1, 8)) expect(second.has(id)).toBe(first.has(id));
    // Each held-out record counted on the dashboard's suppressed-by-reason.
    const heldOutCounted = runtime.metrics.filter(
      (m) => m.metric === 'messagesSuppressed' && m.dimensions.reason === 'holdout',
    ).length;
    expect(heldOutCounted).toBeGreaterThanOrEqual(first.size + second.size);
    for (const run of runs) {
      const result = run.result;
      if (!result) throw new Error(`run ${run.runAt} has no result`);
      expect(result.audience).toBe(byRun(run.runAt).length);
      expect(result.holdout + result.sent).toBe(result.audience);
    }
    // The schedule stays for its later runs until its end.
    expect(runtime.scheduler.schedules().some((s) => s.expression === 'cron(0 10 5 * ? *)')).toBe(true);
  });

  it('respects consent and opt-outs, and records why', async () => {
    await publish(runtime, 'Customer Upserted', customer('co-yes', 't-consent'));
    await publish(
      runtime,
      'Customer Upserted',
      customer('co-no', 't-consent', { consents: { marketing: false, surveys: true } }),
    );
    // Opted out of marketing by e-mail, and no phone to fall back on.
    const { phone: _phone, ...emailOnly } = customer('co-out', 't-consent');
    await publish(runtime, 'Customer Upserted', emailOnly);
    await publish(runtime, 'Contact Preferences Changed', {
      customerId: 'co-out',
      channel: 'email',
      purpose: 'marketing',
      optedOut: true,
      source: 'unsubscribe-link',
      at: '2027-04-06T10:00:00Z',
    });
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-consent', 't-consent', { schedule: { at: '2027-04-07T09:00:00Z' } }),
    );
    await runUntil('2027-04-08T00:00:00Z');
    const outcome = Object.fromEntries(
      (await recordsOf('cmp-consent')).map((r) => [r.customerId, r.reason ?? r.status]),
    );
    expect(outcome).toEqual({ 'co-yes': 'sent', 'co-no': 'no-consent', 'co-out': 'opted-out' });
    const [run] = await runsOf('cmp-consent');
    expect(run?.result).toMatchObject({
      audience: 3,
      sent: 1,
      suppressed: { 'no-consent': 1, 'opted-out': 1 },
    });
  });

  it('caps marketing at two messages in 30 days across campaigns', async () => {
    await publish(runtime, 'Customer Upserted', customer('cap-1', 't-cap'));
    for (const [id, at] of [
      ['cmp-cap-a', '2027-04-09T09:00:00Z'],
      ['cmp-cap-b', '2027-04-10T09:00:00Z'],
      ['cmp-cap-c', '2027-04-11T09:00:00Z'],
    ] as const) {
      await publish(runtime, 'Campaign Scheduled', campaign(id, 't-cap', { schedule: { at } }));
    }
    await runUntil('2027-04-12T00:00:00Z');
    const outcome = async (id: string) => (await recordsOf(id)).map((r) => r.reason ?? r.status);
    expect(await outcome('cmp-cap-a')).toEqual(['sent']);
    expect(await outcome('cmp-cap-b')).toEqual(['sent']);
    expect(await outcome('cmp-cap-c')).toEqual(['frequency-cap']);
  });

  it('defers an SMS that would arrive at night to 08:00 on the customer’s clock, and counts it once sent', async () => {
    const { email: _email, ...smsOnly } = customer('sms-1', 't-sms', { preferredChannel: 'sms' });
    await publish(runtime, 'Customer Upserted', smsOnly);
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-sms', 't-sms', { schedule: { at: '2027-04-12T20:30:00Z' } }),
    );
    await runUntil('2027-04-14T00:00:00Z');
    const [record] = await recordsOf('cmp-sms');
    expect(record?.channel).toBe('sms');
    expect(record?.status).toBe('sent');
    expect(record?.sentAt).toBe('2027-04-13T06:00:00.000Z');
    // From a sender ID (the market has no two-way number) the SMS gives the opt-out link, not "reply
    // STOP", and ends with who it is from.
    expect(record?.text).not.toContain('STOP');
    expect(record?.text).toMatch(
      /Vil du ikke ha slike SMS\? http\S+\/unsubscribe\?token=\S+ Hilsen Stille, tlf\./,
    );
    const [run] = await runsOf('cmp-sms');
    expect(run?.result).toMatchObject({ audience: 1, sent: 1 });
    expect(Date.parse(run?.completedAt ?? '')).toBeGreaterThanOrEqual(Date.parse('2027-04-13T06:00:00Z'));
  });

  it('cancelled before its run: the schedule is deleted and nothing is sent', async () => {
    await publish(runtime, 'Customer Upserted', customer('cx-1', 't-cancel-before'));
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-cancel-before', 't-cancel-before', { schedule: { at: '2027-04-15T09:00:00Z' } }),
    );
    expect(runtime.scheduler.schedules().some((s) => s.name.endsWith('cmp-cancel-before'))).toBe(true);
    await publish(runtime, 'Campaign Cancelled', {
      campaignId: 'cmp-cancel-before',
      at: '2027-04-14T12:00:00Z',
    });
    expect(runtime.scheduler.schedules().some((s) => s.name.endsWith('cmp-cancel-before'))).toBe(false);
    await runUntil('2027-04-16T00:00:00Z');
    expect(await recordsOf('cmp-cancel-before')).toEqual([]);
    expect(await runsOf('cmp-cancel-before')).toEqual([]);
  });

  it('cancelled during its run: it stops before the next wave, and those not reached are recorded campaign-cancelled', async () => {
    await publish(
      runtime,
      'Customer Upserted',
      customer('cd-helsinki', 't-cancel-during', { timeZone: 'Europe/Helsinki', market: 'FI' }),
    );
    await publish(runtime, 'Customer Upserted', customer('cd-oslo-1', 't-cancel-during'));
    await publish(runtime, 'Customer Upserted', customer('cd-oslo-2', 't-cancel-during'));
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-cancel-during', 't-cancel-during', {
        schedule: { date: '2027-04-20', localTime: '10:00' },
      }),
    );
    // 10:00 in Helsinki (07:00Z) has gone out; 10:00 in Oslo (08:00Z) has not.
    await runUntil('2027-04-20T07:30:00Z');
    await publish(runtime, 'Campaign Cancelled', {
      campaignId: 'cmp-cancel-during',
      at: '2027-04-20T07:30:00Z',
    });
    await runUntil('2027-04-21T00:00:00Z');
    const outcome = Object.fromEntries(
      (await recordsOf('cmp-cancel-during')).map((r) => [r.customerId, r.reason ?? r.status]),
    );
    expect(outcome).toEqual({
      'cd-helsinki': 'sent',
      'cd-oslo-1': 'campaign-cancelled',
      'cd-oslo-2': 'campaign-cancelled',
    });
    const [run] = await runsOf('cmp-cancel-during');
    expect(run?.result).toMatchObject({ audience: 3, sent: 1, suppressed: { 'campaign-cancelled': 2 } });
  });

  it('replaces a campaign before its start: the new definition runs, the old one never does', async () => {
    await publish(runtime, 'Customer Upserted', customer('rp-old', 't-replace-old'));
    await publish(runtime, 'Customer Upserted', customer('rp-new', 't-replace-new'));
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-replace', 't-replace-old', { schedule: { at: '2027-04-22T09:00:00Z' } }),
    );
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-replace', 't-replace-new', { schedule: { at: '2027-04-23T09:00:00Z' } }),
    );
    await runUntil('2027-04-22T12:00:00Z');
    expect(await recordsOf('cmp-replace')).toEqual([]);
    await runUntil('2027-04-24T00:00:00Z');
    const records = await recordsOf('cmp-replace');
    expect(records.map((r) => [r.customerId, r.facts.runAt])).toEqual([['rp-new', '2027-04-23T09:00:00Z']]);
  });

  it('previews a campaign on the real data: nothing claimed or sent, a report with counts and samples', async () => {
    for (const id of ['pv-1', 'pv-2', 'pv-3', 'pv-4'])
      await publish(runtime, 'Customer Upserted', customer(id, 't-preview'));
    await publish(
      runtime,
      'Customer Upserted',
      customer('pv-no', 't-preview', { consents: { marketing: false, surveys: false } }),
    );
    const sentBefore = runtime.services.email.stats?.() ?? null;
    const [scheduled] = await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-preview', 't-preview', {
        schedule: { at: '2027-05-02T09:00:00Z' },
        dryRun: true,
        holdoutPercent: 20,
      }),
    );
    expect(statesOf(scheduled)).toEqual([
      'ValidateAndStore',
      'Schedule',
      'IsPreview',
      'StartPreview',
      'PreviewStarted',
    ]);
    await runtime.clock.whenIdle();
    await runUntil('2027-04-24T01:00:00Z');
    expect(await recordsOf('cmp-preview')).toEqual([]);
    expect(runtime.scheduler.schedules().some((s) => s.name.endsWith('cmp-preview'))).toBe(false);
    const [run] = await runsOf('cmp-preview');
    expect(run?.dryRun).toBe(true);
    expect(run?.previewKey).toMatch(/^campaigns\/.*-preview\/preview\.json$/);
    const object = await runtime.s3.send(
      new GetObjectCommand({ Bucket: runtime.deps.runsBucket, Key: run?.previewKey }),
    );
    const preview = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    expect(preview.audience).toBe(5);
    expect(Object.values(preview.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5);
    expect(preview.outcomes['no-consent'] ?? 0).toBeLessThanOrEqual(1);
    expect(preview.samples.length).toBeGreaterThan(0);
    expect(preview.samples[0].subject).toBe('Fastpris for deg, Kari');
    expect(preview.byMarket.NO).toBeGreaterThan(0);
    void sentBefore;
    // A preview replaces nothing: the same campaign can still be scheduled for real.
    expect(await repositories().campaigns.get('cmp-preview')).toBeUndefined();
  });

  it('predicts in a preview what the send gate will do while the reputation breaker pauses marketing', async () => {
    for (const id of ['pp-1', 'pp-2']) await publish(runtime, 'Customer Upserted', customer(id, 't-paused'));
    await repositories().controls.pauseSends({
      since: runtime.clock.now().toISOString(),
      by: 'Stille-SesComplaintRate',
      reason: 'complaint rate above 0.08 %',
    });
    try {
      await publish(
        runtime,
        'Campaign Scheduled',
        campaign('cmp-paused', 't-paused', { schedule: { at: '2027-05-02T09:00:00Z' }, dryRun: true }),
      );
      await runtime.clock.whenIdle();
      await runUntil('2027-04-24T01:00:00Z');
      const [run] = await runsOf('cmp-paused');
      const object = await runtime.s3.send(
        new GetObjectCommand({ Bucket: runtime.deps.runsBucket, Key: run?.previewKey }),
      );
      const preview = JSON.parse((await object.Body?.transformToString()) ?? '{}');
      expect(preview.outcomes).toEqual({ 'sending-paused': 2 });
    } finally {
      await repositories().controls.resumeSends();
    }
  });

  it('rejects every kind of bad campaign with field errors, and schedules nothing', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ audience: { attribute: 'shoeSize', equals: 42 } }, 'audience.attribute'],
      [{ audience: { attribute: 'market', like: 'NO' } }, 'audience.like'],
      [{ audience: { received: { kind: 'love-letter', withinDays: 3 } } }, 'audience.received.kind'],
      [{ kind: 'newsletter' }, 'kind'],
      [{ content: { 'en-GB': CONTENT['en-GB'] } }, 'content'],
      [
        {
          content: {
            'nb-NO': { ...CONTENT['nb-NO'], action: { text: 'Se', url: 'http://stille.example/x' } },
          },
        },
        'content.nb-NO.action.url',
      ],
      [{ kind: 'retention-offer', offerId: 'fix-24m-no', content: undefined }, 'offerId'],
      [{ schedule: { at: '2027-01-01T09:00:00Z' } }, 'schedule.at'],
      [{ schedule: { at: '2029-01-01T09:00:00Z' } }, 'schedule.at'],
      [{ schedule: { cron: '0 10 1 * ?', timeZone: 'Europe/Oslo' } }, 'schedule.cron'],
      [{ schedule: { cron: '0 10 1 * ? *' } }, 'schedule.timeZone'],
      [{ holdoutPercent: 60 }, 'holdoutPercent'],
    ];
    const rejectionsBefore = (await repositories().rejections.list()).length;
    for (const [overrides, path] of bad) {
      const [record] = await publish(runtime, 'Campaign Scheduled', campaign('cmp-bad', 't-bad', overrides));
      expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
      const rejection = (await repositories().rejections.list()).find(
        (r) => r.eventId === (record?.input as { id?: string } | undefined)?.id,
      );
      expect(rejection?.errors.map((e) => e.path)).toContain(path);
    }
    expect((await repositories().rejections.list()).length).toBe(rejectionsBefore + bad.length);
    expect(runtime.scheduler.schedules().some((s) => s.name.endsWith('cmp-bad'))).toBe(false);
    expect(await repositories().campaigns.get('cmp-bad')).toBeUndefined();
  });

  it('paces a rate-limited run batch by batch, and a cancel between two batches stops the rest of the wave', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `pc-${String(i).padStart(2, '0')}`);
    for (const id of ids) await publish(runtime, 'Customer Upserted', customer(id, 't-paced'));
    await publish(
      runtime,
      'Campaign Scheduled',
      campaign('cmp-paced', 't-paced', { schedule: { at: '2027-05-10T09:00:00Z' }, maxPerSecond: 1 }),
    );
    // One a second: batches of ten, each child holding its slot for ten seconds.
    await runUntil('2027-05-10T09:00:15Z');
    await publish(runtime, 'Campaign Cancelled', { campaignId: 'cmp-paced', at: '2027-05-10T09:00:15Z' });
    await runUntil('2027-05-11T00:00:00Z');
    const records = await recordsOf('cmp-paced');
    expect(records).toHaveLength(25);
    const sentAt = new Map<string, number>();
    for (const record of records) {
      if (record.status === 'sent') {
        const second = (record.sentAt ?? '').slice(11, 19);
        sentAt.set(second, (sentAt.get(second) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(sentAt)).toEqual({ '09:00:00': 10, '09:00:10': 10 });
    const cancelled = records.filter((r) => r.reason === 'campaign-cancelled').map((r) => r.customerId);
    expect(cancelled.sort()).toEqual(ids.slice(20));
    const [run] = await runsOf('cmp-paced');
    expect(run?.result).toMatchObject({ audience: 25, sent: 20, suppressed: { 'campaign-cancelled': 5 } });
  });
});
