import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** An SES event as the configuration set's EventBridge destination delivers it (fields stille reads). */
export interface SesEvent {
  id?: string;
  'detail-type'?: string;
  detail?: {
    eventType?: string;
    mail?: { messageId?: string; destination?: string[]; tags?: Record<string, string[]> };
    bounce?: {
      bounceType?: string;
      bouncedRecipients?: Array<{ emailAddress?: string }>;
      timestamp?: string;
    };
    complaint?: { complainedRecipients?: Array<{ emailAddress?: string }>; timestamp?: string };
  };
}

export interface DeliveryEventResult {
  eventType: string;
  /** Addresses closed by this event (lowercased). */
  suppressed: string[];
}

const MAX_RECIPIENTS = 50;

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordDeliveryEventDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * Closes addresses that bounced permanently or complained, so the contact policy never uses them again,
 * and tells the customer store (`Contact Preferences Changed`, source `bounce`/`complaint`, email closed
 * for every purpose) when the message carried its customer's id. Transient bounces and deliveries
 * change nothing.
 */
export function createHandler(
  deps: RecordDeliveryEventDeps,
  repositories: Repositories = repositoriesFrom(deps),
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<SesEvent, DeliveryEventResult> {
  return withMiddleware(deps, async (event: SesEvent) => {
    const detail = event?.detail ?? {};
    const eventType = detail.eventType ?? 'Unknown';
    const now = deps.clock.now().toISOString();
    let reason: 'bounce' | 'complaint' | undefined;
    let recipients: Array<{ emailAddress?: string }> = [];
    if (eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent') {
      reason = 'bounce';
      recipients = detail.bounce.bouncedRecipients ?? [];
    } else if (eventType === 'Complaint') {
      reason = 'complaint';
      recipients = detail.complaint?.complainedRecipients ?? [];
    }
    if (!reason) return { eventType, suppressed: [] };

    const at = detail.bounce?.timestamp ?? detail.complaint?.timestamp ?? now;
    const addresses = recipients
      .slice(0, MAX_RECIPIENTS)
      .map((r) => r.emailAddress?.trim().toLowerCase())
      .filter((a): a is string => Boolean(a));
    for (const address of addresses) {
      await repositories.suppressions.suppress({
        address,
        channel: 'email',
        reason,
        at,
        source: `ses:${detail.mail?.messageId ?? 'unknown'}`,
      });
    }
    const customerId = detail.mail?.tags?.customerId?.[0];
    if (customerId && addresses.length > 0) {
      await events.publish(DETAIL_TYPE.contactPreferencesChanged, {
        customerId,
        channel: 'email',
        purpose: 'all',
        optedOut: true,
        source: reason,
        at,
      });
    }
    deps.logger.info('Address suppressed', { eventType, count: addresses.length, reason });
    return { eventType, suppressed: addresses };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
