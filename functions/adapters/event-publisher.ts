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
    detailType: DetailType | typeof DETAIL_TYPE.campaignRunCompleted | typeof DETAIL_TYPE.offerAccepted,
    detail: Record<string, unknown>,
  ): Promise<string>;
  /** A `Message Requested` for the send gate. */
  requestMessage(request: MessageRequest): Promise<string>;
  /**
   * Many `Message Requested` at once: up to 10 entries and 256 KB a `PutEvents` call instead of a call
   * each. Entries the bus refuses are sent again (twice, after a short pause); if any is still refused
   * the call fails as a `TransientError` and the workflow retries (the send gate drops what it already
   * has).
   */
  requestMessages(requests: readonly MessageRequest[]): Promise<void>;
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
  const putMany = async (detailType: string, details: readonly object[]) => {
    for (const chunk of chunksOf(details.map((detail) => entryOf(eventBusName(), detailType, detail)))) {
      let entries = chunk;
      for (let round = 0; ; round += 1) {
        let result: PutEventsCommandOutput;
        try {
          result = await client.send(new PutEventsCommand({ Entries: entries }));
        } catch (error) {
          throw new TransientError(`PutEvents ${detailType} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        if ((result.FailedEntryCount ?? 0) === 0) break;
        // The answer's entries are in the order of the request's: resend only those without an id.
        const refused = entries.filter((_, i) => !result.Entries?.[i]?.EventId);
        if (round + 1 >= PUT_MANY_ROUNDS) {
          const first = result.Entries?.find((entry) => !entry.EventId);
          throw new TransientError(
            `PutEvents ${detailType} refused ${refused.length} of ${chunk.length} entries: ${first?.ErrorCode} ${first?.ErrorMessage}`,
          );
        }
        await sleep(PUT_MANY_RETRY_MS * 2 ** round);
        entries = refused;
      }
    }
  };
  return {
    publish: put,
    requestMessage: (request) => put(MESSAGE_REQUESTED, request),
    requestMessages: (requests) => putMany(MESSAGE_REQUESTED, requests),
    alert: (alert) => put(ALERT_DETAIL_TYPE, alert),
  };
}

/** PutEvents takes at most 10 entries a call… */
export const PUT_EVENTS_MAX_ENTRIES = 10;
/** …and 256 KB in all, an entry counted as its source, detail type and detail (UTF-8). */
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;
/** Calls per chunk before refused entries fail the whole as a TransientError. */
const PUT_MANY_ROUNDS = 3;
const PUT_MANY_RETRY_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Entry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
}

function entryOf(eventBusName: string, detailType: string, detail: object): Entry {
  return {
    EventBusName: eventBusName,
    Source: STILLE_SOURCE,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
  };
}

const entrySize = (entry: Entry) =>
  Buffer.byteLength(entry.Source) + Buffer.byteLength(entry.DetailType) + Buffer.byteLength(entry.Detail);

/** Entries in calls of at most 10 and 256 KB (an entry too large alone goes alone: the bus refuses it). */
export function chunksOf<T extends Entry>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (
      current.length > 0 &&
      (current.length >= PUT_EVENTS_MAX_ENTRIES || bytes + size > PUT_EVENTS_MAX_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
