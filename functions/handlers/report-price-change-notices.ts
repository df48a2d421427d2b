import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { readTallies } from '#adapters/notice-tallies.ts';
import { addTallies, latePriceNoticeAlert, type NoticeTally } from '#domain/price-changes/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { loadPriceChange, storedPriceChangeId } from './common/price-change.ts';

/** What the notices of a price change came to. */
export interface PriceChangeReport extends NoticeTally {
  priceChangeId: string;
  /** Customers whose effective date moved (a `late-price-notice` alert was raised). */
  movedCustomers: number;
  alerted: boolean;
}

/** What the handler is given: its settings, clock, logger and clients. */
export type ReportPriceChangeNoticesDeps = DepsWith<'ddb' | 's3' | 'eventBridge'>;

/**
 * `ReportNotices` of the PriceChange workflow: adds up the batches' tallies (in the runs bucket under
 * `$.prepared.talliesPrefix`, one per batch of `$.notified.batches`) and, when any customer's effective date had to move, raises one `late-price-notice` alert
 * for ops with the change, how many customers and their dates.
 */
export function createHandler(
  deps: ReportPriceChangeNoticesDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, PriceChangeReport> {
  return withMiddleware(deps, async (input: unknown) => {
    const priceChangeId = storedPriceChangeId(input);
    const { talliesPrefix, batches } = parseReportInput(input);
    const stored = await readTallies(deps.s3, deps.runsBucket, talliesPrefix);
    const broken = stored.find((tally) => !isTally(tally.body));
    if (broken) throw new TypeError(`s3://${deps.runsBucket}/${broken.key} is not a batch tally`);
    if (stored.length !== batches) {
      // Every batch that succeeded wrote its tally before it ended: a gap is a bug, not a race.
      throw new TalliesMissingError(
        `Expected ${batches} tallies under ${talliesPrefix}, found ${stored.length}`,
      );
    }
    const total = addTallies(stored.map((tally) => tally.body as NoticeTally));
    const change = await loadPriceChange(repositories.priceChanges, priceChangeId);
    const alert = latePriceNoticeAlert(change, total, deps.clock.now());
    if (alert) {
      await publisher.alert(alert);
      deps.logger.warn('Price change announced too late for some customers', {
        priceChangeId,
        customers: alert.customers,
        dates: alert.dates,
      });
    }
    const report = {
      priceChangeId,
      ...total,
      movedCustomers: alert?.customers ?? 0,
      alerted: alert !== undefined,
    };
    deps.logger.info('Price-change notices requested', { ...report });
    return report;
  });
}

/** The batches' tallies in the runs bucket are fewer than the batches the Map ran. */
export class TalliesMissingError extends Error {
  override readonly name = 'TalliesMissingError';
}

/** `$.prepared.talliesPrefix` and `$.notified.batches`, as the workflow passes them. */
function parseReportInput(input: unknown): { talliesPrefix: string; batches: number } {
  const value = input as { prepared?: { talliesPrefix?: unknown }; notified?: { batches?: unknown } } | null;
  const talliesPrefix = value?.prepared?.talliesPrefix;
  const batches = value?.notified?.batches;
  if (typeof talliesPrefix !== 'string' || typeof batches !== 'number' || !Number.isInteger(batches)) {
    throw new TypeError(
      'Expected $.prepared.talliesPrefix and $.notified.batches from PrepareNotices and NotifyCustomers',
    );
  }
  return { talliesPrefix, batches };
}

function isTally(value: unknown): value is NoticeTally {
  const tally = value as Partial<NoticeTally> | null;
  return (
    typeof tally === 'object' &&
    tally !== null &&
    typeof tally.notified === 'number' &&
    typeof tally.skipped === 'number' &&
    typeof tally.moved === 'object' &&
    tally.moved !== null
  );
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
