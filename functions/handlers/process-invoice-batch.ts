import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { loadMarketsConfig } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type InvoiceIssued, validateEvent } from '#domain/contracts/index.ts';
import { type FieldError, InvalidEventError } from '#domain/errors.ts';
import { readBatchEnvelope } from './common/batch-envelope.ts';
import { forEachBounded } from './common/bounded.ts';
import {
  explainCustomerInvoices,
  type InvoiceExplanationContext,
  type InvoiceExplanationOutcome,
  learnedProfiles,
} from './common/invoice-explanations.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

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

/** What a batch did; small on purpose (the Distributed Map would otherwise collect large outputs). */
export interface InvoiceBatchResult {
  runId: string;
  /** Valid invoices stored. */
  accepted: number;
  /** Invalid lines recorded as rejections. */
  rejected: number;
  /** Invoices whose explanation was requested from the send gate. */
  explained: number;
  /** Invoices that duplicate an earlier one (billing was alerted). */
  duplicates: number;
  /** Surprising invoices whose due date had passed: no message was requested. */
  pastDue: number;
}

/** Largest batch the workflow sends (`ItemBatcher.MaxItemsPerBatch`). */
export const MAX_BATCH_ITEMS = 500;
/** Rejection writes in flight at once: enough to hide latency, few enough not to throttle a table on its own. */
export const WRITE_CONCURRENCY = 16;
/** Customers whose invoices are explained at once (each customer's invoices one after another). */
export const EXPLAIN_CONCURRENCY = 16;
/** What the handler is given: its settings, clock, logger and clients. */
export type ProcessInvoiceBatchDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * Stores the valid invoices of a batch and records each invalid line as a rejection
 * (`<eventId>#line-<n>`); then explains the stored invoices as a single `Invoice Issued` would be
 * (functions/handlers/invoice-explanations.ts). A bad line never fails the batch; a storage or publishing
 * failure does, and the workflow retries the whole batch (every write is idempotent, and the send gate's
 * ledger keeps one message per invoice).
 */
export function createHandler(
  deps: ProcessInvoiceBatchDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, InvoiceBatchResult> {
  const config = loadMarketsConfig(deps.marketsConfig);
  const ctx: InvoiceExplanationContext = {
    repositories,
    publisher,
    config,
    clock: deps.clock,
    logger: deps.logger,
    // Per container: a learned profile is read once an hour per market and kind.
    profiles: learnedProfiles(repositories.seasonalProfiles, deps.clock),
  };
  return withMiddleware(deps, async (input: unknown) => {
    const batch = parseBatch(input);
    const { runId, eventId, location } = batch.BatchInput;
    const receivedAt = deps.clock.now().toISOString();
    // Valid lines by position in the batch, so what is explained does not depend on write order.
    const storedAt: (InvoiceIssued | undefined)[] = [];
    const invalid: { index: number; invoice: unknown; errors: FieldError[] }[] = [];
    batch.Items.forEach(({ index, invoice }, position) => {
      const result = validateEvent(DETAIL_TYPE.invoiceIssued, invoice);
      if (result.ok && result.detailType === DETAIL_TYPE.invoiceIssued) storedAt[position] = result.value;
      else invalid.push({ index, invoice, errors: result.ok ? [] : result.errors });
    });
    // One BatchWriteItem per 25 invoices rather than one PutItem each.
    await repositories.invoices.putMany(storedAt.filter((invoice) => invoice !== undefined));
    await forEachBounded(invalid, WRITE_CONCURRENCY, async ({ index, invoice, errors }) => {
      const line = index + 1;
      await repositories.rejections.record({
        rejectionId: `${eventId}#line-${line}`,
        eventId,
        detailType: DETAIL_TYPE.invoiceIssued,
        source: 'file',
        errors,
        receivedAt,
        location,
        line,
        detail: invoice,
      });
    });
    const rejected = invalid.length;
    const stored = storedAt.filter((invoice): invoice is InvoiceIssued => invoice !== undefined);
    // Only once every invoice is stored: two overlapping invoices of one batch then see each other.
    const outcomes: InvoiceExplanationOutcome[] = [];
    await forEachBounded(groupByCustomer(stored), EXPLAIN_CONCURRENCY, async ({ customerId, invoices }) => {
      outcomes.push(...(await explainCustomerInvoices(ctx, customerId, invoices)));
    });
    const result: InvoiceBatchResult = {
      runId,
      accepted: stored.length,
      rejected,
      explained: outcomes.filter((outcome) => outcome.explained).length,
      duplicates: outcomes.filter((outcome) => outcome.duplicate).length,
      pastDue: outcomes.filter((outcome) => outcome.pastDue).length,
    };
    deps.logger.info('Invoice batch processed', { ...result });
    return result;
  });
}

/** The invoices of one customer in a batch. */
export interface CustomerInvoices {
  customerId: string;
  invoices: InvoiceIssued[];
}

/**
 * The invoices of a batch by customer, customers in order of first appearance. An invoice id that
 * appears more than once is explained once (its first occurrence).
 */
export function groupByCustomer(invoices: readonly InvoiceIssued[]): CustomerInvoices[] {
  const groups = new Map<string, CustomerInvoices>();
  const seen = new Set<string>();
  for (const invoice of invoices) {
    const key = `${invoice.customerId}\u0000${invoice.invoiceId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let group = groups.get(invoice.customerId);
    if (!group) {
      group = { customerId: invoice.customerId, invoices: [] };
      groups.set(invoice.customerId, group);
    }
    group.invoices.push(invoice);
  }
  return [...groups.values()];
}

/**
 * Checks the batch envelope the workflow builds. A malformed envelope is a workflow bug no retry fixes,
 * so it is an `InvalidEventError` rather than a line rejection.
 */
export function parseBatch(input: unknown): InvoiceBatchInput {
  const { value, batchInput, itemErrors } = readBatchEnvelope(input, {
    maxItems: MAX_BATCH_ITEMS,
    itemsPhrase: '{ index, invoice }',
    checkItem: (item, position, errors) => {
      const index = (item as { index?: unknown } | null)?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
        errors.push({ path: `Items[${position}].index`, message: 'expected a non-negative integer' });
      }
    },
  });
  const errors = [...itemErrors];
  for (const field of ['runId', 'eventId', 'location'] as const) {
    const text = batchInput[field];
    if (typeof text !== 'string' || text.length === 0) {
      errors.push({ path: `BatchInput.${field}`, message: 'expected a non-empty string' });
    }
  }
  if (errors.length > 0) throw new InvalidEventError(DETAIL_TYPE.invoiceRunSubmitted, errors);
  return value as unknown as InvoiceBatchInput;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
