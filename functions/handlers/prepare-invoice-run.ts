import type { DepsWith } from '#adapters/deps.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { parseS3Location, validateEvent } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import { asEnvelope, detailTypeText, eventIdOf } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The invoice run as the InvoiceRun workflow's Distributed Map needs it. */
export interface PreparedInvoiceRun {
  runId: string;
  eventId: string;
  /** Bucket and key of the JSON Lines file (the map's `ItemReader`). */
  bucket: string;
  key: string;
  /** Lines the billing system says the file has. */
  count: number;
  /** `s3://bucket/key`, as submitted. */
  location: string;
}

/** What the handler is given: its settings, clock, logger and clients. */
export type PrepareInvoiceRunDeps = DepsWith<never>;

/**
 * Validates an `Invoice Run Submitted` event and returns where its file is. Any other detail type, or an
 * invalid detail, throws `InvalidEventError`.
 */
export function createHandler(deps: PrepareInvoiceRunDeps): Handler<unknown, PreparedInvoiceRun> {
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const detailType = detailTypeText(event['detail-type']);
    if (detailType !== DETAIL_TYPE.invoiceRunSubmitted) {
      throw new InvalidEventError(detailType, [
        {
          path: 'detail-type',
          message: `expected "${DETAIL_TYPE.invoiceRunSubmitted}", got ${JSON.stringify(detailType)}`,
        },
      ]);
    }
    const result = validateEvent(DETAIL_TYPE.invoiceRunSubmitted, event.detail);
    if (!result.ok) throw new InvalidEventError(detailType, result.errors);
    if (result.detailType !== DETAIL_TYPE.invoiceRunSubmitted) {
      throw new TypeError(
        `validateEvent answered ${result.detailType} for ${DETAIL_TYPE.invoiceRunSubmitted}`,
      );
    }
    const { runId, location, count } = result.value;
    let file: { bucket: string; key: string };
    try {
      file = parseS3Location(location);
    } catch (error) {
      throw new InvalidEventError(detailType, [{ path: 'location', message: messageOf(error) }], {
        cause: error,
      });
    }
    const eventId = eventIdOf(event);
    deps.logger.info('Invoice run prepared', { runId, eventId, location, count });
    return { runId, eventId, bucket: file.bucket, key: file.key, count, location };
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = {};

export const handler = lambdaEntry(createHandler, clients);
