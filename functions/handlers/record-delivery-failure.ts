import { dynamoDocumentClient } from '../adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '../adapters/clients/event-bridge.ts';
import type { DepsWith } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '../adapters/event-publisher.ts';
import { validateMessageRequest } from '../domain/contracts/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { pendingOf } from './common/send-gate.ts';

/** The RecordFailure state's input: the request, the decision, and the error the Catch caught. */
export interface RecordFailureInput {
  request: unknown;
  decision?: { channel?: string; to?: string };
  error?: { Error?: string; Cause?: string };
}

const MAX_CAUSE = 1000;

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordDeliveryFailureDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * The end of a delivery that could not be completed (retries exhausted, or refused by the provider):
 * the ledger records the message as `failed` (never overwriting a final outcome, so a message that was
 * in fact sent stays sent) and ops get a `delivery-failed` alert. Nothing is lost.
 */
export function createHandler(
  deps: RecordDeliveryFailureDeps,
  repositories: Repositories = repositoriesFrom(deps),
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<RecordFailureInput, { dedupeKey: string | null; recorded: boolean }> {
  return withMiddleware(deps, async (input: RecordFailureInput) => {
    const now = deps.clock.now();
    const error = input?.error?.Error ?? 'Unknown';
    const cause = String(input?.error?.Cause ?? '').slice(0, MAX_CAUSE);
    const parsed = validateMessageRequest(input?.request, now);
    let recorded = false;
    if (parsed.ok) {
      // Usually Deliver claimed the message and the ledger has its locale; only the Messages table is
      // granted to this function.
      const outcome = await repositories.messages.markFailed(
        { ...pendingOf(parsed.value, undefined), channel: channelOf(input), to: input?.decision?.to ?? null },
        'provider-error',
        `${error}: ${cause}`,
        now,
      );
      recorded = outcome.applied;
    }
    await events.alert({
      kind: 'delivery-failed',
      at: now.toISOString(),
      dedupeKey: parsed.ok ? parsed.value.dedupeKey : null,
      customerId: parsed.ok ? parsed.value.customerId : null,
      messageKind: parsed.ok ? parsed.value.kind : null,
      channel: channelOf(input),
      error,
      cause,
    });
    deps.logger.warn('Message delivery failed', { error, recorded });
    return { dedupeKey: parsed.ok ? parsed.value.dedupeKey : null, recorded };
  });
}

function channelOf(input: RecordFailureInput): 'email' | 'sms' | null {
  const channel = input?.decision?.channel;
  return channel === 'email' || channel === 'sms' ? channel : null;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
