import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { loadMarketsConfig } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import { asEnvelope, detailTypeText } from './common/event-id.ts';
import {
  explainStoredInvoice,
  type InvoiceExplanationOutcome,
  learnedProfiles,
} from './common/invoice-explanations.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the handler is given: its settings, clock, logger and clients. */
export type ExplainInvoiceDeps = DepsWith<'ddb' | 'eventBridge'>;

/**
 * The `ExplainInvoice` task of the InvoiceIssued workflow. Its input is the workflow input (an
 * EventBridge envelope or `{ 'detail-type', detail }`) after ValidateAndStore stored the invoice; the
 * detail is validated again, and an invalid one here is a bug (`InvalidEventError`, not retried).
 * Returns what became of the invoice: explained, why, a duplicate, or past its due date.
 */
export function createHandler(
  deps: ExplainInvoiceDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, InvoiceExplanationOutcome> {
  const config = loadMarketsConfig(deps.marketsConfig);
  const ctx = {
    repositories,
    publisher,
    config,
    clock: deps.clock,
    logger: deps.logger,
    // Per container: a learned profile is read once an hour per market and kind.
    profiles: learnedProfiles(repositories.seasonalProfiles, deps.clock),
  };
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const detailType = event['detail-type'];
    if (detailType !== DETAIL_TYPE.invoiceIssued) {
      throw new InvalidEventError(detailTypeText(detailType), [
        { path: 'detail-type', message: `must be "${DETAIL_TYPE.invoiceIssued}" for ExplainInvoice` },
      ]);
    }
    const result = validateEvent(DETAIL_TYPE.invoiceIssued, event.detail);
    if (!result.ok || result.detailType !== DETAIL_TYPE.invoiceIssued) {
      throw new InvalidEventError(DETAIL_TYPE.invoiceIssued, result.ok ? [] : result.errors);
    }
    return explainStoredInvoice(ctx, result.value);
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
