import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories, TicketRecord } from '#adapters/dynamo/index.ts';
import { InvalidEventError, TransientError } from '#domain/errors.ts';
import { createHandler } from '#handlers/check-ticket-response.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';

const eventBridgeMock = mockClient(EventBridgeClient);

/** One stored ticket and its escalation mark, kept in memory as the Tickets table would. */
function ticketsWith(ticket: TicketRecord | undefined) {
  let escalatedAt: string | undefined;
  const released: string[] = [];
  const repositories = {
    tickets: {
      get: async () => ticket,
      claimEscalation: async (_id: string, at: string) => {
        if (escalatedAt !== undefined) return false;
        escalatedAt = at;
        return true;
      },
      releaseEscalation: async (_id: string, at: string) => {
        released.push(at);
        if (escalatedAt === at) escalatedAt = undefined;
      },
    },
  } as unknown as Repositories;
  return { repositories, released, escalated: () => escalatedAt };
}

const open: TicketRecord = {
  ticketId: 't-1',
  customerId: 'c-1',
  status: 'open',
  category: 'outage',
  priority: 'urgent',
  openedAt: '2027-01-11T08:00:00Z',
  responseDueAt: '2027-01-11T10:00:00Z',
  updatedAt: '2027-01-11T08:00:00Z',
};
const dayLater = () => testDeps({ clock: fixedClock('2027-01-12T10:00:00Z') });
const published = () =>
  eventBridgeMock.commandCalls(PutEventsCommand).map((call) => {
    const entry = call.args[0].input.Entries?.[0];
    return { detailType: entry?.DetailType, detail: JSON.parse(entry?.Detail ?? '{}') };
  });

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

describe('CheckTicketResponse', () => {
  it('requests the first notice of an unanswered ticket at its due time, and alerts nobody', async () => {
    const { repositories } = ticketsWith(open);
    const handler = createHandler(testDeps({ clock: fixedClock('2027-01-11T10:00:00Z') }), repositories);

    const result = await handler({ ticketId: 't-1', notice: 1 });

    expect(result).toEqual({ ticketId: 't-1', notice: 1, late: true, overdueHours: 0, escalated: false });
    expect(published()).toEqual([
      {
        detailType: 'Message Requested',
        detail: expect.objectContaining({
          kind: 'support-delay-notice',
          dedupeKey: 'support-delay-notice#t-1#1',
          facts: { ticketId: 't-1', responseDueAt: '2027-01-11T10:00:00Z', overdueHours: 0, notice: 1 },
        }),
      },
    ]);
  });

  it('requests the second notice and alerts support once, however often it runs', async () => {
    const { repositories } = ticketsWith(open);
    const handler = createHandler(dayLater(), repositories);

    const first = await handler({ ticketId: 't-1', notice: 2 });
    const again = await handler({ ticketId: 't-1', notice: 2 });

    expect(first).toMatchObject({ late: true, overdueHours: 24, escalated: true });
    expect(again).toMatchObject({ late: true, escalated: false });
    expect(published().map((p) => p.detailType)).toEqual([
      'Message Requested',
      'Stille Alert',
      'Message Requested',
    ]);
    expect(published()[1]?.detail).toMatchObject({
      kind: 'support-delay',
      ticketId: 't-1',
      priority: 'urgent',
    });
  });

  it('takes the escalation back when the alert cannot be published, so the retry raises it', async () => {
    const { repositories, released, escalated } = ticketsWith(open);
    eventBridgeMock
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] })
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    const handler = createHandler(dayLater(), repositories);

    await expect(handler({ ticketId: 't-1', notice: 2 })).rejects.toBeInstanceOf(TransientError);

    expect(released).toEqual(['2027-01-12T10:00:00.000Z']);
    expect(escalated()).toBeUndefined();
    await expect(handler({ ticketId: 't-1', notice: 2 })).resolves.toMatchObject({ escalated: true });
  });

  it('requests nothing for a ticket answered, resolved or waiting on the customer', async () => {
    for (const change of [
      { status: 'answered' as const, answeredAt: '2027-01-11T09:00:00Z' },
      { status: 'resolved' as const, resolvedAt: '2027-01-11T09:00:00Z' },
      { status: 'waiting-on-customer' as const },
    ]) {
      const { repositories } = ticketsWith({ ...open, ...change });
      const result = await createHandler(dayLater(), repositories)({ ticketId: 't-1', notice: 2 });
      expect(result.late).toBe(false);
    }
    expect(published()).toEqual([]);
  });

  it('refuses an input without a ticket id or with a third notice', async () => {
    const handler = createHandler(dayLater(), ticketsWith(open).repositories);
    await expect(handler({ ticketId: '', notice: 1 })).rejects.toBeInstanceOf(InvalidEventError);
    await expect(handler({ ticketId: 't-1', notice: 3 })).rejects.toThrow('notice 1 or 2');
    expect(published()).toEqual([]);
  });
});
