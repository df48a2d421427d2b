import type { Deps } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '../adapters/event-publisher.ts';
import { addTallies, latePriceNoticeAlert, type NoticeTally } from '../domain/price-changes/index.ts';
import { type Handler, lambdaEntry } from './lambda-entry.ts';
import { withMiddleware } from './middleware.ts';
import { loadPriceChange, storedPriceChangeId } from './price-change-common.ts';

/** What the notices of a price change came to. */
export interface PriceChangeReport extends NoticeTally {
  priceChangeId: string;
  /** Customers whose effective date moved (a `late-price-notice` alert was raised). */
  movedCustomers: number;
  alerted: boolean;
}

/**
 * `ReportNotices` of the PriceChange workflow: adds up the batches' tallies (`$.tallies`, the Distributed
 * Map's output) and, when any customer's effective date had to move, raises one `late-price-notice` alert
 * for ops with the change, how many customers and their dates.
 */
export function createHandler(
  deps: Deps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, PriceChangeReport> {
  return withMiddleware(deps, async (input: unknown) => {
    const priceChangeId = storedPriceChangeId(input);
    const tallies = (input as { tallies?: unknown }).tallies;
    if (!Array.isArray(tallies)) throw new TypeError('Expected $.tallies, the batches\u2019 tallies');
    const invalid = tallies.findIndex((tally) => !isTally(tally));
    if (invalid >= 0) throw new TypeError(`$.tallies[${invalid}] is not a batch tally`);
    const total = addTallies(tallies as NoticeTally[]);
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

export const handler = lambdaEntry(createHandler);
