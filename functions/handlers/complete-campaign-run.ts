import { putJson } from '#adapters/campaign-files.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { eventBridgeClient } from '#adapters/clients/event-bridge.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher, type EventPublisher } from '#adapters/event-publisher.ts';
import { readTallies } from '#adapters/notice-tallies.ts';
import { campaignDedupeKey } from '#domain/campaigns/campaign.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CampaignRunCompleted } from '#domain/contracts/index.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The run as StartRun described it, and how many times the outcomes were counted already. */
export interface CompleteCampaignRunInput {
  run?: {
    campaignId?: unknown;
    runAt?: unknown;
    dryRun?: unknown;
    audience?: unknown;
    talliesPrefix?: unknown;
    /** The campaign's kind: the kind of its messages' dedupe keys (absent: `campaign-message`). */
    kind?: unknown;
  };
  attempt?: unknown;
}

/** The preview report of a dry run (in the runs bucket, and in the simulate report). */
export interface CampaignPreview {
  campaignId: string;
  runAt: string;
  audience: number;
  outcomes: Record<string, number>;
  byMarket: Record<string, number>;
  byLocale: Record<string, number>;
  byChannel: Record<string, number>;
  samples: Array<{ customerId: string; channel: string; locale: string; subject: string; text: string }>;
}

export type CompleteCampaignRunResult =
  | { complete: false; pending: number; waitSeconds: number; attempt: number }
  | { complete: true; result: CampaignRunCompleted; previewKey?: string };

/** Outcomes are counted again after 1, 2, 4 … minutes, at most an hour apart, for about 36 hours. */
const MAX_ATTEMPTS = 44;
const MAX_WAIT_SECONDS = 3600;
const SAMPLES = 20;

/** What the handler is given: its settings, clock, logger and clients. */
export type CompleteCampaignRunDeps = DepsWith<'ddb' | 's3' | 'eventBridge'>;

/**
 * `CompleteRun` of the CampaignRun workflow: adds up the batches' tallies (members, holdout,
 * cancelled) and the send gate's outcome of every message the run requested (the ledger, by dedupe
 * key). While some are still undecided (the send gate is working on them, or an SMS waits for the
 * morning) it asks to be called again later; then it records the run, publishes `Campaign Run
 * Completed`, and for a preview writes the preview report to the runs bucket.
 */
export function createHandler(
  deps: CompleteCampaignRunDeps,
  repositories: Repositories = repositoriesFrom(deps),
  publisher: EventPublisher = createEventPublisher(deps.eventBridge, () => deps.eventBusName),
): Handler<CompleteCampaignRunInput, CompleteCampaignRunResult> {
  return withMiddleware(deps, async (input: CompleteCampaignRunInput) => {
    const run = input?.run ?? {};
    const { campaignId, runAt, talliesPrefix } = run;
    if (typeof campaignId !== 'string' || typeof runAt !== 'string' || typeof talliesPrefix !== 'string') {
      throw new TypeError('CompleteRun needs the run StartRun described (campaignId, runAt, talliesPrefix)');
    }
    const dryRun = run.dryRun === true;
    const attempt =
      typeof input.attempt === 'number' && Number.isInteger(input.attempt) ? input.attempt + 1 : 1;
    const tallies = await readTallies(deps.s3, deps.runsBucket, talliesPrefix);
    const result: CampaignRunCompleted = {
      campaignId,
      runAt,
      audience: 0,
      holdout: 0,
      sent: 0,
      suppressed: {},
      failed: 0,
      ...(dryRun ? { dryRun: true } : {}),
    };
    const requested: string[] = [];
    const preview: CampaignPreview = {
      campaignId,
      runAt,
      audience: 0,
      outcomes: {},
      byMarket: {},
      byLocale: {},
      byChannel: {},
      samples: [],
    };
    for (const { body } of tallies) {
      const tally = body as {
        members?: number;
        holdout?: number;
        cancelled?: number;
        requested?: string[];
        preview?: Omit<CampaignPreview, 'campaignId' | 'runAt' | 'audience'>;
      };
      result.audience += tally.members ?? 0;
      result.holdout += tally.holdout ?? 0;
      if (tally.cancelled) add(result.suppressed, 'campaign-cancelled', tally.cancelled);
      requested.push(...(tally.requested ?? []));
      if (tally.preview) {
        for (const field of ['outcomes', 'byMarket', 'byLocale', 'byChannel'] as const) {
          for (const [key, value] of Object.entries(tally.preview[field])) add(preview[field], key, value);
        }
        preview.samples.push(...tally.preview.samples);
      }
    }

    let pending = 0;
    if (dryRun) {
      for (const [outcome, value] of Object.entries(preview.outcomes)) {
        if (outcome === 'sent' || outcome === 'deferred') result.sent += value;
        else if (outcome !== 'holdout' && outcome !== 'campaign-cancelled')
          add(result.suppressed, outcome, value);
      }
    } else {
      const kind = run.kind === 'retention-offer' ? 'retention-offer' : 'campaign-message';
      const keys = requested.map((customerId) => campaignDedupeKey({ kind, campaignId }, runAt, customerId));
      const outcomes = await repositories.messages.outcomes(keys);
      for (const key of keys) {
        const outcome = outcomes.get(key);
        if (outcome?.state !== 'final') pending += 1;
        else if (outcome.status === 'sent') result.sent += 1;
        else if (outcome.status === 'failed') result.failed += 1;
        else add(result.suppressed, outcome.reason ?? 'unknown', 1);
      }
    }
    if (pending > 0 && attempt < MAX_ATTEMPTS) {
      const waitSeconds = Math.min(MAX_WAIT_SECONDS, 60 * 2 ** Math.min(attempt - 1, 6));
      deps.logger.info('Campaign run still has undecided messages', { campaignId, runAt, pending, attempt });
      return { complete: false, pending, waitSeconds, attempt };
    }
    if (pending > 0) add(result.suppressed, 'undecided', pending);

    let previewKey: string | undefined;
    if (dryRun) {
      preview.audience = result.audience;
      preview.samples.sort((a, b) => a.customerId.localeCompare(b.customerId));
      preview.samples = preview.samples.slice(0, SAMPLES);
      previewKey = `${talliesPrefix.replace(/tallies\/$/, '')}preview.json`;
      await putJson(deps.s3, deps.runsBucket, previewKey, preview);
    }
    await repositories.campaigns.completeRun(campaignId, runAt, dryRun, result, deps.clock.now(), previewKey);
    await publisher.publish(DETAIL_TYPE.campaignRunCompleted, { ...result });
    // The dashboard's campaign runs (a preview is not a run).
    if (!dryRun) deps.metrics.record('campaignRuns', { campaignId });
    deps.logger.info('Campaign run completed', { ...result });
    return { complete: true, result, ...(previewKey ? { previewKey } : {}) };
  });
}

function add(counts: Record<string, number>, key: string, value: number): void {
  counts[key] = (counts[key] ?? 0) + value;
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client, eventBridge: eventBridgeClient };

export const handler = lambdaEntry(createHandler, clients);
