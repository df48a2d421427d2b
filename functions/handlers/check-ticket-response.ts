import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { InvalidEventError } from '#domain/errors.ts';
import {
  checkDelay,
  type DelayNoticeNumber,
  delayNoticeRequest,
  type NoNoticeReason,
  supportDelayAlert,
} from '#domain/support/delay-notices.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The task's input: which ticket, and which of its (at most two) notices is due. */
export interface CheckTicketResponseInput {
  ticketId: unknown;
  notice: unknown;
}

/** What the check found: `late` tells the workflow whether to wait for the second check. */
export type CheckTicketResponseResult =
  | { ticketId: string; notice: DelayNoticeNumber; late: true; overdueHours: number; escalated: boolean }
  | { ticketId: string; notice: DelayNoticeNumber; late: false; reason: NoNoticeReason };

/** What the handler is given: its settings, clock, logger and clients. */
export type CheckTicketResponseDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * The `CheckResponse` tasks of the SupportTicket workflow, at the promised response time and a day
 * later. Reads the ticket as the Tickets table merged it from its events; when it is still unanswered
 * (not answered, resolved or waiting on the customer) requests delay notice `notice` from the send gate
 * (dedupe key per ticket and notice, so a retry or a replayed ticket never sends twice), and with the
 * second notice alerts the support team (`support-delay`, once per ticket).
 */
export function createHandler(
  deps: CheckTicketResponseDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<CheckTicketResponseInput, CheckTicketResponseResult> {
  return withMiddleware(deps, async (input: CheckTicketResponseInput) => {
    const { ticketId, notice } = input ?? {};
    if (typeof ticketId !== 'string' || ticketId.length === 0 || ticketId.length > 128) {
      throw new InvalidEventError(DETAIL_TYPE.supportTicketOpened, [
        { path: 'ticketId', message: 'must be a ticket id (1 to 128 characters)' },
      ]);
    }
    if (notice !== 1 && notice !== 2) {
      throw new TypeError(`CheckResponse needs notice 1 or 2, got ${JSON.stringify(notice)}`);
    }
    const now = deps.clock.now();
    const ticket = await repositories.tickets.get(ticketId);
    const check = checkDelay(ticket, now);
    if (!check.late || !ticket?.responseDueAt) {
      const reason = check.late ? 'unknown-ticket' : check.reason;
      deps.logger.info('No delay notice', { ticketId, notice, reason });
      return { ticketId, notice, late: false, reason };
    }
    const due = { ...ticket, responseDueAt: ticket.responseDueAt };
    // The notice first: if the alert then fails, the retry's second request is a duplicate the gate drops.
    await publisher.requestMessage(delayNoticeRequest(due, notice, check.overdueHours, now));
    let escalated = false;
    if (notice === 2) {
      const at = now.toISOString();
      escalated = await repositories.tickets.claimEscalation(ticketId, at);
      if (escalated) {
        try {
          await publisher.alert(supportDelayAlert(due, check.overdueHours, now));
        } catch (error) {
          await repositories.tickets.releaseEscalation(ticketId, at);
          throw error;
        }
      }
    }
    deps.logger.info('Delay notice requested', {
      ticketId,
      notice,
      overdueHours: check.overdueHours,
      escalated,
    });
    return { ticketId, notice, late: true, overdueHours: check.overdueHours, escalated };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
