import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '../../functions/adapters/dynamo/index.ts';
import type { CustomerUpserted } from '../../functions/domain/contracts/index.ts';
import type { LocalRuntime } from '../../local/runtime.ts';
import type { ExecutionRecord } from '../../local/stepfunctions/local-step-functions.ts';
import { customerUpserted } from '../helpers/events.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';
import { invoiceFacts, retentionFacts } from '../unit/templates/fixtures.ts';

const START = '2027-01-05T10:00:00Z'; // 11:00 in Oslo

function customer(customerId: string, overrides: Partial<CustomerUpserted> = {}) {
  return customerUpserted({
    customerId,
    email: `${customerId}@example.no`,
    consents: { marketing: true, surveys: true },
    products: [],
    ...overrides,
  });
}

describe('SendMessage, the send gate (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const ledger = (dedupeKey: string) => repositoriesFrom(runtime.deps).messages.get(dedupeKey);
  const sendGate = (records: ExecutionRecord[]) =>
    records.filter((r) => r.stateMachine.startsWith('SendMessage'));
  const request = async (
    kind: string,
    customerId: string,
    facts: Record<string, unknown>,
    triggerId: string,
  ) =>
    sendGate(
      await publish(runtime, 'Message Requested', {
        kind,
        customerId,
        trigger: { detailType: 'Test', id: triggerId },
        facts,
      }),
    );
  /** Lets timers due in the next `seconds` (SES events, waits) run. */
  const settle = (seconds: number) => runtime.runUntil(runtime.clock.nowMs() + seconds * 1000);

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    for (const c of [
      customer('c-mail'),
      customer('c-sms', { preferredChannel: 'sms' }),
      customer('c-offer'),
      customer('c-bounce', { email: 'bounce@simulator.amazonses.com' }),
      customer('c-noconsent', { consents: { marketing: false, surveys: false } }),
    ]) {
      await publish(runtime, 'Customer Upserted', c);
    }
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('sends a service notice by email through Decide and Deliver, and records it in the ledger', async () => {
    const [execution] = await request('invoice-explanation', 'c-mail', invoiceFacts(), 'inv-1');
    expect(execution?.type).toBe('EXPRESS');
    expect(statesOf(execution)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    const record = await ledger('invoice-explanation#inv-1#c-mail');
    expect(record).toMatchObject({ status: 'sent', reason: null, channel: 'email', to: 'c-mail@example.no' });
    const emails = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-mail@example.no'));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe(record?.subject);
    // A service notice carries no unsubscribe header.
    expect(Object.keys(emails[0]?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
      'list-unsubscribe',
    );
  });

  it('never sends twice when the same request is replayed', async () => {
    const [replay] = await request('invoice-explanation', 'c-mail', invoiceFacts(), 'inv-1');
    expect(statesOf(replay)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Suppressed']);
    expect(replay?.output).toMatchObject({ decision: { action: 'suppress', reason: 'duplicate' } });
    const emails = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-mail@example.no'));
    expect(emails).toHaveLength(1);
    expect((await ledger('invoice-explanation#inv-1#c-mail'))?.status).toBe('sent');
  });

  it('records a marketing message without consent as suppressed, and sends nothing', async () => {
    const [execution] = await request('retention-offer', 'c-noconsent', retentionFacts(), 'campaign-1');
    expect(statesOf(execution)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Suppressed']);
    expect(await ledger('retention-offer#campaign-1#c-noconsent')).toMatchObject({
      status: 'suppressed',
      reason: 'no-consent',
    });
    const emails = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-noconsent'));
    expect(emails).toHaveLength(0);
  });

  it('unsubscribes with one click (RFC 8058) and suppresses the next marketing message as opted out', async () => {
    await request('retention-offer', 'c-offer', retentionFacts(), 'campaign-2');
    const [email] = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-offer@example.no'));
    const headers = Object.fromEntries(
      Object.entries(email?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = /<([^>]+)>/.exec(headers['list-unsubscribe'] ?? '')?.[1];
    expect(url).toMatch(/\/unsubscribe\?token=/);

    // A GET (a mail scanner following the link) changes nothing.
    const page = await fetch(url as string);
    expect(page.status).toBe(200);
    const oneClick = await fetch(url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    await settle(5);
    const stored = await repositoriesFrom(runtime.deps).customers.get('c-offer');
    expect(stored?.optOuts).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'marketing',
        optedOut: true,
        source: 'unsubscribe-link',
      }),
    ]);

    // Opt-outs are per channel: email is closed for marketing, so the next offer goes by SMS.
    const [next] = await request('retention-offer', 'c-offer', retentionFacts(), 'campaign-3');
    expect(statesOf(next)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(await ledger('retention-offer#campaign-3#c-offer')).toMatchObject({
      status: 'sent',
      channel: 'sms',
    });
    const emails = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-offer@example.no'));
    expect(emails).toHaveLength(1);
  });

  it('refuses a forged unsubscribe token', async () => {
    const forged = `${runtime.apiUrl()}/unsubscribe?token=eyJ1c2UiOiJ1bnN1YnNjcmliZSJ9.AAAA`;
    const response = await fetch(forged, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(400);
  });

  it('waits out quiet hours for an SMS and sends it when they end, in the customer’s time zone', async () => {
    // 22:30 UTC is 23:30 in Oslo: inside 21:00–08:00.
    await runtime.runUntil(Date.parse('2027-01-05T22:30:00Z'));
    const [execution] = await request('invoice-explanation', 'c-sms', invoiceFacts(), 'inv-night');
    expect(statesOf(execution)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'ScheduleRetry', 'Deferred']);
    expect(
      runtime.services.sms
        .sent()
        .filter((m) => m.context.dedupeKey === 'invoice-explanation#inv-night#c-sms'),
    ).toHaveLength(0);

    await runtime.runUntil(Date.parse('2027-01-06T09:00:00Z'));
    const sms = runtime.services.sms
      .sent()
      .filter((m) => m.context.dedupeKey === 'invoice-explanation#inv-night#c-sms');
    expect(sms).toHaveLength(1);
    // 08:00 in Oslo in January is 07:00 UTC.
    expect(sms[0]?.at).toBe('2027-01-06T07:00:00.000Z');
    expect(sms[0]?.messageType).toBe('TRANSACTIONAL');
    expect(await ledger('invoice-explanation#inv-night#c-sms')).toMatchObject({
      status: 'sent',
      channel: 'sms',
    });
  });

  it('closes an address that bounced, so the next notice goes by SMS', async () => {
    await request('invoice-explanation', 'c-bounce', invoiceFacts(), 'inv-b1');
    expect((await ledger('invoice-explanation#inv-b1#c-bounce'))?.status).toBe('sent');
    await settle(60); // SES reports the bounce a few seconds later
    const [next] = await request('invoice-explanation', 'c-bounce', invoiceFacts(), 'inv-b2');
    expect(statesOf(next)).toContain('Sent');
    expect(await ledger('invoice-explanation#inv-b2#c-bounce')).toMatchObject({
      status: 'sent',
      channel: 'sms',
    });
  });

  it('records a message whose facts cannot be rendered as failed and raises an alert', async () => {
    const [execution] = await request(
      'invoice-explanation',
      'c-mail',
      { invoiceId: 'inv-broken' },
      'inv-broken',
    );
    expect(statesOf(execution)).toEqual([
      'IsEvent',
      'Decide',
      'RouteDecision',
      'Deliver',
      'RecordFailure',
      'Failed',
    ]);
    expect(await ledger('invoice-explanation#inv-broken#c-mail')).toMatchObject({
      status: 'failed',
      reason: 'render-error',
    });
    expect(
      runtime
        .alerts()
        .some((a) => a.kind === 'delivery-failed' && a.dedupeKey === 'invoice-explanation#inv-broken#c-mail'),
    ).toBe(true);
  });

  it('never lets concurrent marketing requests slip past the cap of two in 30 days', async () => {
    await publish(runtime, 'Customer Upserted', customer('c-burst', { preferredChannel: 'email' }));
    const started = Array.from({ length: 6 }, (_, i) =>
      runtime.putEvent({
        source: 'crm',
        detailType: 'Message Requested',
        detail: {
          kind: 'retention-offer',
          customerId: 'c-burst',
          trigger: { detailType: 'Campaign', id: `burst-${i}` },
          facts: retentionFacts(),
        },
      }),
    );
    await Promise.all(started.flatMap((result) => result.executions.map((execution) => execution.done)));
    const records = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ledger(`retention-offer#burst-${i}#c-burst`)),
    );
    const sent = records.filter((r) => r?.status === 'sent');
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(
      records.filter((r) => r?.status === 'suppressed').every((r) => r?.reason === 'frequency-cap'),
    ).toBe(true);
    expect(records.every((r) => r?.status === 'sent' || r?.status === 'suppressed')).toBe(true);
    const delivered =
      (await runtime.services.email.sent()).filter((e) => e.to.includes('c-burst@')).length +
      runtime.services.sms.sent().filter((m) => m.context.customerId === 'c-burst').length;
    expect(delivered).toBe(sent.length);
  });

  it('rejects an invalid request with its field errors instead of sending', async () => {
    const [execution] = await request('newsletter', 'c-mail', {}, 'x');
    expect(statesOf(execution)).toEqual(['IsEvent', 'Decide', 'RecordRejection', 'Rejected']);
  });
});
