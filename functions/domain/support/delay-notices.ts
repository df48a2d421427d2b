/**
 * Support delay notices: when a ticket is past its promised response time and still unanswered, the
 * customer hears it from us first. Pure: the ticket and the time are arguments.
 */
import { DETAIL_TYPE } from '../contracts/event-names.ts';
import type { MessageRequest } from '../contracts/index.ts';

/** A ticket as the delay check needs it (what the Tickets table merged from the ticket's events). */
export interface TicketView {
  ticketId: string;
  customerId: string;
  status: 'open' | 'waiting-on-customer' | 'answered' | 'resolved';
  responseDueAt?: string;
  answeredAt?: string;
  resolvedAt?: string;
  category?: string;
  priority?: string;
}

/** The first notice goes at the due time, the second (and the last) this long after it. */
export const SECOND_NOTICE_AFTER_HOURS = 24;

/** Which notice of a ticket: at most two are ever sent. */
export type DelayNoticeNumber = 1 | 2;

/** Why no notice is due. */
export type NoNoticeReason =
  | 'answered'
  | 'resolved'
  | 'waiting-on-customer'
  | 'not-yet-due'
  | 'unknown-ticket';

/** What the check of one ticket concluded. */
export type DelayCheck = { late: true; overdueHours: number } | { late: false; reason: NoNoticeReason };

const HOUR_MS = 60 * 60 * 1000;

/**
 * Whether a ticket is still owed its first response at `now`: not answered, not resolved, not waiting on
 * the customer, and past `responseDueAt`. `overdueHours` is rounded down to a tenth of an hour.
 */
export function checkDelay(ticket: TicketView | undefined, now: Date): DelayCheck {
  if (!ticket?.responseDueAt) return { late: false, reason: 'unknown-ticket' };
  if (ticket.resolvedAt !== undefined || ticket.status === 'resolved')
    return { late: false, reason: 'resolved' };
  if (ticket.answeredAt !== undefined || ticket.status === 'answered')
    return { late: false, reason: 'answered' };
  // The ball is in the customer's court: no apology is owed for waiting on them.
  if (ticket.status === 'waiting-on-customer') return { late: false, reason: 'waiting-on-customer' };
  const overdueMs = now.getTime() - Date.parse(ticket.responseDueAt);
  if (!Number.isFinite(overdueMs) || overdueMs < 0) return { late: false, reason: 'not-yet-due' };
  return { late: true, overdueHours: Math.floor((overdueMs / HOUR_MS) * 10) / 10 };
}

/** The dedupe key of a ticket's notice: a replayed or retried check asks for the same message. */
export function delayNoticeDedupeKey(ticketId: string, notice: DelayNoticeNumber): string {
  return `support-delay-notice#${ticketId}#${notice}`;
}

/** The `Message Requested` detail of a delay notice. */
export function delayNoticeRequest(
  ticket: TicketView & { responseDueAt: string },
  notice: DelayNoticeNumber,
  overdueHours: number,
  now: Date,
): MessageRequest {
  return {
    kind: 'support-delay-notice',
    purpose: 'service',
    customerId: ticket.customerId,
    trigger: { detailType: DETAIL_TYPE.supportTicketOpened, id: ticket.ticketId },
    facts: { ticketId: ticket.ticketId, responseDueAt: ticket.responseDueAt, overdueHours, notice },
    dedupeKey: delayNoticeDedupeKey(ticket.ticketId, notice),
    requestedAt: now.toISOString(),
  };
}

/** The `support-delay` alert: the ticket is a day past its promise and still unanswered. */
export function supportDelayAlert(
  ticket: TicketView & { responseDueAt: string },
  overdueHours: number,
  now: Date,
): { kind: 'support-delay'; at: string; [key: string]: unknown } {
  return {
    kind: 'support-delay',
    at: now.toISOString(),
    ticketId: ticket.ticketId,
    customerId: ticket.customerId,
    responseDueAt: ticket.responseDueAt,
    overdueHours,
    ...(ticket.category === undefined ? {} : { category: ticket.category }),
    ...(ticket.priority === undefined ? {} : { priority: ticket.priority }),
    noticesSent: 2,
  };
}
