import { describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import { createHandler } from '#handlers/plan-survey.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';
import {
  contractRenewed,
  customerUpserted,
  eventBridgeEvent,
  supportTicketResolved,
} from '../../helpers/events.ts';

/** The customers PlanSurvey may read: one in Stockholm. */
const repositories = {
  customers: {
    get: async (customerId: string) =>
      customerId === 'c-1001'
        ? { ...customerUpserted({ market: 'SE', timeZone: 'Europe/Stockholm' }), optOuts: [], updatedAt: '' }
        : undefined,
  },
} as unknown as Repositories;
const handler = (now: string) => createHandler(testDeps({ clock: fixedClock(now) }), repositories);

describe('PlanSurvey', () => {
  it('asks two hours after the resolution, by day on the customer’s clock', async () => {
    const event = eventBridgeEvent(
      'Support Ticket Resolved',
      supportTicketResolved({ resolvedAt: '2027-01-12T12:00:00Z' }),
    );
    expect(await handler('2027-01-12T12:00:01Z')({ event, delayMinutes: 120 })).toEqual({
      askAt: '2027-01-12T14:00:00.000Z',
    });
  });

  it('moves a renewal signed late in the evening to 08:00 the next morning in Stockholm', async () => {
    const event = eventBridgeEvent(
      'Contract Renewed',
      contractRenewed({ renewedAt: '2027-01-15T19:30:00Z' }),
    );
    expect(await handler('2027-01-15T19:30:00Z')({ event, delayMinutes: 120 })).toEqual({
      askAt: '2027-01-16T07:00:00.000Z',
    });
  });

  it('plans by the market’s clock for a customer it does not know (the send gate will not send)', async () => {
    const detail = supportTicketResolved({ customerId: 'c-unknown', resolvedAt: '2027-01-12T12:00:00Z' });
    const event = eventBridgeEvent('Support Ticket Resolved', detail);
    expect(await handler('2027-01-12T12:00:00Z')({ event, delayMinutes: 30 })).toEqual({
      askAt: '2027-01-12T12:30:00.000Z',
    });
  });

  it('refuses another event type, an invalid event and a delay that is not whole minutes', async () => {
    const plan = handler('2027-01-12T12:00:00Z');
    const resolved = eventBridgeEvent('Support Ticket Resolved', supportTicketResolved());
    await expect(
      plan({ event: eventBridgeEvent('Invoice Issued', {}), delayMinutes: 120 }),
    ).rejects.toBeInstanceOf(InvalidEventError);
    await expect(
      plan({ event: eventBridgeEvent('Support Ticket Resolved', { ticketId: 't-1' }), delayMinutes: 120 }),
    ).rejects.toBeInstanceOf(InvalidEventError);
    await expect(plan({ event: resolved, delayMinutes: 1.5 })).rejects.toThrow('whole number of minutes');
  });
});
