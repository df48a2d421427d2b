import { createHash } from 'node:crypto';
import { putJson } from '#adapters/campaign-files.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { CAMPAIGNS_PREFIX } from '#adapters/runs-bucket.ts';
import { campaignDedupeKey, contentFor } from '#domain/campaigns/campaign.ts';
import { isHeldOut } from '#domain/campaigns/holdout.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CampaignScheduled, ValidMessageRequest } from '#domain/contracts/index.ts';
import type { SuppressionReason } from '#domain/contracts/messages.ts';
import { type FieldError, InvalidEventError } from '#domain/errors.ts';
import { RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import { renderMessage, TemplateError } from '#templates/index.ts';
import { readBatchEnvelope } from './common/batch-envelope.ts';
import { forEachBounded } from './common/bounded.ts';
import { type AudienceMember, MAX_CAMPAIGN_BATCH } from './common/campaign-run.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { capLookbackDays, decideRequest, pendingOf } from './common/send-gate.ts';

/** A Distributed Map batch of audience members (`ItemBatcher` with `BatchInput`). */
export interface CampaignBatchInput {
  Items: AudienceMember[];
  BatchInput: {
    campaignId: string;
    runAt: string;
    dryRun: boolean;
    talliesPrefix: string;
    /** Seconds the child waits after this batch (the run's pace); not read by the batch. */
    pauseSeconds?: number;
  };
}

/** A rendered sample of the preview. */
export interface PreviewSample {
  customerId: string;
  channel: string;
  locale: string;
  subject: string;
  text: string;
}

/** What one batch did: counts, and for a preview the decisions and samples. */
export interface CampaignBatchTally {
  members: number;
  holdout: number;
  cancelled: number;
  /** Requested from the send gate (their outcomes are in the ledger). */
  requested: string[];
  /** A preview's decisions: outcome (`send`, `defer`, or a reason) → count, and by market, locale, channel. */
  preview?: {
    outcomes: Record<string, number>;
    byMarket: Record<string, number>;
    byLocale: Record<string, number>;
    byChannel: Record<string, number>;
    samples: PreviewSample[];
  };
}

/** What the batch returns to its child execution (the tally itself is in the runs bucket). */
export interface CampaignBatchSummary {
  members: number;
  holdout: number;
  cancelled: number;
  requested: number;
}

const CONCURRENCY = 16;
/** Samples a batch renders for the preview (the report keeps twenty of all of them). */
const SAMPLES_PER_BATCH = 20;

/** What the handler is given: its settings, clock, logger and clients. */
export type SendCampaignBatchDeps = DepsWith<'ddb' | 's3' | 'eventBridge'>;

/**
 * `SendBatch`, the Express child of CampaignRun's Distributed Map: for each audience member, in order,
 * - the campaign was cancelled → recorded `suppressed` / `campaign-cancelled` (the run stops here);
 * - held out (a stable hash of campaign and customer) → recorded `suppressed` / `holdout`;
 * - otherwise a `Message Requested` to the send gate (consent, opt-outs, quiet hours, caps, ledger),
 *   with the dedupe key `<kind>#<campaignId>#<runAt>#<customerId>`.
 * A preview (`dryRun`) claims, records and requests nothing: it runs the contact policy on the same
 * data and renders samples. Puts its tally in the runs bucket. A retried batch repeats nothing (the
 * records and the ledger are keyed by the dedupe key).
 */
export function createHandler(
  deps: SendCampaignBatchDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<unknown, CampaignBatchSummary> {
  const config = loadMarketsConfig(deps.marketsConfig);
  const lookbackDays = capLookbackDays(config);
  return withMiddleware(deps, async (input: unknown) => {
    const batch = parseBatch(input);
    const { campaignId, runAt, dryRun } = batch.BatchInput;
    const campaign = await repositories.campaigns.get(campaignId, { preview: dryRun });
    if (!campaign)
      throw new InvalidEventError(DETAIL_TYPE.campaignScheduled, [
        { path: 'BatchInput.campaignId', message: 'is not a stored campaign' },
      ]);
    const definition = campaign.definition;
    const cancelled = !dryRun && campaign.status === 'cancelled';
    const now = deps.clock.now();
    const tally: CampaignBatchTally = {
      members: batch.Items.length,
      holdout: 0,
      cancelled: 0,
      requested: [],
    };
    const preview = dryRun
      ? { outcomes: {}, byMarket: {}, byLocale: {}, byChannel: {}, samples: [] as PreviewSample[] }
      : undefined;
    if (preview) tally.preview = preview;

    const requests: ValidMessageRequest[] = [];
    await forEachBounded(batch.Items, CONCURRENCY, async (member) => {
      const request = requestOf(definition, runAt, member, now);
      // A retention run holds out by its catalog (the program) or campaign: the member says which.
      const held = isHeldOut(member.holdoutKey ?? campaignId, member.customerId, definition.holdoutPercent);
      if (cancelled || held) {
        const reason: SuppressionReason = cancelled ? 'campaign-cancelled' : 'holdout';
        if (cancelled) tally.cancelled += 1;
        else tally.holdout += 1;
        if (preview) {
          count(preview.outcomes, reason);
          return;
        }
        await repositories.messages.markSuppressed(
          pendingOf(request, member.locale),
          reason,
          now,
          cancelled
            ? `campaign cancelled at ${campaign.cancelledAt ?? 'an unknown time'}`
            : request.kind === 'retention-offer'
              ? 'held out of the retention offers to measure them'
              : 'held out of the campaign to measure it',
        );
        deps.metrics.record('messagesSuppressed', { kind: request.kind, reason });
        return;
      }
      if (!preview) {
        requests.push(request);
        tally.requested.push(member.customerId);
        return;
      }
      // The preview: the send gate's own decision on the same data, without claiming anything.
      const { customer, decision } = await decideRequest(repositories, request, now, config, lookbackDays);
      const outcome =
        decision.action === 'suppress' ? decision.reason : decision.action === 'defer' ? 'deferred' : 'sent';
      count(preview.outcomes, outcome);
      count(preview.byMarket, member.market);
      count(preview.byLocale, member.locale);
      if (decision.action !== 'suppress') count(preview.byChannel, decision.channel);
      if (decision.action !== 'suppress' && customer && preview.samples.length < SAMPLES_PER_BATCH) {
        try {
          // As DeliverMessage renders it: the market's sender and its SMS opt-out.
          const settings = settingsForMarket(config, customer.market);
          const rendered = renderMessage({
            kind: request.kind,
            locale: customer.locale,
            channel: decision.channel,
            customer,
            facts: request.facts,
            links: { unsubscribe: `${deps.publicBaseUrl.replace(/\/$/, '')}/unsubscribe?preview=1` },
            sender: settings.sender,
            twoWaySms: settings.sms.twoWay,
          });
          preview.samples.push({
            customerId: customer.customerId,
            channel: decision.channel,
            locale: rendered.locale,
            subject: rendered.subject,
            text: rendered.text,
          });
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          count(preview.outcomes, 'render-error');
        }
      }
    });
    // Ten requests a PutEvents call rather than one each; a failure fails the batch, which is retried
    // whole (the send gate's ledger drops what it already has).
    await publisher.requestMessages(requests);
    if (preview) preview.samples.sort((a, b) => a.customerId.localeCompare(b.customerId));
    await putJson(deps.s3, deps.runsBucket, tallyKey(batch), tally);
    deps.logger.info('Campaign batch', {
      campaignId,
      runAt,
      dryRun,
      members: tally.members,
      holdout: tally.holdout,
      cancelled: tally.cancelled,
      requested: tally.requested.length,
    });
    // The Map's result stays small: the tally is in the runs bucket.
    return {
      members: tally.members,
      holdout: tally.holdout,
      cancelled: tally.cancelled,
      requested: tally.requested.length,
    };
  });
}

/** The request of one member: kind, trigger, the content for their locale, the run's dedupe key. */
export function requestOf(
  campaign: CampaignScheduled,
  runAt: string,
  member: AudienceMember,
  now: Date,
): ValidMessageRequest {
  if (campaign.kind === 'retention-offer') {
    const facts = member.facts ?? {};
    const program = campaign.campaignId === RETENTION_PROGRAM_ID;
    return {
      kind: 'retention-offer',
      purpose: 'marketing',
      customerId: member.customerId,
      // The program's offers come of the catalog; a campaign's of the campaign.
      trigger: program
        ? { detailType: DETAIL_TYPE.offerCatalogPublished, id: String(facts.catalogId ?? member.holdoutKey) }
        : { detailType: DETAIL_TYPE.campaignScheduled, id: campaign.campaignId },
      facts: { ...facts, campaignId: campaign.campaignId, runAt },
      dedupeKey: campaignDedupeKey(campaign, runAt, member.customerId),
      requestedAt: now.toISOString(),
    };
  }
  const chosen = contentFor(campaign, member.locale);
  return {
    kind: 'campaign-message',
    purpose: 'marketing',
    customerId: member.customerId,
    trigger: { detailType: DETAIL_TYPE.campaignScheduled, id: campaign.campaignId },
    facts: {
      campaignId: campaign.campaignId,
      runAt,
      ...(chosen ? { contentLocale: chosen.locale, content: chosen.content } : {}),
    },
    dedupeKey: campaignDedupeKey(
      { kind: 'campaign-message', campaignId: campaign.campaignId },
      runAt,
      member.customerId,
    ),
    requestedAt: now.toISOString(),
  };
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** `<talliesPrefix><hash of the first member>.json`: a retried batch overwrites its own tally. */
export function tallyKey(batch: CampaignBatchInput): string {
  const first = batch.Items[0]?.customerId ?? 'empty';
  const digest = createHash('sha256').update(first).digest('hex').slice(0, 32);
  return `${batch.BatchInput.talliesPrefix}${digest}.json`;
}

/** Checks the batch envelope the workflow builds; a malformed one is a workflow bug. */
export function parseBatch(input: unknown): CampaignBatchInput {
  const { value, batchInput, itemErrors } = readBatchEnvelope(input, {
    maxItems: MAX_CAMPAIGN_BATCH,
    itemsPhrase: 'audience members',
    checkItem: (item, position, errors) => {
      const member = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      for (const field of ['customerId', 'market', 'locale', 'channel'] as const) {
        const text = member[field];
        if (typeof text !== 'string' || text === '' || text.length > 128) {
          errors.push({ path: `Items[${position}].${field}`, message: 'expected a non-empty string' });
        }
      }
      if (member.facts !== undefined && (typeof member.facts !== 'object' || member.facts === null)) {
        errors.push({ path: `Items[${position}].facts`, message: 'expected an object' });
      }
      const key = member.holdoutKey;
      if (key !== undefined && (typeof key !== 'string' || key === '' || key.length > 128)) {
        errors.push({ path: `Items[${position}].holdoutKey`, message: 'expected a non-empty string' });
      }
    },
  });
  const errors: FieldError[] = [];
  for (const field of ['campaignId', 'runAt'] as const) {
    if (typeof batchInput[field] !== 'string' || batchInput[field] === '') {
      errors.push({ path: `BatchInput.${field}`, message: 'expected a non-empty string' });
    }
  }
  if (typeof batchInput.dryRun !== 'boolean')
    errors.push({ path: 'BatchInput.dryRun', message: 'expected true or false' });
  const prefix = batchInput.talliesPrefix;
  if (typeof prefix !== 'string' || !prefix.startsWith(CAMPAIGNS_PREFIX) || !prefix.endsWith('/')) {
    errors.push({ path: 'BatchInput.talliesPrefix', message: `expected a folder under ${CAMPAIGNS_PREFIX}` });
  }
  errors.push(...itemErrors);
  if (errors.length > 0) throw new InvalidEventError(DETAIL_TYPE.campaignScheduled, errors.slice(0, 50));
  return value as unknown as CampaignBatchInput;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
