import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CustomerRecord } from '#adapters/dynamo/customers.ts';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { type Claimant, messageIdFor, type PendingMessage } from '#adapters/dynamo/messages.ts';
import type { MarketsConfig } from '#domain/config/markets.ts';
import { decideContact } from '#domain/contact-policy/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type ValidMessageRequest, validateMessageRequest } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import type { ContactDecision, CustomerContact } from '#domain/messaging/types.ts';
import { RETENTION_OFFER_CAP_DAYS } from '#domain/retention/program.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How far back the ledger is read for the caps: the widest cap window of the configuration. */
export function capLookbackDays(config: MarketsConfig): number {
  return Math.max(
    // The one-retention-offer-in-90-days rule reads as far back (docs/retention.md).
    RETENTION_OFFER_CAP_DAYS,
    config.caps.survey.days,
    config.caps.marketing.days,
    ...Object.values(config.markets).flatMap((market) => [
      market.caps?.survey?.days ?? 0,
      market.caps?.marketing?.days ?? 0,
    ]),
  );
}

/**
 * The contact policy's decision for a request, on what it reads: the customer, their suppressed
 * addresses, and (for marketing and surveys only) their recent sends and the reputation breaker's
 * pause. The send gate's Decide and a campaign's preview decide with this one function, so a preview
 * predicts exactly what the gate will do with the same data.
 *
 * It reads only what the policy can use: nothing more for an unknown customer (suppressed
 * `no-contact-point` whatever else holds), and no recent sends for a service message (caps, and the
 * one-retention-offer rule, are for survey and marketing alone: `capFor` and `decideContact`).
 */
export async function decideRequest(
  repositories: Pick<Repositories, 'customers' | 'suppressions' | 'messages' | 'controls'>,
  request: ValidMessageRequest,
  now: Date,
  config: MarketsConfig,
  lookbackDays: number = capLookbackDays(config),
): Promise<{ customer: CustomerRecord | undefined; decision: ContactDecision }> {
  const customer = await repositories.customers.get(request.customerId);
  if (customer === undefined) {
    const decision = decideContact({
      request,
      customer: undefined,
      suppressedAddresses: new Set<string>(),
      recentSends: [],
      now,
      config,
    });
    return { customer, decision };
  }
  const addresses = [customer.email, customer.phone].filter((a): a is string => typeof a === 'string');
  // Service messages are never paused nor capped: only marketing and survey requests read the switch
  // and the ledger's recent sends.
  const capped = request.purpose !== 'service';
  const [suppressedAddresses, recentSends, paused] = await Promise.all([
    addresses.length > 0
      ? repositories.suppressions.suppressedAmong(addresses)
      : Promise.resolve(new Set<string>()),
    capped
      ? repositories.messages.recentSends(request.customerId, new Date(now.getTime() - lookbackDays * DAY_MS))
      : Promise.resolve([]),
    capped ? repositories.controls.sendsPaused() : Promise.resolve(undefined),
  ]);
  const decision = decideContact({
    request,
    customer: contactOf(customer),
    suppressedAddresses,
    recentSends,
    now,
    config,
    sendsPausedSince: paused?.since,
  });
  return { customer, decision };
}

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
  'customerId' | 'name' | 'market' | 'segment' | 'locale' | 'timeZone' | 'paymentMethod' | 'consents'
>;

/**
 * What delivery needs of the customer: who they are, and their consents, so a marketing message sent
 * on the existing-customer basis says so (the template's footer).
 */
export function recipientOf(customer: CustomerRecord): Recipient {
  const { customerId, name, market, segment, locale, timeZone, paymentMethod, consents } = customer;
  return { customerId, name, market, segment, locale, timeZone, paymentMethod, consents };
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
