import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CustomerRecord } from '#adapters/dynamo/customers.ts';
import { type Claimant, messageIdFor, type PendingMessage } from '#adapters/dynamo/messages.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type ValidMessageRequest, validateMessageRequest } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import type { CustomerContact } from '#domain/messaging/types.ts';

/** Validates a message request as the send gate receives it; an invalid one is rejected, never sent. */
export function parseRequest(input: unknown, now: Date): ValidMessageRequest {
  const result = validateMessageRequest(input, now);
  if (!result.ok) throw new InvalidEventError(DETAIL_TYPE.messageRequested, result.errors);
  return result.value;
}

/** What the contact policy reads of a stored customer. */
export function contactOf(customer: CustomerRecord): CustomerContact {
  return {
    customerId: customer.customerId,
    name: customer.name,
    market: customer.market,
    segment: customer.segment,
    locale: customer.locale,
    timeZone: customer.timeZone,
    email: customer.email,
    phone: customer.phone,
    preferredChannel: customer.preferredChannel,
    consents: customer.consents,
    paymentMethod: customer.paymentMethod,
    optOuts: customer.optOuts.map(({ channel, purpose, optedOut, at }) => ({
      channel,
      purpose,
      optedOut,
      at,
    })),
  };
}

/**
 * Who a `send` decision goes to: what rendering and the market's senders need of the customer, so
 * Deliver does not read the Customers table again a moment after Decide did.
 */
export type Recipient = Pick<
  CustomerRecord,
  'customerId' | 'name' | 'market' | 'segment' | 'locale' | 'timeZone' | 'paymentMethod'
>;

export function recipientOf(customer: CustomerRecord): Recipient {
  const { customerId, name, market, segment, locale, timeZone, paymentMethod } = customer;
  return { customerId, name, market, segment, locale, timeZone, paymentMethod };
}

/** The ledger record of a request before anything is known of its outcome. */
export function pendingOf(request: ValidMessageRequest, locale: string | undefined): PendingMessage {
  return {
    messageId: messageIdFor(request.dedupeKey),
    dedupeKey: request.dedupeKey,
    customerId: request.customerId,
    kind: request.kind,
    purpose: request.purpose,
    locale: locale ?? 'en-GB',
    trigger: request.trigger,
    facts: request.facts,
  };
}

/** Longest execution id taken as a claimant; a SendMessage execution ARN is far shorter. */
const MAX_CLAIMANT_LENGTH = 2048;

/**
 * The claimant of this attempt's ledger claim: the SendMessage execution the workflow names
 * (`$$.Execution.Id`). Without one (an execution started before the workflow passed it) the attempt
 * gets a claimant of its own, so it can never act on a claim it does not hold.
 */
export function claimantOf(execution: unknown, logger: Pick<Logger, 'warn'>): Claimant {
  if (typeof execution === 'string' && execution.length > 0 && execution.length <= MAX_CLAIMANT_LENGTH) {
    return execution;
  }
  const claimant = `unnamed:${randomUUID()}`;
  logger.warn('No execution id in the input; this attempt claims as itself', { claimant });
  return claimant;
}
