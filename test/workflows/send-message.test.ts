import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { messageIdFor } from '#adapters/dynamo/messages.ts';
import { DEFAULT_SENDER_PROFILES } from '#domain/config/sender-profile.ts';
import type { CustomerUpserted, MessageKind } from '#domain/contracts/index.ts';
import { PURPOSE_OF_KIND } from '#domain/contracts/message-requested.ts';
import { IN_FLIGHT_LEASE_MS } from '#domain/messaging/delivery-policy.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';
import { customerUpserted } from '../helpers/events.ts';
import { functionId, publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';
import { campaignFacts, invoiceFacts, retentionFacts } from '../unit/templates/fixtures.ts';

const START = '2027-01-05T10:00:00Z'; // 11:00 in Oslo
/** The states of an execution whose delivery failed for good. */
const FAILED_PATH = ['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'RecordFailure', 'Failed'];
/** Two SendMessage executions of one request: the one holding the claim, and a replay. */
const HOLDER = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:holder:1';
const REPLAY = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:replay:2';

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
  /**
   * An attempt of another SendMessage execution holding the claim of the message `kind#triggerId#customerId`
   * since `claimedAt`, as the ledger stores it.
   */
  const claimAs = (
    execution: string,
    claimedAt: string,
    dedupeKey: string,
    facts: Record<string, unknown>,
  ) => {
    const [kind = '', triggerId, customerId] = dedupeKey.split('#');
    return runtime.deps.ddb.send(
      new PutCommand({
        TableName: runtime.deps.tables.messagesTable,
        Item: {
          dedupeKey,
          messageId: messageIdFor(dedupeKey),
          customerId,
          kind,
          purpose: PURPOSE_OF_KIND[kind as MessageKind],
          locale: 'nb-NO',
          trigger: { detailType: 'Test', id: triggerId },
          facts,
          channel: 'email',
          to: `${customerId}@example.no`,
          state: 'sending',
          attempts: 1,
          claimedAt,
          claimedBy: execution,
          createdAt: claimedAt,
        },
      }),
    );
  };
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
    // Who it is from and how to reach us: a reply goes to customer service (the market's sender profile).
    expect(emails[0]?.replyTo).toEqual([DEFAULT_SENDER_PROFILES.NO.replyTo]);
    expect(emails[0]?.text).toContain(DEFAULT_SENDER_PROFILES.NO.phone);
    // A service notice carries no unsubscribe header.
    expect(Object.keys(emails[0]?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
      'list-unsubscribe',
    );
  });

  it('never sends twice when the same request is replayed: Deliver’s claim reports the sent message as a duplicate', async () => {
    // Decide reads no ledger before deciding: the replay is a `send`, and the claim finds it final.
    const [replay] = await request('invoice-explanation', 'c-mail', invoiceFacts(), 'inv-1');
    expect(statesOf(replay)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(replay?.output).toEqual({
      status: 'sent',
      dedupeKey: 'invoice-explanation#inv-1#c-mail',
      duplicate: true,
    });
    const emails = (await runtime.services.email.sent()).filter((e) => e.to.includes('c-mail@example.no'));
    expect(emails).toHaveLength(1);
    expect(await ledger('invoice-explanation#inv-1#c-mail')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('leaves a claim another execution holds alone: the replay ends as a duplicate, the holder settles it', async () => {
    // The same request delivered twice at the same instant: execution A claimed the message a moment
    // ago and is still sending it (e.g. retrying a throttled provider) when the replay B decides.
    const dedupeKey = 'invoice-explanation#inv-held#c-mail';
    const now = runtime.clock.now().toISOString();
    await claimAs(HOLDER, now, dedupeKey, invoiceFacts());
    const emailsBefore = (await runtime.services.email.sent()).length;

    const [replay] = await request('invoice-explanation', 'c-mail', invoiceFacts(), 'inv-held');

    expect(statesOf(replay)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(replay?.output).toMatchObject({ dedupeKey, duplicate: true, status: 'in-flight' });
    expect(await ledger(dedupeKey)).toMatchObject({ state: 'sending', attempts: 1, claimedAt: now });
    expect(runtime.alerts().filter((a) => a.dedupeKey === dedupeKey)).toEqual([]);
    expect((await runtime.services.email.sent()).length).toBe(emailsBefore);
    // A's provider accepted it: its markSent still finds its claim and records the message sent.
    const settled = await repositoriesFrom(runtime.deps).messages.markSent(dedupeKey, {
      providerMessageId: 'ses-held',
      sentAt: now,
      channel: 'email',
      to: 'c-mail@example.no',
      subject: 'S',
      text: 'T',
      html: '<p>T</p>',
      locale: 'nb-NO',
    });
    expect(settled).toEqual({ applied: true });
    expect(await ledger(dedupeKey)).toMatchObject({ status: 'sent', providerMessageId: 'ses-held' });
  });

  it('takes over a service notice whose holder died past its lease, and sends it again under its own claim', async () => {
    const dedupeKey = 'invoice-explanation#inv-dead#c-mail';
    const facts = { ...invoiceFacts(), invoiceId: 'inv-dead' };
    const claimedAt = new Date(runtime.clock.nowMs() - IN_FLIGHT_LEASE_MS).toISOString();
    await claimAs(HOLDER, claimedAt, dedupeKey, facts);

    const [execution] = await request('invoice-explanation', 'c-mail', facts, 'inv-dead');

    expect(statesOf(execution)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(await ledger(dedupeKey)).toMatchObject({
      status: 'sent',
      attempts: 2,
      claimedBy: execution?.executionArn,
    });
    const emails = (await runtime.services.email.sent()).filter((e) => e.text?.includes('inv-dead'));
    expect(emails).toHaveLength(1);
  });

  it('gives up on a marketing message whose holder died past its lease: failed, alerted, not sent', async () => {
    await publish(runtime, 'Customer Upserted', customer('c-dead'));
    const dedupeKey = 'retention-offer#campaign-dead#c-dead';
    const claimedAt = new Date(runtime.clock.nowMs() - IN_FLIGHT_LEASE_MS).toISOString();
    await claimAs(HOLDER, claimedAt, dedupeKey, retentionFacts());

    const [execution] = await request('retention-offer', 'c-dead', retentionFacts(), 'campaign-dead');

    expect(statesOf(execution)).toEqual(FAILED_PATH);
    expect(execution?.output).toEqual({ dedupeKey, recorded: true });
    expect(await ledger(dedupeKey)).toMatchObject({
      status: 'failed',
      reason: 'provider-error',
      claimedBy: execution?.executionArn,
      detail: expect.stringContaining('outcome unknown'),
    });
    expect(
      runtime.alerts().filter((a) => a.kind === 'delivery-failed' && a.dedupeKey === dedupeKey),
    ).toHaveLength(1);
    expect((await runtime.services.email.sent()).filter((e) => e.to.includes('c-dead@'))).toHaveLength(0);
  });

  it('records a failure only for the execution that claimed the message, and alerts only then', async () => {
    const dedupeKey = 'invoice-explanation#inv-record#c-mail';
    const now = runtime.clock.now().toISOString();
    await claimAs(HOLDER, now, dedupeKey, invoiceFacts());
    const failure = (execution: string) =>
      runtime.lambda.invoke(functionId(runtime, 'record-delivery-failure.ts'), {
        request: {
          kind: 'invoice-explanation',
          customerId: 'c-mail',
          trigger: { detailType: 'Test', id: 'inv-record' },
          facts: invoiceFacts(),
        },
        decision: { action: 'send', channel: 'email', to: 'c-mail@example.no' },
        error: { Error: 'TransientError', Cause: 'retries exhausted' },
        execution,
      });
    const alerts = () => runtime.alerts().filter((a) => a.dedupeKey === dedupeKey);

    await expect(failure(REPLAY)).resolves.toEqual({ dedupeKey, recorded: false });
    expect(await ledger(dedupeKey)).toMatchObject({ state: 'sending', claimedBy: HOLDER });
    expect(alerts()).toEqual([]);

    await expect(failure(HOLDER)).resolves.toEqual({ dedupeKey, recorded: true });
    expect(await ledger(dedupeKey)).toMatchObject({
      status: 'failed',
      reason: 'provider-error',
      locale: 'nb-NO',
      detail: 'TransientError: retries exhausted',
    });
    expect(alerts()).toEqual([expect.objectContaining({ kind: 'delivery-failed', error: 'TransientError' })]);
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

  it('reports a replay of a suppressed message as a duplicate: its suppression is refused on the final record', async () => {
    const [replay] = await request('retention-offer', 'c-noconsent', retentionFacts(), 'campaign-1');
    expect(statesOf(replay)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Suppressed']);
    expect(replay?.output).toMatchObject({
      decision: { action: 'suppress', reason: 'duplicate', detail: 'already suppressed' },
    });
    expect(await ledger('retention-offer#campaign-1#c-noconsent')).toMatchObject({
      status: 'suppressed',
      reason: 'no-consent',
    });
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

    // Opt-outs are per channel: email is closed for marketing, so the next marketing message goes by
    // SMS (a campaign message: a second retention offer within 90 days would be capped).
    const [next] = await request('campaign-message', 'c-offer', campaignFacts(), 'campaign-3');
    expect(statesOf(next)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(await ledger('campaign-message#campaign-3#c-offer')).toMatchObject({
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
    expect(statesOf(execution)).toEqual(FAILED_PATH);
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
