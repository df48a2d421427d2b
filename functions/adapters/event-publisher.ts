import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { TransientError } from '../domain/errors.ts';

/** The `source` of every event stille itself puts on its bus. */
export const STILLE_SOURCE = 'stille';

/** The detail-type of an alert for ops (delivery failed, late price notice, detractor, …). */
export const ALERT_DETAIL_TYPE = 'Stille Alert';

/** An alert: what happened (`kind`), when, and whatever ops need to act on it. */
export interface Alert {
  kind: string;
  at: string;
  [key: string]: unknown;
}

/** Puts events on the stille bus (EventBridge `PutEvents`). */
export interface EventPublisher {
  publish(detailType: string, detail: Record<string, unknown>): Promise<string>;
  alert(alert: Alert): Promise<string>;
}

/**
 * Events through the real EventBridge client. A throttled or failed entry is a `TransientError` (the
 * workflow retries); the event id of the accepted entry is returned.
 */
export function createEventPublisher(client: EventBridgeClient, eventBusName: () => string): EventPublisher {
  const publish = async (detailType: string, detail: Record<string, unknown>) => {
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
  return { publish, alert: (alert) => publish(ALERT_DETAIL_TYPE, alert) };
}
