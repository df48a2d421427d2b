import {
  MAX_REQUEST_ENTRIES_BYTES,
  type PutEventsResponse,
  PutEventsValidationError,
} from '../eventbridge/put-events.ts';
import { jsonError, startJsonProtocolServer } from './json-protocol.ts';

/** The operation of EventBridge (AWS JSON 1.1 protocol) the local endpoint implements. */
export const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/**
 * The HTTP body read before the request is answered. Far above the 256 KiB of entries (JSON escapes a
 * control character in six bytes), so that a request whose entries are too large gets EventBridge's own
 * `ValidationException`, not a cut-off body; only a body beyond this is refused unread (HTTP 413).
 */
const MAX_REQUEST_BYTES = 32 * MAX_REQUEST_ENTRIES_BYTES;

/**
 * Handles the `Entries` of one `PutEvents` request: checks them as EventBridge does, routes the valid
 * ones and answers per entry. Throws {@link PutEventsValidationError} when the request as a whole is
 * refused. The runtime's bus (`LocalEventBus.putEvents`) is one.
 */
export type PutEventsHandler = (entries: unknown) => PutEventsResponse;

export interface EventBridgeOptions {
  putEvents: PutEventsHandler;
}

/** A running local EventBridge endpoint. */
export interface LocalEventBridge {
  /** `http://127.0.0.1:<port>`, for `new EventBridgeClient({ endpoint })`. */
  endpoint: string;
  close(): Promise<void>;
  /** How many `PutEvents` calls were answered, and how many entries failed. */
  stats(): { calls: number; entries: number; failedEntries: number; refusedCalls: number };
}

/**
 * Starts a local EventBridge endpoint for `PutEvents` (the one call the app's handlers make) on an
 * ephemeral port of 127.0.0.1. A request of more than 10 entries or more than 256 KiB is refused with
 * `ValidationException` (HTTP 400); each entry is checked like the service (`InvalidArgument`,
 * `MalformedDetail`, `ResourceNotFoundException` for an unknown bus, `NotAuthorizedForSourceException`
 * for an `aws.` source), and the answer lists an `EventId` or an `ErrorCode`/`ErrorMessage` per entry
 * with the `FailedEntryCount`. Any other operation gets `UnknownOperationException`.
 */
export async function startEventBridge(options: EventBridgeOptions): Promise<LocalEventBridge> {
  const stats = { calls: 0, entries: 0, failedEntries: 0, refusedCalls: 0 };
  const server = await startJsonProtocolServer({
    contentType: CONTENT_TYPE,
    maxRequestBytes: MAX_REQUEST_BYTES,
    operations: {
      [PUT_EVENTS_TARGET]: (request) => {
        stats.calls++;
        try {
          const response = options.putEvents(request.Entries);
          stats.entries += response.Entries.length;
          stats.failedEntries += response.FailedEntryCount;
          return { status: 200, payload: response };
        } catch (error) {
          if (error instanceof PutEventsValidationError) {
            stats.refusedCalls++;
            return jsonError(400, 'ValidationException', error.message);
          }
          throw error;
        }
      },
    },
  });
  return { endpoint: server.endpoint, close: server.close, stats: () => ({ ...stats }) };
}
