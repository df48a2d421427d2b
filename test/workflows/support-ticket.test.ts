import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';
import { customerUpserted, supportTicketOpened } from '../helpers/events.ts';
import { startRuntime, statesOf } from '../helpers/local-runtime.ts';

const START = '2027-01-11T06:00:00Z'; // a Monday, 07:00 in Oslo

function customer(customerId: string, overrides: Partial<CustomerUpserted> = {}) {
  return customerUpserted({
    customerId,
    email: `${customerId}@example.no`,
    consents: { marketing: false, surveys: true },
    ...overrides,
  });
}

describe('SupportTicket workflow: delay notices (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const repositories = () => repositoriesFrom(runtime.deps);

  /** Puts an event on the bus; its executions finish as the clock runs (they may wait for days). */
  const put = (detailType: string, detail: object) =>
    runtime.putEvent({ source: 'support', detailType, detail: { ...detail } }).executions.map((e) => e.done);
  const runTo = (iso: string) => runtime.runUntil(Date.parse(iso));

  /** Opens a ticket at `openedAt` (the clock goes there first), due at `responseDueAt`. */
  async function open(ticketId: string, customerId: string, openedAt: string, responseDueAt: string) {
    await runTo(openedAt);
    const [done] = put(
      'Support Ticket Opened',
      supportTicketOpened({ ticketId, customerId, openedAt, responseDueAt }),
    );
    // In a tuple: an async function would otherwise wait for the execution, which waits for the clock.
    return [done as Promise<ExecutionRecord>] as const;
  }
  const emailsTo = async (customerId: string) =>
    (await runtime.services.email.sent()).filter((email) => email.to.includes(`${customerId}@example.no`));
  const notice = (ticketId: string, n: 1 | 2) =>
    repositories().messages.get(`support-delay-notice#${ticketId}#${n}`);
  const delayAlerts = (ticketId: string) =>
    runtime.alerts().filter((a) => a.kind === 'support-delay' && a.ticketId === ticketId);

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    for (const c of [
      customer('c-kari'),
      customer('c-ola', { locale: 'en-GB' }),
      customer('c-nils'),
      customer('c-sms', { preferredChannel: 'sms', phone: '+4790000001' }),
    ]) {
      put('Customer Upserted', c);
    }
    await runtime.clock.whenIdle();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('sends no notice for a ticket answered before it was due', async () => {
    const [done] = await open('t-in-time', 'c-kari', '2027-01-11T08:00:00Z', '2027-01-11T12:00:00Z');
    await runTo('2027-01-11T10:30:00Z');
    put('Support Ticket Updated', {
      ticketId: 't-in-time',
      customerId: 'c-kari',
      status: 'answered',
      at: '2027-01-11T10:30:00Z',
    });
    await runTo('2027-01-12T12:00:00Z');

    const record = await done;
    expect(record.type).toBe('STANDARD');
    expect(record.stateMachine).toMatch(/^SupportTicket/);
    expect(statesOf(record)).toEqual([
      'ValidateAndStore',
      'WaitForResponseDue',
      'CheckFirstResponse',
      'StillUnanswered',
      'AnsweredInTime',
    ]);
    expect(await notice('t-in-time', 1)).toBeUndefined();
    expect(await emailsTo('c-kari')).toEqual([]);
  });

  it('sends one notice at the due time when the answer comes late, and no second one', async () => {
    const [done] = await open('t-late', 'c-ola', '2027-01-12T13:00:00Z', '2027-01-12T15:00:00Z');
    await runTo('2027-01-12T18:00:00Z');
    put('Support Ticket Updated', {
      ticketId: 't-late',
      customerId: 'c-ola',
      status: 'answered',
      at: '2027-01-12T18:00:00Z',
    });
    await runTo('2027-01-14T00:00:00Z');

    const record = await done;
    expect(statesOf(record)).toEqual([
      'ValidateAndStore',
      'WaitForResponseDue',
      'CheckFirstResponse',
      'StillUnanswered',
      'WaitADay',
      'CheckSecondResponse',
    ]);
    expect(record.status).toBe('SUCCEEDED');
    const first = await notice('t-late', 1);
    expect(first).toMatchObject({
      status: 'sent',
      channel: 'email',
      kind: 'support-delay-notice',
      purpose: 'service',
      sentAt: '2027-01-12T15:00:00.000Z',
      facts: { ticketId: 't-late', responseDueAt: '2027-01-12T15:00:00Z', overdueHours: 0, notice: 1 },
    });
    expect(await notice('t-late', 2)).toBeUndefined();
    const emails = await emailsTo('c-ola');
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe('Your case t-late: our reply is late');
    expect(emails[0]?.text).toContain('We have not managed that, and we are sorry.');
    expect(delayAlerts('t-late')).toEqual([]);
  });

  it('sends a second notice and alerts support when still unanswered a day later', async () => {
    const [done] = await open('t-very-late', 'c-nils', '2027-01-14T09:00:00Z', '2027-01-14T11:00:00Z');
    await runTo('2027-01-16T00:00:00Z');

    const record = await done;
    expect(statesOf(record).slice(-3)).toEqual(['StillUnanswered', 'WaitADay', 'CheckSecondResponse']);
    expect(await notice('t-very-late', 1)).toMatchObject({
      status: 'sent',
      sentAt: '2027-01-14T11:00:00.000Z',
    });
    expect(await notice('t-very-late', 2)).toMatchObject({
      status: 'sent',
      sentAt: '2027-01-15T11:00:00.000Z',
      facts: { notice: 2, overdueHours: 24 },
    });
    const emails = await emailsTo('c-nils');
    expect(emails.map((e) => e.subject)).toEqual([
      'Saken din t-very-late: svaret vårt er forsinket',
      'Saken din t-very-late venter fortsatt på svar – vi beklager',
    ]);
    expect(emails[1]?.text).toContain('24 timer');
    expect(delayAlerts('t-very-late')).toEqual([
      expect.objectContaining({
        kind: 'support-delay',
        customerId: 'c-nils',
        responseDueAt: '2027-01-14T11:00:00Z',
        overdueHours: 24,
        category: 'billing',
        priority: 'high',
      }),
    ]);
  });

  it('never sends a third notice nor a second alert when the opened event is replayed', async () => {
    await runTo('2027-01-16T09:00:00Z');
    const [done] = put(
      'Support Ticket Opened',
      supportTicketOpened({
        ticketId: 't-very-late',
        customerId: 'c-nils',
        openedAt: '2027-01-14T09:00:00Z',
        responseDueAt: '2027-01-14T11:00:00Z',
      }),
    );
    await runTo('2027-01-18T00:00:00Z');

    // The due time has passed: the replay checks at once, and again a day later.
    expect(statesOf(await done).slice(-2)).toEqual(['WaitADay', 'CheckSecondResponse']);
    expect(await emailsTo('c-nils')).toHaveLength(2);
    expect(delayAlerts('t-very-late')).toHaveLength(1);
  });

  it('waits out quiet hours before texting an SMS customer whose ticket falls due at night', async () => {
    // 22:00 UTC is 23:00 in Oslo, inside quiet hours (21:00–08:00).
    const [done] = await open('t-night', 'c-sms', '2027-01-18T15:00:00Z', '2027-01-18T22:00:00Z');
    await runTo('2027-01-19T06:59:00Z');
    expect(runtime.services.sms.sent().filter((m) => m.context.customerId === 'c-sms')).toEqual([]);
    put('Support Ticket Updated', {
      ticketId: 't-night',
      customerId: 'c-sms',
      status: 'answered',
      at: '2027-01-19T07:30:00Z',
    });
    await runTo('2027-01-20T12:00:00Z');

    await done;
    const texts = runtime.services.sms.sent().filter((m) => m.context.customerId === 'c-sms');
    expect(texts).toHaveLength(1);
    // 08:00 in Oslo is 07:00 UTC in January.
    expect(texts[0]?.at).toBe('2027-01-19T07:00:00.000Z');
    expect(texts[0]?.messageType).toBe('TRANSACTIONAL');
    expect(texts[0]?.body).toContain('t-night');
    expect(await notice('t-night', 2)).toBeUndefined();
  });

  it('records an opened event without a due time as rejected, and waits for nothing', async () => {
    const { responseDueAt: _omitted, ...invalid } = supportTicketOpened({ ticketId: 't-invalid' });
    const [done] = put('Support Ticket Opened', invalid);
    await runtime.clock.whenIdle();

    const record = await (done as Promise<ExecutionRecord>);
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
    expect(await repositories().tickets.get('t-invalid')).toBeUndefined();
  });
});
