import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
// The modules themselves, not the contracts' index: that would bring every schema (and zod) into bundles
// that validate nothing.
import {
  ALERT_DETAIL_TYPE,
  type DETAIL_TYPE,
  MESSAGE_REQUESTED,
  STILLE_SOURCE,
} from '#domain/contracts/event-names.ts';
import type { Alert, DetailType, MessageRequest } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';

/** Puts events on the stille bus (EventBridge `PutEvents`); each call returns the accepted event's id. */
export interface EventPublisher {
  /** An event of the contracts (`Contact Preferences Changed`, `Survey Response Received`, …). */
  publish(
    detailType: DetailType | typeof DETAIL_TYPE.campaignRunCompleted,
    detail: Record<string, unknown>,
  ): Promise<string>;
  /** A `Message Requested` for the send gate. */
  requestMessage(request: MessageRequest): Promise<string>;
  /** A `Stille Alert` for the team that acts on it. */
  alert(alert: Alert): Promise<string>;
}

/**
 * Events through the real EventBridge client. A throttled or failed entry is a `TransientError` (the
 * workflow retries); the event id of the accepted entry is returned.
 */
export function createEventPublisher(client: EventBridgeClient, eventBusName: () => string): EventPublisher {
  const put = async (detailType: string, detail: object) => {
    let result: PutEventsCommandOutput;
    try {
      result = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: eventBusName(),
              Source: STILLE_SOURCE,
              DetailType: detailType,
              Detail: JSON.stringify(detail),
            },
          ],
        }),
      );
    } catch (error) {
      throw new TransientError(`PutEvents ${detailType} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const entry = result.Entries?.[0];
    if ((result.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
      throw new TransientError(
        `PutEvents ${detailType} was refused: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
      );
    }
    return entry.EventId;
  };
  return {
    publish: put,
    requestMessage: (request) => put(MESSAGE_REQUESTED, request),
    alert: (alert) => put(ALERT_DETAIL_TYPE, alert),
  };
}
