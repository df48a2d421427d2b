import type { Deps } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { validateEvent } from '../domain/contracts/index.ts';
import { type FieldError, InvalidEventError } from '../domain/errors.ts';
import { forEachBounded } from './bounded.ts';
import { type Handler, lambdaEntry } from './lambda-entry.ts';
import { withMiddleware } from './middleware.ts';

/** One line of the run file, as the Distributed Map's `ItemSelector` hands it over. */
export interface InvoiceBatchItem {
  /** 0-based position of the line in the file. */
  index: number;
  invoice: unknown;
}

/** A Distributed Map batch (`ItemBatcher` with `BatchInput`). */
export interface InvoiceBatchInput {
  Items: InvoiceBatchItem[];
  BatchInput: { runId: string; eventId: string; location: string };
}

export interface InvoiceBatchResult {
  runId: string;
  accepted: number;
  rejected: number;
}

/** Largest batch the workflow sends (`ItemBatcher.MaxItemsPerBatch`). */
export const MAX_BATCH_ITEMS = 500;
/** Writes in flight at once: enough to hide latency, few enough not to throttle a table on its own. */
export const WRITE_CONCURRENCY = 16;
const INVOICE_DETAIL_TYPE = 'Invoice Issued' as const;

/**
 * Stores the valid invoices of a batch and records each invalid line as a rejection
 * (`<eventId>#line-<n>`). A bad line never fails the batch; a storage failure does, and the workflow
 * retries the whole batch (every write is idempotent).
 */
export function createHandler(
  deps: Deps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, InvoiceBatchResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const batch = parseBatch(input);
    const { runId, eventId, location } = batch.BatchInput;
    const receivedAt = deps.clock.now().toISOString();
    let accepted = 0;
    let rejected = 0;
    await forEachBounded(batch.Items, WRITE_CONCURRENCY, async ({ index, invoice }) => {
      const result = validateEvent(INVOICE_DETAIL_TYPE, invoice);
      if (result.ok && result.detailType === INVOICE_DETAIL_TYPE) {
        await repositories.invoices.put(result.value);
        accepted += 1;
        return;
      }
      const line = index + 1;
      await repositories.rejections.record({
        rejectionId: `${eventId}#line-${line}`,
        eventId,
        detailType: INVOICE_DETAIL_TYPE,
        source: 'file',
        errors: result.ok ? [] : result.errors,
        receivedAt,
        location,
        line,
        detail: invoice,
      });
      rejected += 1;
    });
    deps.logger.info('Invoice batch processed', { runId, accepted, rejected });
    return { runId, accepted, rejected };
  });
}

/**
 * Checks the batch envelope the workflow builds. A malformed envelope is a workflow bug no retry fixes,
 * so it is an `InvalidEventError` rather than a line rejection.
 */
export function parseBatch(input: unknown): InvoiceBatchInput {
  const errors: FieldError[] = [];
  const value = (typeof input === 'object' && input !== null ? input : {}) as Partial<
    Record<string, unknown>
  >;
  const items = value.Items;
  const batchInput = (
    typeof value.BatchInput === 'object' && value.BatchInput !== null ? value.BatchInput : {}
  ) as Partial<Record<string, unknown>>;
  if (!Array.isArray(items)) {
    errors.push({ path: 'Items', message: 'expected an array of { index, invoice }' });
  } else {
    if (items.length > MAX_BATCH_ITEMS) {
      errors.push({
        path: 'Items',
        message: `at most ${MAX_BATCH_ITEMS} items per batch, got ${items.length}`,
      });
    }
    items.forEach((item: unknown, position) => {
      const index = (item as { index?: unknown } | null)?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
        errors.push({ path: `Items[${position}].index`, message: 'expected a non-negative integer' });
      }
    });
  }
  for (const field of ['runId', 'eventId', 'location'] as const) {
    const text = batchInput[field];
    if (typeof text !== 'string' || text.length === 0) {
      errors.push({ path: `BatchInput.${field}`, message: 'expected a non-empty string' });
    }
  }
  if (errors.length > 0) throw new InvalidEventError('Invoice Run Submitted', errors);
  return value as unknown as InvoiceBatchInput;
}

export const handler = lambdaEntry(createHandler);
