import type { Deps } from '../adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '../adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '../adapters/event-publisher.ts';
import { loadMarketsConfig } from '../domain/config/markets.ts';
import { validateEvent } from '../domain/contracts/index.ts';
import { InvalidEventError } from '../domain/errors.ts';
import { asEnvelope, detailTypeText } from './event-id.ts';
import { explainStoredInvoice, type InvoiceExplanationOutcome } from './invoice-explanations.ts';
import { type Handler, lambdaEntry } from './lambda-entry.ts';
import { withMiddleware } from './middleware.ts';

const INVOICE_ISSUED = 'Invoice Issued' as const;

/**
 * The `ExplainInvoice` task of the InvoiceIssued workflow. Its input is the workflow input (an
 * EventBridge envelope or `{ 'detail-type', detail }`) after ValidateAndStore stored the invoice; the
 * detail is validated again, and an invalid one here is a bug (`InvalidEventError`, not retried).
 * Returns what became of the invoice: explained, why, a duplicate, or past its due date.
 */
export function createHandler(
  deps: Deps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, InvoiceExplanationOutcome> {
  const config = loadMarketsConfig(deps.marketsConfig);
  const ctx = { repositories, publisher, config, clock: deps.clock, logger: deps.logger };
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const detailType = event['detail-type'];
    if (detailType !== INVOICE_ISSUED) {
      throw new InvalidEventError(detailTypeText(detailType), [
        { path: 'detail-type', message: `must be "${INVOICE_ISSUED}" for ExplainInvoice` },
      ]);
    }
    const result = validateEvent(INVOICE_ISSUED, event.detail);
    if (!result.ok || result.detailType !== INVOICE_ISSUED) {
      throw new InvalidEventError(INVOICE_ISSUED, result.ok ? [] : result.errors);
    }
    return explainStoredInvoice(ctx, result.value);
  });
}

export const handler = lambdaEntry(createHandler);
