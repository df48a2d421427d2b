import { PERMANENT_DELIVERY_ERROR } from '#adapters/channels/errors.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { type ValidMessageRequest, validateMessageRequest } from '#domain/contracts/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { claimantOf, pendingOf } from './common/send-gate.ts';

/** The RecordFailure state's input: the request, the decision, the error the Catch caught, and who. */
export interface RecordFailureInput {
  request: unknown;
  decision?: { channel?: string; to?: string };
  error?: { Error?: string; Cause?: string };
  /** The SendMessage execution (`$$.Execution.Id`): the claimant whose delivery ended. */
  execution?: unknown;
}

/**
 * `recorded`: the ledger says `failed` because of this execution: written now, or by its Deliver, which
 * settles its own claim as failed before it throws a `PermanentDeliveryError`. Exactly then is the
 * `delivery-failed` alert raised. False: the message is another execution's (a live or released claim)
 * or already had an outcome; nothing was written or raised.
 */
export interface RecordFailureResult {
  dedupeKey: string | null;
  recorded: boolean;
}

/** DeliverMessage throws this error only once it has recorded the message failed under its own claim. */
const RECORDED_BY_DELIVER = PERMANENT_DELIVERY_ERROR;

const MAX_CAUSE = 1000;

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordDeliveryFailureDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * The end of a delivery that could not be completed (retries exhausted, refused by the provider, a
 * deferral that could not be scheduled). Only this execution's own message is its business: the ledger
 * records it as `failed` if this execution claimed it last (or nobody ever claimed it), never over
 * another execution's claim or a final outcome, and ops get a `delivery-failed` alert for exactly the
 * failures this execution recorded. Another execution's message is left to that execution, which
 * settles it and alerts on its own failure; this one only logs. Nothing is lost, nothing misreported.
 */
export function createHandler(
  deps: RecordDeliveryFailureDeps,
  repositories: Repositories = repositoriesFrom(deps),
  events: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<RecordFailureInput, RecordFailureResult> {
  return withMiddleware(deps, async (input: RecordFailureInput) => {
    const now = deps.clock.now();
    const error = input?.error?.Error ?? 'Unknown';
    const cause = String(input?.error?.Cause ?? '').slice(0, MAX_CAUSE);
    const parsed = validateMessageRequest(input?.request, now);
    const alert = (request: ValidMessageRequest | undefined) =>
      events.alert({
        kind: 'delivery-failed',
        at: now.toISOString(),
        dedupeKey: request?.dedupeKey ?? null,
        customerId: request?.customerId ?? null,
        messageKind: request?.kind ?? null,
        channel: channelOf(input),
        error,
        cause,
      });
    if (!parsed.ok) {
      // Nothing to record it under (Decide rejects such requests first), but ops should still hear it.
      await alert(undefined);
      deps.logger.warn('Message delivery failed for an unreadable request', { error });
      return { dedupeKey: null, recorded: false };
    }
    const request = parsed.value;
    // A claimed message keeps what its claim recorded (locale, rendering); these fill an unclaimed one.
    const outcome = await repositories.messages.recordFailure(
      { ...pendingOf(request, undefined), channel: channelOf(input), to: input?.decision?.to ?? null },
      claimantOf(input?.execution, deps.logger),
      { reason: 'provider-error', detail: `${error}: ${cause}`, at: now },
    );
    const recorded = outcome.applied || error === RECORDED_BY_DELIVER;
    if (!recorded) {
      deps.logger.warn('Delivery failure not recorded: the message is another execution’s or already final', {
        dedupeKey: request.dedupeKey,
        error,
      });
      return { dedupeKey: request.dedupeKey, recorded };
    }
    await alert(request);
    deps.metrics.record('messagesFailed', { kind: request.kind, channel: channelOf(input) ?? 'none' });
    deps.logger.warn('Message delivery failed', { dedupeKey: request.dedupeKey, error });
    return { dedupeKey: request.dedupeKey, recorded };
  });
}

function channelOf(input: RecordFailureInput): 'email' | 'sms' | null {
  const channel = input?.decision?.channel;
  return channel === 'email' || channel === 'sms' ? channel : null;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
