import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MessageLedger,
  messageIdFor,
  type PendingMessage,
  type SentDetails,
} from '#adapters/dynamo/messages.ts';
import { MessageRecord } from '#domain/contracts/messages.ts';
import { type DynaliteLedger, startLedgerOnDynalite } from '../../helpers/dynalite-ledger.ts';

// The ledger against dynalite: conditions are evaluated for real, and concurrent writers race for real.
const TABLE = 'messages-dynalite';
let running: DynaliteLedger;
let ledger: MessageLedger;

beforeAll(async () => {
  running = await startLedgerOnDynalite(TABLE);
  ledger = running.ledger;
});

afterAll(async () => {
  await running?.close();
});

function message(key: string, overrides: Partial<PendingMessage> = {}): PendingMessage {
  const dedupeKey = `survey-request#${key}#c-2002`;
  return {
    messageId: messageIdFor(dedupeKey),
    dedupeKey,
    customerId: 'c-2002',
    kind: 'survey-request',
    purpose: 'survey',
    locale: 'sv-SE',
    trigger: { detailType: 'Support Ticket Resolved', id: key },
    facts: { surveyId: `s-${key}`, trigger: 'ticket' },
    channel: 'email',
    to: 'anna@example.se',
    subject: 'Hur gick det?',
    text: 'Svara med ett klick.',
    html: '<p>Svara med ett klick.</p>',
    ...overrides,
  };
}

function sent(at: string): SentDetails {
  return {
    providerMessageId: `ses-${at}`,
    sentAt: at,
    channel: 'email',
    to: 'anna@example.se',
    subject: 'Hur gick det?',
    text: 'Svara med ett klick.',
    html: '<p>Svara med ett klick.</p>',
    locale: 'sv-SE',
  };
}

const T0 = new Date('2027-01-10T09:00:00.000Z');
/** Two SendMessage executions of the same request: A, and its replay B. */
const A = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:a:1';
const B = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:b:2';

