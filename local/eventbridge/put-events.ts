import { jsonTextDepth } from '#domain/contracts/bounds.ts';
import type { PutEventEntry } from './local-event-bus.ts';

/**
 * The `PutEvents` API of EventBridge as the embedded runtime implements it: the request limits and the
 * per-entry checks of the service, shared by the local endpoint (`local/services/eventbridge.ts`) and
 * the Step Functions `events:putEvents` integration.
 */

/** A `PutEventsRequestEntry` as the API takes it (the SDK's shape, with `Time` as it arrives on the wire). */
export interface PutEventsRequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  /** A JSON object as a string (the Step Functions integration also takes the object itself). */
  Detail?: unknown;
  /** A bus name or ARN; the `default` bus when absent. */
  EventBusName?: unknown;
  Resources?: unknown;
  /** Epoch seconds (AWS JSON protocol), an ISO 8601 string or a Date. */
  Time?: unknown;
  TraceHeader?: unknown;
}

/** One entry of the `PutEvents` response: an `EventId`, or why the entry failed. */
export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface PutEventsResponse {
  Entries: PutEventsResultEntry[];
  FailedEntryCount: number;
}

/** The request as a whole breaks a limit of the API: the service answers HTTP 400 `ValidationException`. */
export class PutEventsValidationError extends Error {
  override readonly name = 'ValidationException';
}

/** Most entries in one `PutEvents` request. */
export const MAX_ENTRIES_PER_REQUEST = 10;
/** The total size of a request's entries, computed as EventBridge documents it (256 KiB). */
export const MAX_REQUEST_ENTRIES_BYTES = 256 * 1024;
/** What EventBridge answers, word for word, when a request's entries are over {@link MAX_REQUEST_ENTRIES_BYTES}. */
export const ENTRIES_TOO_LARGE_MESSAGE = 'Total size of the entries in the request is over the limit.';
/** Longest `DetailType` and `Source` (EventBridge refuses longer ones per entry). */
const MAX_DETAIL_TYPE_LENGTH = 128;
/** "PutEvents will only process nested JSON up to 1000 levels deep" (PutEvents API reference). */
export const MAX_DETAIL_DEPTH = 1000;
const MAX_SOURCE_LENGTH = 256;
const MAX_RESOURCES = 100;

/**
 * The size EventBridge counts for an entry: 14 bytes for the time if given, then the UTF-8 bytes of
 * source, detail-type, detail and each resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time !== undefined ? 14 : 0;
  for (const value of [entry.Source, entry.DetailType, detailText(entry.Detail)]) {
    if (typeof value === 'string') size += Buffer.byteLength(value);
  }
  if (Array.isArray(entry.Resources)) {
    for (const resource of entry.Resources) {
      if (typeof resource === 'string') size += Buffer.byteLength(resource);
    }
  }
  return size;
}

/**
 * Checks the limits of the request as a whole: at least 1 and at most 10 entries, at most 256 KiB in
 * all. Throws {@link PutEventsValidationError} as the service answers `ValidationException`.
 */
