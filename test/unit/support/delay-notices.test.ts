import { describe, expect, it } from 'vitest';
import { validateMessageRequest } from '#domain/contracts/index.ts';
import {
  checkDelay,
  delayNoticeRequest,
  supportDelayAlert,
  type TicketView,
} from '#domain/support/delay-notices.ts';

const open: TicketView = {
  ticketId: 't-1',
  customerId: 'c-1',
  status: 'open',
  responseDueAt: '2027-01-11T10:00:00+01:00',
  category: 'billing',
  priority: 'high',
};
const at = (iso: string) => new Date(iso);

describe('checkDelay', () => {
  it('finds an open ticket late from its due time on, in hours rounded down to a tenth', () => {
    expect(checkDelay(open, at('2027-01-11T09:00:00Z'))).toEqual({ late: true, overdueHours: 0 });
    expect(checkDelay(open, at('2027-01-12T09:00:00Z'))).toEqual({ late: true, overdueHours: 24 });
    expect(checkDelay(open, at('2027-01-11T10:35:59Z'))).toEqual({ late: true, overdueHours: 1.5 });
  });

  it('owes no notice before the due time', () => {
    expect(checkDelay(open, at('2027-01-11T08:59:59Z'))).toEqual({ late: false, reason: 'not-yet-due' });
  });

  it.each([
    [{ status: 'answered' as const, answeredAt: '2027-01-11T08:00:00Z' }, 'answered'],
    // Answered once, then open again: the customer got a response, the promise was kept.
    [{ status: 'open' as const, answeredAt: '2027-01-11T08:00:00Z' }, 'answered'],
    [{ status: 'resolved' as const, resolvedAt: '2027-01-11T08:00:00Z' }, 'resolved'],
    [{ status: 'waiting-on-customer' as const }, 'waiting-on-customer'],
  ])('owes no notice for a ticket %o', (change, reason) => {
    expect(checkDelay({ ...open, ...change }, at('2027-01-12T09:00:00Z'))).toEqual({ late: false, reason });
  });

  it('owes no notice for a ticket it cannot find, or one without a due time', () => {
    expect(checkDelay(undefined, at('2027-01-12T09:00:00Z'))).toEqual({
      late: false,
      reason: 'unknown-ticket',
    });
    const { responseDueAt: _none, ...undated } = open;
    expect(checkDelay(undated, at('2027-01-12T09:00:00Z'))).toEqual({
      late: false,
      reason: 'unknown-ticket',
    });
  });
});

describe('delayNoticeRequest', () => {
  it('asks the send gate for a service notice, one dedupe key per ticket and notice number', () => {
    const now = at('2027-01-12T09:00:00Z');
    const detail = delayNoticeRequest({ ...open, responseDueAt: '2027-01-11T10:00:00+01:00' }, 2, 24, now);
    const valid = validateMessageRequest(detail, now);

    expect(valid).toEqual({
      ok: true,
      value: {
        kind: 'support-delay-notice',
        purpose: 'service',
        customerId: 'c-1',
        trigger: { detailType: 'Support Ticket Opened', id: 't-1' },
        facts: { ticketId: 't-1', responseDueAt: '2027-01-11T10:00:00+01:00', overdueHours: 24, notice: 2 },
        dedupeKey: 'support-delay-notice#t-1#2',
        requestedAt: '2027-01-12T09:00:00.000Z',
      },
    });
  });

  it('alerts support with the ticket’s category and priority', () => {
    expect(
      supportDelayAlert(
        { ...open, responseDueAt: '2027-01-11T10:00:00+01:00' },
        24,
        at('2027-01-12T09:00:00Z'),
      ),
    ).toEqual({
      kind: 'support-delay',
      at: '2027-01-12T09:00:00.000Z',
      ticketId: 't-1',
      customerId: 'c-1',
      responseDueAt: '2027-01-11T10:00:00+01:00',
      overdueHours: 24,
      category: 'billing',
      priority: 'high',
      noticesSent: 2,
    });
  });
});
