import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { campaignTimingErrors } from '#domain/campaigns/campaign.ts';
import type { CampaignScheduled } from '#domain/contracts/campaigns.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type DetailType, type ValidEvent, validateEvent } from '#domain/contracts/index.ts';
import { ownEventFromOutside } from '#domain/contracts/routed-events.ts';
import { type FieldError, InvalidEventError } from '#domain/errors.ts';
import { programCampaign, RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import { asEnvelope, detailTypeText, eventIdOf, eventTimeOf } from './common/event-id.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** What the ingestion workflow gets back: which event was stored under which entity id. */
export interface IngestEventResult {
  eventId: string;
  detailType: DetailType;
  /** The id of the entity the event is about (customerId, invoiceId, ticketId, priceChangeId, …). */
  key: string;
}

/**
 * Stores a validated event in its table and returns the entity id it is about. Every write is idempotent,
 * so a retried or replayed event leaves the same state. `at` is when the event happened (its envelope's
 * `time`): of two upserts of a customer, the later one stands, whatever order they are stored in.
 */
export async function storeEvent(repositories: Repositories, event: ValidEvent, at: Date): Promise<string> {
  switch (event.detailType) {
    case DETAIL_TYPE.customerUpserted:
      await repositories.customers.upsert(event.value, at);
      return event.value.customerId;
    case DETAIL_TYPE.contactPreferencesChanged:
      await repositories.customers.recordPreference(event.value);
      return event.value.customerId;
    case DETAIL_TYPE.contractRenewed:
      await repositories.customers.renewContract(event.value);
      return event.value.customerId;
    case DETAIL_TYPE.invoiceIssued:
      await repositories.invoices.put(event.value);
      return event.value.invoiceId;
    case DETAIL_TYPE.priceChangeAnnounced:
      await repositories.priceChanges.put(event.value);
      return event.value.priceChangeId;
    case DETAIL_TYPE.supportTicketOpened:
      await repositories.tickets.opened(event.value);
      return event.value.ticketId;
    case DETAIL_TYPE.supportTicketUpdated:
      await repositories.tickets.updated(event.value);
      return event.value.ticketId;
    case DETAIL_TYPE.supportTicketResolved:
      await repositories.tickets.resolved(event.value);
      return event.value.ticketId;
    case DETAIL_TYPE.surveyResponseReceived:
      await repositories.surveys.recordResponse(event.value);
      return event.value.surveyId;
    case DETAIL_TYPE.campaignScheduled:
      await repositories.campaigns.schedule(event.value, at);
      return event.value.campaignId;
    case DETAIL_TYPE.campaignCancelled:
      await repositories.campaigns.cancel(event.value);
      return event.value.campaignId;
    case DETAIL_TYPE.offerCatalogPublished: {
      // The catalog, then the program's campaign: CampaignSchedule makes its daily schedule match.
      const publishedAt = event.value.publishedAt ? new Date(event.value.publishedAt) : at;
      const stored = await repositories.retention.publishCatalog(event.value, publishedAt);
      if (stored.applied) {
        await repositories.campaigns.schedule(programCampaign(event.value), publishedAt);
      }
      return RETENTION_PROGRAM_ID;
    }
    case DETAIL_TYPE.contractEnded:
      await repositories.retention.endContract(event.value);
      return event.value.customerId;
    case DETAIL_TYPE.invoiceRunSubmitted:
      // A whole run is the InvoiceRun workflow's job; nothing of it is stored here.
      return event.value.runId;
    default:
      return assertNever(event);
  }
}

/**
 * A retention-offer campaign names an offer of the current catalog that has not expired by the
 * campaign's first run: otherwise it could send nothing (field error on `offerId`).
 */
export async function retentionCampaignErrors(
  repositories: Repositories,
  campaign: CampaignScheduled,
  at: Date,
): Promise<FieldError[]> {
  if (campaign.kind !== 'retention-offer') return [];
  const current = await repositories.retention.currentCatalog();
  const offer = current?.catalog.offers.find((candidate) => candidate.offerId === campaign.offerId);
  if (!current || !offer) {
    return [
      {
        path: 'offerId',
        message: current
          ? `must be an offer of the current catalog "${current.catalog.catalogId}" (${current.catalog.offers.map((o) => o.offerId).join(', ') || 'no offers'}), got ${JSON.stringify(campaign.offerId)}`
          : 'must be an offer of the current catalog, and no Offer Catalog Published has been received',
      },
    ];
  }
  if (offer.validUntil < at.toISOString().slice(0, 10)) {
    return [{ path: 'offerId', message: `offer "${offer.offerId}" expired on ${offer.validUntil}` }];
  }
  return [];
}

function assertNever(event: never): never {
  throw new TypeError(
    `No store for detail type ${JSON.stringify((event as { detailType: unknown }).detailType)}`,
  );
}

/** What the handler is given: its settings, clock, logger and clients. */
export type IngestEventDeps = DepsWith<'ddb'>;

/**
 * Validates one event (EventBridge envelope, or `{ 'detail-type', detail, id? }` from a direct start) and
 * stores it. An invalid event throws `InvalidEventError`, which the workflow catches and records.
 */
export function createHandler(
  deps: IngestEventDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, IngestEventResult> {
  return withMiddleware(deps, async (input: unknown) => {
    const event = asEnvelope(input);
    const eventId = eventIdOf(event);
    // A Stille Alert from another system (the OutsideAlerts rule brings it here): never stille's own.
    const outside = ownEventFromOutside(event['detail-type'], event.source);
    if (outside) throw new InvalidEventError(detailTypeText(event['detail-type']), [outside]);
    const result = validateEvent(event['detail-type'], event.detail);
    if (!result.ok) {
      throw new InvalidEventError(detailTypeText(event['detail-type']), result.errors);
    }
    const at = eventTimeOf(event, deps.clock.now());
    // A schedule is checked against when it was made: not in the past, not more than a year ahead.
    if (result.detailType === DETAIL_TYPE.campaignScheduled) {
      // The automatic program's id is stille's own (cancelling it is ops' switch; scheduling it nobody's).
      if (result.value.campaignId === RETENTION_PROGRAM_ID) {
        throw new InvalidEventError(result.detailType, [
          {
            path: 'campaignId',
            message: `"${RETENTION_PROGRAM_ID}" is reserved for the automatic retention program (publish an Offer Catalog Published to change it)`,
          },
        ]);
      }
      const errors = [
        ...campaignTimingErrors(result.value, at),
        ...(await retentionCampaignErrors(repositories, result.value, at)),
      ];
      if (errors.length > 0) throw new InvalidEventError(result.detailType, errors);
    }
    const key = await storeEvent(repositories, result, at);
    deps.logger.info('Event stored', { eventId, detailType: result.detailType, key });
    return { eventId, detailType: result.detailType, key };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient };

export const handler = lambdaEntry(createHandler, clients);