export function checkPutEventsRequest(entries: unknown): asserts entries is PutEventsRequestEntry[] {
  if (!Array.isArray(entries)) {
    throw new PutEventsValidationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_REQUEST) {
    throw new PutEventsValidationError(
      `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length ${entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES_PER_REQUEST}`}`,
    );
  }
  const total = entries.reduce<number>(
    (sum, entry) => sum + (typeof entry === 'object' && entry !== null ? entrySize(entry) : 0),
    0,
  );
  if (total > MAX_REQUEST_ENTRIES_BYTES) throw new PutEventsValidationError(ENTRIES_TOO_LARGE_MESSAGE);
}

/** How an entry failed, as the response reports it. */
export interface EntryFailure {
  ErrorCode: string;
  ErrorMessage: string;
}

/** The part of an entry a failure is about: a report of a refused scenario event points at it. */
export type EntryField = 'entry' | 'source' | 'detail-type' | 'detail' | 'event-bus' | 'resources' | 'time';

/**
 * Why EventBridge would not take one entry, put alone in a request: the request-level
 * `ValidationException` (too large) or the entry's `ErrorCode`.
 */
export interface EntryRefusal {
  code: string;
  message: string;
  field: EntryField;
  /** The entry's size as EventBridge counts it. */
  size: number;
}

export interface ParseEntryOptions {
  /** The bus name an entry's `EventBusName` (name or ARN) refers to, or undefined when no such bus exists. */
  resolveBus: (nameOrArn: string) => string | undefined;
  /** Resources appended to the entry's own (the Step Functions integration adds the execution and state machine ARNs). */
  extraResources?: string[];
  /** Whether `aws.*` sources are refused, as for any caller but AWS services. Default true. */
  refuseAwsSources?: boolean;
}

/**
 * Checks one entry as EventBridge does and turns it into what the local bus routes, or into the
 * `ErrorCode`/`ErrorMessage` the response gives for it.
 */
export function parseEntry(
  raw: unknown,
  options: ParseEntryOptions,
): { entry: PutEventEntry & { eventBusName: string } } | { failure: EntryFailure; field: EntryField } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('entry', 'Entry', 'Entry must be an object.');
  }
  const entry = raw as PutEventsRequestEntry;
  if (typeof entry.Source !== 'string' || entry.Source === '') {
    return invalid('source', 'Source', 'Source is a required argument.');
  }
  if (entry.Source.length > MAX_SOURCE_LENGTH) {
    return invalid('source', 'Source', `Source must be at most ${MAX_SOURCE_LENGTH} characters.`);
  }
  if (typeof entry.DetailType !== 'string' || entry.DetailType === '') {
    return invalid('detail-type', 'DetailType', 'DetailType is a required argument.');
  }
  if (entry.DetailType.length > MAX_DETAIL_TYPE_LENGTH) {
    return invalid(
      'detail-type',
      'DetailType',
      `DetailType must be at most ${MAX_DETAIL_TYPE_LENGTH} characters.`,
    );
  }
  const text = detailText(entry.Detail);
  if (text === undefined) return invalid('detail', 'Detail', 'Detail is a required argument.');
  // EventBridge reads nested JSON only so deep (and a deeper value would overflow a walk of it here).
  if (jsonTextDepth(text, MAX_DETAIL_DEPTH + 1) > MAX_DETAIL_DEPTH) return malformedDetail();
  let detail: unknown;
  try {
    detail = JSON.parse(text);
  } catch {
    return malformedDetail();
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return malformedDetail();
  }
  if ((options.refuseAwsSources ?? true) && entry.Source.startsWith('aws.')) {
    return {
      failure: {
        ErrorCode: 'NotAuthorizedForSourceException',
        ErrorMessage: 'Not authorized for the source.',
      },
      field: 'source',
    };
  }
  const busName = entry.EventBusName === undefined ? 'default' : entry.EventBusName;
  if (typeof busName !== 'string' || busName === '') {
    return invalid('event-bus', 'EventBusName', 'EventBusName must be a bus name or ARN.');
  }
  const bus = options.resolveBus(busName);
  if (bus === undefined) {
    return {
      failure: {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Event bus ${busName} does not exist.`,
      },
      field: 'event-bus',
    };
  }
  const resources = entry.Resources ?? [];
  if (
    !Array.isArray(resources) ||
    resources.length > MAX_RESOURCES ||
    resources.some((r) => typeof r !== 'string')
  ) {
    return invalid('resources', 'Resources', `Resources must be a list of at most ${MAX_RESOURCES} ARNs.`);
  }
  const time = entryTime(entry.Time);
  if (time === null) return invalid('time', 'Time', 'Time is not a valid timestamp.');
  return {
    entry: {
      source: entry.Source,
      detailType: entry.DetailType,
      detail: detail as Record<string, unknown>,
      eventBusName: bus,
      resources: [...(resources as string[]), ...(options.extraResources ?? [])],
      ...(time !== undefined ? { time } : {}),
    },
  };
}

/**
 * The Detail as JSON text: a string as is, an object (Step Functions integration) serialized; an empty
 * string is no Detail at all (EventBridge answers it as a missing argument).
 */
function detailText(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail === '' ? undefined : detail;
  if (typeof detail === 'object' && detail !== null) return JSON.stringify(detail);
  return undefined;
}

/** The event time as EventBridge writes it (`2027-01-05T08:00:00Z`); undefined when absent, null when invalid. */
function entryTime(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value * 1000
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function invalid(
  field: EntryField,
  parameter: string,
  reason: string,
): { failure: EntryFailure; field: EntryField } {
  return {
    failure: {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}`,
    },
    field,
  };
}

function malformedDetail(): { failure: EntryFailure; field: EntryField } {
  return { failure: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }, field: 'detail' };
}

/**
 * What EventBridge would answer one entry put alone in a request, when it would not take it: the
 * request's `ValidationException` when the entry is over {@link MAX_REQUEST_ENTRIES_BYTES}, else the
 * entry's error ({@link parseEntry}); `undefined` when it would take it.
 */
export function refusalOf(
  entry: PutEventsRequestEntry,
  options: ParseEntryOptions,
): EntryRefusal | undefined {
  const size = entrySize(entry);
  if (size > MAX_REQUEST_ENTRIES_BYTES) {
    return { code: 'ValidationException', message: ENTRIES_TOO_LARGE_MESSAGE, field: 'detail', size };
  }
  const parsed = parseEntry(entry, options);
  if (!('failure' in parsed)) return undefined;
  return { code: parsed.failure.ErrorCode, message: parsed.failure.ErrorMessage, field: parsed.field, size };
}
