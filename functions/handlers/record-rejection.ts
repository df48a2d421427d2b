import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { FieldError } from '#domain/errors.ts';
import { asEnvelope, detailTypeText, type EventEnvelope, eventIdOf } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The workflow's input after a `Catch` with `ResultPath: '$.error'`. */
export interface RecordRejectionInput extends EventEnvelope {
  error?: { Error?: unknown; Cause?: unknown };
}

export interface RecordRejectionResult {
  rejectionId: string;
  /** How many field errors were recorded. */
  errors: number;
}

const MAX_RAW_CAUSE = 1000;
const MAX_ERRORS = 100;

/** What a Step Functions error `Cause` says about a rejected event. */
export interface ParsedCause {
  /** The detail type the validator saw, when the cause carries it. */
  detailType?: string;
  errors: FieldError[];
}

/**
 * Reads the field errors out of a Step Functions error `Cause`. On AWS (and in the embedded runtime) the
 * cause is the Lambda error payload `{"errorType","errorMessage","trace"}` as JSON, and the message of an
 * `InvalidEventError` is itself JSON `{ detailType, errors }`. Anything else becomes one error on
 * `detail` carrying the message (or the raw cause, cut short), so nothing is lost.
 */
export function parseCause(cause: unknown): ParsedCause {
  const raw = typeof cause === 'string' ? cause : (JSON.stringify(cause) ?? '');
  const payload = parseJson(raw);
  const message =
    isRecord(payload) && typeof payload.errorMessage === 'string' ? payload.errorMessage : undefined;
  // A hand-made input may put the `{ detailType, errors }` object in the cause directly.
  const carrier = message === undefined ? payload : parseJson(message);
  const errors = isRecord(carrier) ? toFieldErrors(carrier.errors) : undefined;
  if (isRecord(carrier) && errors && errors.length > 0) {
    const detailType = detailTypeText(carrier.detailType);
    return detailType ? { detailType, errors } : { errors };
  }
  return { errors: [{ path: 'detail', message: truncate(message ?? raw) || 'rejected without a cause' }] };
}

function toFieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const errors: FieldError[] = [];
  for (const entry of value.slice(0, MAX_ERRORS)) {
    if (!isRecord(entry)) continue;
    errors.push({
      path: typeof entry.path === 'string' ? truncate(entry.path) : '',
      message: typeof entry.message === 'string' ? truncate(entry.message) : truncate(JSON.stringify(entry)),
    });
  }
  return errors;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string): string {
  return text.length <= MAX_RAW_CAUSE ? text : `${text.slice(0, MAX_RAW_CAUSE - 1)}…`;
}

/** What the handler is given: its settings, clock, logger and clients. */
export type RecordRejectionDeps = DepsWith<'ddb'>;

/**
 * Records an event the workflow rejected (caught `InvalidEventError`, or any error it gives up on) with
 * its field errors, under the event's id.
 */
export function createHandler(
  deps: RecordRejectionDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, RecordRejectionResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const { error, ...event } = asEnvelope(input) as RecordRejectionInput;
    const rejectionId = eventIdOf(event);
    const { detailType, errors } = parseCause(error?.Cause);
    await repositories.rejections.record({
      rejectionId,
      eventId: rejectionId,
      detailType: detailTypeText(event['detail-type']) || detailType || 'unknown',
      source: 'events',
      errors,
      receivedAt: deps.clock.now().toISOString(),
      detail: event.detail ?? null,
    });
    deps.logger.warn('Event rejected', { rejectionId, errorName: error?.Error, errors: errors.length });
    return { rejectionId, errors: errors.length };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient };

export const handler = lambdaEntry(createHandler, clients);
