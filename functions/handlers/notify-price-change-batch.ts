import { createHash } from 'node:crypto';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type CustomerRecord, type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { putTally } from '#adapters/notice-tallies.ts';
import { RECIPIENTS_PREFIX } from '#adapters/runs-bucket.ts';
import { timeZoneOfMarket } from '#domain/config/market-table.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { InvoiceIssued, MessageRequest, PriceChangeAnnounced } from '#domain/contracts/index.ts';
import { type FieldError, InvalidEventError } from '#domain/errors.ts';
import {
  countMoved,
  customerNotice,
  emptyTally,
  type NoticeCustomer,
  type NoticeTally,
  type ProductKind,
} from '#domain/price-changes/index.ts';
import { readBatchEnvelope } from './common/batch-envelope.ts';
import { forEachBounded } from './common/bounded.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { loadPriceChange, type PriceChangeRecipient } from './common/price-change.ts';

/** A Distributed Map batch of recipients (`ItemBatcher` with `BatchInput`). */
export interface PriceChangeBatchInput {
  Items: PriceChangeRecipient[];
  BatchInput: { priceChangeId: string; talliesPrefix: string };
}

/** Largest batch accepted: the workflow sends 100 (`ItemBatcher.MaxItemsPerBatch`); 500 leaves room to tune it. */
export const MAX_BATCH_ITEMS = 500;
/** Customers handled at once: enough to hide latency, few enough not to throttle a table on its own. */
export const NOTIFY_CONCURRENCY = 16;
const PRODUCT_KINDS: readonly string[] = ['electricity', 'broadband', 'mobile', 'insurance'];

/** What the handler is given: its settings, clock, logger and clients. */
export type NotifyPriceChangeBatchDeps = DepsWith<'ddb' | 's3' | 'eventBridge'>;

/**
 * `NotifyBatch`, the Express child of the PriceChange workflow's Distributed Map: for each recipient
 * reads the customer (and, for an energy price, their invoices), works out their effective date and
 * personal impact, and requests the notice from the send gate. Puts a small tally in the runs bucket
 * (and returns it): notices requested, customers skipped (renewed into a fixed term or moved off the
 * tariff since the list was made), and the moved effective dates. A failure fails the batch, and the workflow retries it whole: the send gate's
 * ledger keeps one notice per customer product.
 */
export function createHandler(
  deps: NotifyPriceChangeBatchDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, NoticeTally> {
  const config = loadMarketsConfig(deps.marketsConfig);
  return withMiddleware(deps, async (input: unknown) => {
    const batch = parseBatch(input);
    const change = await loadPriceChange(repositories.priceChanges, batch.BatchInput.priceChangeId);
    const now = deps.clock.now();
    const tally = emptyTally();
    const requests: MessageRequest[] = [];
    await forEachBounded(batch.Items, NOTIFY_CONCURRENCY, async (recipient) => {
      const [customer, history] = await Promise.all([
        repositories.customers.get(recipient.customerId),
        change.component === 'energy'
          ? repositories.invoices.history(recipient.customerId)
          : Promise.resolve<InvoiceIssued[]>([]),
      ]);
      if (!customer) {
        // The send gate records the notice as suppressed (no contact point): it is not lost.
        deps.logger.warn('Price-change notice for a customer without a profile', { ...recipient });
      }
      const settings = settingsForMarket(config, customer?.market ?? change.market);
      const notice = customerNotice({
        change,
        customer: noticeCustomer(customer, recipient, change),
        productId: recipient.productId,
        history,
        now,
        quietHours: settings.quietHours,
        ownLeadTimes: settings.priceNoticeLeadTimes,
      });
      if (!notice.affected) {
        tally.skipped += 1;
        deps.logger.info('No price-change notice', { ...recipient, reason: notice.reason });
        return;
      }
      requests.push(notice.request);
      tally.notified += 1;
      if (notice.moved) countMoved(tally, notice.effectiveDate);
    });
    // Ten notices a PutEvents call rather than one each; a failure fails the batch, which is retried whole.
    await publisher.requestMessages(requests);
    // Keyed by the batch's first recipient (each recipient is in one batch only): a retried batch
    // overwrites its own tally.
    await putTally(deps.s3, deps.runsBucket, tallyKey(batch), tally);
    deps.logger.info('Price-change batch notified', {
      priceChangeId: change.priceChangeId,
      items: batch.Items.length,
      ...tally,
    });
    return tally;
  });
}

/** `<talliesPrefix><hash of the first recipient>.json`. */
export function tallyKey(batch: PriceChangeBatchInput): string {
  const first = batch.Items[0];
  const digest = createHash('sha256')
    .update(first ? `${first.customerId}\u0000${first.productId}` : 'empty')
    .digest('hex')
    .slice(0, 32);
  return `${batch.BatchInput.talliesPrefix}${digest}.json`;
}

/**
 * The customer as the notice sees them: the stored profile, or for a product whose customer has no
 * profile, the price change's market, a household (the longest lead times) and the market's time zone.
 */
function noticeCustomer(
  customer: CustomerRecord | undefined,
  recipient: PriceChangeRecipient,
  change: PriceChangeAnnounced,
): NoticeCustomer {
  if (customer) return customer;
  return {
    customerId: recipient.customerId,
    market: change.market,
    segment: 'household',
    timeZone: timeZoneOfMarket(change.market),
    products: [
      {
        productId: recipient.productId,
        kind: recipient.kind as ProductKind,
        tariffId: recipient.tariffId,
        contract: recipient.contract === 'fixed-term' ? 'fixed-term' : 'open-ended',
      },
    ],
  };
}

/**
 * Checks the batch envelope the workflow builds. A malformed one is a workflow bug no retry fixes, so it
 * is an `InvalidEventError` naming the fields.
 */
export function parseBatch(input: unknown): PriceChangeBatchInput {
  const { value, batchInput, itemErrors } = readBatchEnvelope(input, {
    maxItems: MAX_BATCH_ITEMS,
    itemsPhrase: 'recipients',
    checkItem: (item, position, errors) => {
      const recipient = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      for (const field of ['customerId', 'productId', 'tariffId', 'contract'] as const) {
        const text = recipient[field];
        if (typeof text !== 'string' || text === '' || text.length > 256) {
          errors.push({ path: `Items[${position}].${field}`, message: 'expected a non-empty string' });
        }
      }
      if (!PRODUCT_KINDS.includes(String(recipient.kind))) {
        errors.push({
          path: `Items[${position}].kind`,
          message: `expected one of ${PRODUCT_KINDS.join(', ')}`,
        });
      }
    },
  });
  const errors: FieldError[] = [];
  if (typeof batchInput.priceChangeId !== 'string' || batchInput.priceChangeId === '') {
    errors.push({ path: 'BatchInput.priceChangeId', message: 'expected a non-empty string' });
  }
  const prefix = batchInput.talliesPrefix;
  if (typeof prefix !== 'string' || !prefix.startsWith(RECIPIENTS_PREFIX) || !prefix.endsWith('/')) {
    errors.push({
      path: 'BatchInput.talliesPrefix',
      message: `expected a folder under ${RECIPIENTS_PREFIX}`,
    });
  }
  errors.push(...itemErrors);
  if (errors.length > 0) throw new InvalidEventError(DETAIL_TYPE.priceChangeAnnounced, errors.slice(0, 50));
  return value as unknown as PriceChangeBatchInput;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
