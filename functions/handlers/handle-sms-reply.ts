import { PutOptedOutNumberCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { smsClient } from '#adapters/clients/sms.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { snsMessagesOf } from '#domain/alarms/notification.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { ContactPreferencesChanged } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import { InboundSmsSchema, isStopReply } from '#domain/sms/replies.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the handler is given. */
export type HandleSmsReplyDeps = DepsWith<'ddb' | 'eventBridge' | 'sms'>;

/** What one invocation did (counts only: no phone number leaves the handler). */
export interface HandleSmsReplyResult {
  /** Replies that stopped text messages. */
  stopped: number;
  /** Opt-outs published (one per customer with the number). */
  optedOut: number;
  /** Replies that were no stop word, or not an inbound SMS: left alone. */
  ignored: number;
}

/**
 * Replies to stille's text messages, as End User Messaging two-way SMS publishes them to the inbound
 * topic. A stop word of the customer's market (functions/domain/sms/replies.ts) closes SMS for the
 * customer: a `Contact Preferences Changed` (`channel: sms`, `purpose: all`, `source: sms-stop`) for
 * each customer with that number, which the send gate honours from then on, and the number on the
 * End User Messaging opt-out list, so that the provider agrees (it blocks every text to an opted-out
 * number from the identities using the list, which is why the opt-out is for `all`: a service notice
 * then goes by e-mail). Any other reply is left alone; nothing is logged that names the number.
 */
export function createHandler(
  deps: HandleSmsReplyDeps,
  repositories: Repositories = repositoriesFrom(deps),
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, HandleSmsReplyResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const result: HandleSmsReplyResult = { stopped: 0, optedOut: 0, ignored: 0 };
    for (const message of snsMessagesOf(input)) {
      let value: unknown;
      try {
        value = JSON.parse(message) as unknown;
      } catch {
        value = undefined;
      }
      const parsed = InboundSmsSchema.safeParse(value);
      if (!parsed.success) {
        result.ignored++;
        deps.logger.warn('Not an inbound SMS: ignored');
        continue;
      }
      const sms = parsed.data;
      const customerIds = await repositories.customers.customerIdsByPhone(sms.originationNumber);
      const customers = (
        await Promise.all(customerIds.map((customerId) => repositories.customers.get(customerId)))
      ).filter((customer) => customer !== undefined);
      const stops =
        customers.length === 0
          ? isStopReply(sms.messageBody)
          : customers.some((customer) => isStopReply(sms.messageBody, customer.market));
      if (!stops) {
        result.ignored++;
        deps.logger.info('SMS reply without a stop word', { inboundMessageId: sms.inboundMessageId });
        continue;
      }
      result.stopped++;
      const at = deps.clock.now().toISOString();
      for (const customer of customers) {
        const change: ContactPreferencesChanged = {
          customerId: customer.customerId,
          channel: 'sms',
          purpose: 'all',
          optedOut: true,
          source: 'sms-stop',
          at,
        };
        await events.publish(DETAIL_TYPE.contactPreferencesChanged, change);
        result.optedOut++;
      }
      try {
        await deps.sms.send(
          new PutOptedOutNumberCommand({
            OptOutListName: deps.smsOptOutList,
            OptedOutNumber: sms.originationNumber,
          }),
        );
      } catch (error) {
        // Retried by Lambda's asynchronous retries (then the dead-letter queue); the opt-outs above are
        // idempotent (the latest change by `at` wins, and it says the same).
        throw new TransientError(`PutOptedOutNumber failed: ${(error as Error).name}`, { cause: error });
      }
      deps.logger.info('SMS reply stopped text messages', {
        inboundMessageId: sms.inboundMessageId,
        customers: customers.length,
      });
    }
    return result;
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient, sms: smsClient };

export const handler = lambdaEntry(createHandler, clients);