describe('message ledger on dynalite', () => {
  it('gives exactly one of many concurrent claims of the same message', async () => {
    const pending = message('t-race');

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ledger.claim(pending, `execution-${i}`, T0)),
    );

    const outcomes = results.map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'in-flight')).toHaveLength(7);
    const stored = await ledger.get(pending.dedupeKey);
    expect(stored).toMatchObject({ state: 'sending', attempts: 1, messageId: pending.messageId });
    const winner = results.findIndex((result) => result.outcome === 'claimed');
    expect(stored?.claimedBy).toBe(`execution-${winner}`);
    // Every loser is told who holds it.
    expect(results.filter((r) => r.outcome === 'in-flight').every((r) => r.record.claimedBy)).toBe(true);
  });

  it('gives exactly one claim of two concurrent claims', async () => {
    const pending = message('t-pair');

    const [first, second] = await Promise.all([ledger.claim(pending, A, T0), ledger.claim(pending, B, T0)]);

    expect([first.outcome, second.outcome].sort()).toEqual(['claimed', 'in-flight']);
  });

  it('never overwrites a final record, whoever writes late', async () => {
    const pending = message('t-final');
    await ledger.claim(pending, A, T0);
    await expect(ledger.markSent(pending.dedupeKey, sent('2027-01-10T09:00:01.000Z'))).resolves.toEqual({
      applied: true,
    });
    const final = await ledger.get(pending.dedupeKey);

    const late = await Promise.all([
      ledger.markSent(pending.dedupeKey, sent('2027-01-10T09:05:00.000Z')),
      ledger.markFailed(pending.dedupeKey, A, { reason: 'provider-error', detail: 'late failure', at: T0 }),
      ledger.recordFailure(pending, A, { reason: 'provider-error', detail: 'late failure', at: T0 }),
      ledger.markSuppressed(pending, 'opted-out', T0),
      ledger.release(pending.dedupeKey, A),
      ledger.suppressClaimed(pending.dedupeKey, A, { reason: 'frequency-cap', detail: 'late', at: T0 }),
    ]);
    const reclaim = await ledger.claim(pending, B, new Date('2027-01-10T10:00:00.000Z'));
    const takeOver = await ledger.takeOver(pending.dedupeKey, 1, B, new Date('2027-01-10T10:00:00.000Z'));

    expect(late.every((outcome) => outcome.applied === false)).toBe(true);
    expect(reclaim.outcome).toBe('final');
    expect(takeOver.outcome).toBe('final');
    expect(await ledger.get(pending.dedupeKey)).toEqual(final);
    expect(final).toMatchObject({
      state: 'final',
      status: 'sent',
      reason: null,
      providerMessageId: 'ses-2027-01-10T09:00:01.000Z',
    });
  });

  it('lets exactly one of a racing markSent and markFailed settle the message', async () => {
    const pending = message('t-settle-race');
    await ledger.claim(pending, A, T0);

    const [asSent, asFailed] = await Promise.all([
      ledger.markSent(pending.dedupeKey, sent('2027-01-10T09:00:02.000Z')),
      ledger.markFailed(pending.dedupeKey, A, {
        reason: 'provider-error',
        detail: 'outcome unknown',
        at: T0,
      }),
    ]);

    expect([asSent.applied, asFailed.applied].filter(Boolean)).toHaveLength(1);
    const stored = await ledger.get(pending.dedupeKey);
    expect(stored?.status).toBe(asSent.applied ? 'sent' : 'failed');
  });

  it('claims a released message again, keeping its id and creation time and counting the attempt', async () => {
    const pending = message('t-release');
    await ledger.claim(pending, A, T0);
    await expect(ledger.release(pending.dedupeKey, A, 'TooManyRequestsException')).resolves.toEqual({
      applied: true,
    });
    // A second release finds no claim to release.
    await expect(ledger.release(pending.dedupeKey, A)).resolves.toEqual({ applied: false });

    const later = new Date('2027-01-10T09:00:30.000Z');
    const retry = await ledger.claim({ ...pending, messageId: 'another-id' }, A, later);

    expect(retry.outcome).toBe('claimed');
    expect(retry.record).toMatchObject({
      state: 'sending',
      attempts: 2,
      messageId: pending.messageId,
      createdAt: T0.toISOString(),
      claimedAt: later.toISOString(),
      detail: 'TooManyRequestsException',
    });
  });

  it('lets exactly one of two attempts take over a dead claim', async () => {
    const pending = message('t-takeover');
    const first = await ledger.claim(pending, A, T0);
    const seen = first.record.attempts;
    const later = new Date('2027-01-10T09:10:00.000Z');

    const results = await Promise.all([
      ledger.takeOver(pending.dedupeKey, seen, B, later),
      ledger.takeOver(pending.dedupeKey, seen, 'execution-c', later),
    ]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['claimed', 'in-flight']);
    const taker = results[0]?.outcome === 'claimed' ? B : 'execution-c';
    expect(await ledger.get(pending.dedupeKey)).toMatchObject({
      attempts: 2,
      claimedAt: later.toISOString(),
      claimedBy: taker,
    });
    // The dead holder, should it come back, can no longer release or fail what it lost.
    expect(await ledger.release(pending.dedupeKey, A)).toEqual({ applied: false });
    expect(
      await ledger.markFailed(pending.dedupeKey, A, { reason: 'provider-error', detail: 'late', at: later }),
    ).toEqual({
      applied: false,
    });
  });

  it('leaves a live claim to its holder: a replay can neither fail, release nor suppress it', async () => {
    // The race of issue 12: B, a replay of A's request, ran out of retries while A was still sending.
    const pending = message('t-replay');
    await ledger.claim(pending, A, T0);
    const claimed = await ledger.get(pending.dedupeKey);

    const replay = await Promise.all([
      ledger.recordFailure(pending, B, {
        reason: 'provider-error',
        detail: 'States.ALL: retries exhausted',
        at: T0,
      }),
      ledger.markFailed(pending.dedupeKey, B, {
        reason: 'provider-error',
        detail: 'MessageRejected',
        at: T0,
      }),
      ledger.release(pending.dedupeKey, B, 'TooManyRequestsException'),
      ledger.suppressClaimed(pending.dedupeKey, B, { reason: 'frequency-cap', detail: 'at the cap', at: T0 }),
    ]);

    expect(replay.every((outcome) => outcome.applied === false)).toBe(true);
    expect(await ledger.get(pending.dedupeKey)).toEqual(claimed);
    // The holder's provider accepted the message: the ledger says so.
    await expect(ledger.markSent(pending.dedupeKey, sent('2027-01-10T09:00:01.000Z'))).resolves.toEqual({
      applied: true,
    });
    expect(await ledger.get(pending.dedupeKey)).toMatchObject({
      state: 'final',
      status: 'sent',
      claimedBy: A,
    });
  });

  it('lets only the execution that claimed a released message last record it as failed, keeping its content', async () => {
    const pending = message('t-released-failure');
    await ledger.claim(pending, A, T0);
    await ledger.release(pending.dedupeKey, A, 'TooManyRequestsException');

    const byReplay = await ledger.recordFailure(
      { ...pending, locale: 'en-GB', subject: null, text: null, html: null },
      B,
      { reason: 'provider-error', detail: 'retries exhausted', at: T0 },
    );
    const byHolder = await ledger.recordFailure(
      { ...pending, locale: 'en-GB', subject: null, text: null, html: null },
      A,
      { reason: 'provider-error', detail: 'States.ALL: retries exhausted', at: T0 },
    );

    expect(byReplay).toEqual({ applied: false });
    expect(byHolder).toEqual({ applied: true });
    expect(await ledger.get(pending.dedupeKey)).toMatchObject({
      state: 'final',
      status: 'failed',
      reason: 'provider-error',
      detail: 'States.ALL: retries exhausted',
      claimedBy: A,
      attempts: 1,
      locale: 'sv-SE',
      subject: 'Hur gick det?',
    });
  });

  it('hands a released message to the execution that claims it next: the earlier holder can no longer fail it', async () => {
    const pending = message('t-handed-over');
    await ledger.claim(pending, A, T0);
    await ledger.release(pending.dedupeKey, A, 'TooManyRequestsException');

    const byReplay = await ledger.claim(pending, B, T0);
    const lateFailure = await ledger.recordFailure(pending, A, {
      reason: 'provider-error',
      detail: 'retries exhausted',
      at: T0,
    });
    const holderRetry = await ledger.claim(pending, A, T0);

    expect(byReplay).toMatchObject({ outcome: 'claimed', record: { claimedBy: B, attempts: 2 } });
    expect(lateFailure).toEqual({ applied: false });
    expect(holderRetry).toMatchObject({ outcome: 'in-flight', record: { claimedBy: B } });
  });

  it('gives exactly one of a holder recording its failure and a replay claiming the released message', async () => {
    const pending = message('t-failure-race');
    await ledger.claim(pending, A, T0);
    await ledger.release(pending.dedupeKey, A, 'InternalFailure');

    const [failure, replay] = await Promise.all([
      ledger.recordFailure(pending, A, { reason: 'provider-error', detail: 'retries exhausted', at: T0 }),
      ledger.claim(pending, B, T0),
    ]);

    const stored = await ledger.get(pending.dedupeKey);
    if (failure.applied) {
      expect(replay.outcome).toBe('final');
      expect(stored).toMatchObject({ status: 'failed', claimedBy: A });
    } else {
      expect(replay.outcome).toBe('claimed');
      expect(stored).toMatchObject({ state: 'sending', claimedBy: B });
    }
  });

  it('records a failure before any claim as a new failed record', async () => {
    const pending = message('t-never-claimed');

    const outcome = await ledger.recordFailure(pending, B, {
      reason: 'provider-error',
      detail: 'StepFunctions.Throttling',
      at: T0,
    });

    expect(outcome).toEqual({ applied: true });
    expect(await ledger.get(pending.dedupeKey)).toMatchObject({
      state: 'final',
      status: 'failed',
      attempts: 0,
      claimedBy: null,
      createdAt: T0.toISOString(),
      subject: 'Hur gick det?',
    });
  });

  it('records a suppression when nothing was claimed, but not over an attempt in flight', async () => {
    const suppressed = message('t-suppressed');
    const inFlight = message('t-suppress-in-flight');
    await ledger.claim(inFlight, A, T0);

    const created = await ledger.markSuppressed(
      { ...suppressed, channel: null, to: null, subject: null, text: null, html: null },
      'frequency-cap',
      T0,
      'one survey per 30 days',
    );
    const refused = await ledger.markSuppressed(inFlight, 'opted-out', T0);

    expect(created).toEqual({ applied: true });
    // Refused, it says what holds the message (dynalite returns no item with a refusal: one read).
    expect(refused).toMatchObject({ applied: false, current: { state: 'sending', claimedBy: A } });
    expect(await ledger.get(suppressed.dedupeKey)).toMatchObject({
      state: 'final',
      status: 'suppressed',
      reason: 'frequency-cap',
      detail: 'one survey per 30 days',
      attempts: 0,
      createdAt: T0.toISOString(),
    });
    expect((await ledger.get(inFlight.dedupeKey))?.state).toBe('sending');
  });

  it('finds recent sends of a customer through the index by customer', async () => {
    const customerId = 'c-recent';
    const early = message('t-early', { customerId });
    const recent = message('t-recent', { customerId, kind: 'invoice-explanation', purpose: 'service' });
    const unsent = message('t-unsent', { customerId });
    await ledger.claim(early, A, new Date('2027-01-01T08:00:00.000Z'));
    await ledger.markSent(early.dedupeKey, sent('2027-01-01T08:00:01.000Z'));
    await ledger.claim(recent, A, new Date('2027-01-09T08:00:00.000Z'));
    await ledger.markSent(recent.dedupeKey, {
      ...sent('2027-01-09T08:00:01.000Z'),
      channel: 'sms',
      html: null,
    });
    await ledger.markSuppressed(unsent, 'no-consent', new Date('2027-01-09T09:00:00.000Z'));

    const sends = await ledger.recentSends(customerId, new Date('2027-01-05T00:00:00.000Z'));

    expect(sends).toEqual([
      { kind: 'invoice-explanation', purpose: 'service', channel: 'sms', sentAt: '2027-01-09T08:00:01.000Z' },
    ]);
  });

  it('lists final messages as valid contract records', async () => {
    const records = await ledger.list();

    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const parsed = MessageRecord.safeParse(record);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(record).not.toHaveProperty('state');
      expect(record).not.toHaveProperty('attempts');
    }
    const keys = new Set(records.map((record) => record.dedupeKey));
    // Still in flight: not a record yet.
    expect(keys.has(message('t-race').dedupeKey)).toBe(false);
    expect(keys.has(message('t-final').dedupeKey)).toBe(true);
  });

  it('gives the same records page by page as the sorted list, in scan order', async () => {
    const streamed: MessageRecord[] = [];
    for await (const record of ledger.records()) streamed.push(record);
    const byKey = (a: MessageRecord, b: MessageRecord) => a.dedupeKey.localeCompare(b.dedupeKey);
    expect(streamed.sort(byKey)).toEqual((await ledger.list()).sort(byKey));
  });
});
