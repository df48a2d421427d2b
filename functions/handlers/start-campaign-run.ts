import { GetAccountCommand, type GetAccountCommandOutput } from '@aws-sdk/client-sesv2';
import { putJsonLines, runFolder } from '#adapters/campaign-files.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { s3Client } from '#adapters/clients/s3.ts';
import { sesQuotaClient } from '#adapters/clients/ses.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type CustomerRecord, type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { type AudienceContext, type Condition, dateIn, matches } from '#domain/campaigns/audience.ts';
import { campaignParts, runAtOf } from '#domain/campaigns/campaign.ts';
import { localSendAt } from '#domain/campaigns/schedule.ts';
import { loadMarketsConfig } from '#domain/config/markets.ts';
import type { CampaignScheduled } from '#domain/contracts/campaigns.ts';
import { isInstant } from '#domain/contracts/common.ts';
import { TransientError } from '#domain/errors.ts';
import { SURVEY_LINK_DAYS } from '#domain/links/survey-answer.ts';
import { type SentWithFacts, SIGNAL_LOOKBACK_DAYS } from '#domain/retention/signals.ts';
import { forEachBounded } from './common/bounded.ts';
import { type AudienceMember, MAX_CAMPAIGN_BATCH, type Wave } from './common/campaign-run.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import { type RetentionRun, retentionRunOf, retentionScreen, surveyAnswers } from './common/retention-run.ts';

/** What EventBridge Scheduler (or a preview) starts the run with, and the execution. */
export interface StartCampaignRunInput {
  input?: {
    campaignId?: unknown;
    /** The instant the schedule fired for (`<aws.scheduler.scheduled-time>`). */
    scheduledAt?: unknown;
    /** A preview (`dryRun`), started by CampaignSchedule. */
    preview?: unknown;
  };
  /** The CampaignRun execution (`$$.Execution.Id`): the run's claimant. */
  execution?: unknown;
}

export type StartCampaignRunResult =
  | { action: 'skip'; campaignId: string; reason: string }
  | ({
      action: 'run';
      campaignId: string;
      /** The campaign's kind (CompleteRun reads its messages by their dedupe keys). */
      kind: CampaignScheduled['kind'];
      runAt: string;
      dryRun: boolean;
      audience: number;
      bucket: string;
      talliesPrefix: string;
      waves: Wave[];
      waveCount: number;
    } & BatchPace);

/**
 * How the Distributed Map goes through a wave: members per batch, batches at once, and the seconds each
 * batch's child waits after it has requested its messages (`PaceBatch`), so that a paced wave never
 * requests more than `concurrency × batchSize` members per `pauseSeconds`.
 */
export interface BatchPace {
  batchSize: number;
  concurrency: number;
  pauseSeconds: number;
}

/** Unlimited campaigns: 100 members a batch, 10 batches at once (as the PriceChange workflow). */
const DEFAULT_BATCH = 100;
const DEFAULT_CONCURRENCY = 10;
/** Customers whose sent messages are read at once (when the audience asks for them). */
const READ_CONCURRENCY = 16;
const DAY_MS = 86_400_000;
/** Parallel scan segments of the Customers table. */
const SCAN_SEGMENTS = 4;

/** What the handler is given: its settings, clock, logger and clients. */
export type StartCampaignRunDeps = DepsWith<'ddb' | 's3' | 'ses'>;

/**
 * `StartRun` of the CampaignRun workflow: claims the run (one execution per campaign and run), evaluates
 * the audience on every customer as they are now, and writes the snapshot to the runs bucket, one JSON
 * Lines file per wave (the members who get it at the same instant: everyone at once, or for a
 * local-time campaign one wave per distinct local instant). A cancelled or unknown campaign, or a run
 * another execution already has, is skipped.
 */
export function createHandler(
  deps: StartCampaignRunDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<StartCampaignRunInput, StartCampaignRunResult> {
  const config = loadMarketsConfig(deps.marketsConfig);
  return withMiddleware(deps, async (event: StartCampaignRunInput) => {
    const input = event?.input ?? {};
    const campaignId = input.campaignId;
    if (typeof campaignId !== 'string' || campaignId === '' || campaignId.length > 128) {
      throw new TypeError('StartRun needs a campaignId');
    }
    const now = deps.clock.now();
    const scheduledAt =
      typeof input.scheduledAt === 'string' && isInstant(input.scheduledAt)
        ? new Date(input.scheduledAt)
        : now;
    const preview = input.preview === true;
    const campaign = await repositories.campaigns.get(campaignId, { preview });
    if (!campaign) return { action: 'skip', campaignId, reason: 'unknown campaign' };
    if (!preview && campaign.status === 'cancelled') {
      return { action: 'skip', campaignId, reason: 'cancelled' };
    }
    const definition = campaign.definition;
    const { audience, schedule } = campaignParts(definition);
    const runAt =
      'at' in schedule ? runAtOf(schedule, new Date(schedule.at)) : runAtOf(schedule, scheduledAt);
    const dryRun = preview || definition.dryRun;
    const execution =
      typeof event.execution === 'string' ? event.execution.slice(0, 2048) : `start:${now.toISOString()}`;
    const claim = await repositories.campaigns.claimRun({
      campaignId,
      runAt,
      execution,
      startedAt: now.toISOString(),
      dryRun,
    });
    if (claim === 'exists') return { action: 'skip', campaignId, reason: 'run already started' };

    const needs = needsOf(audience);
    const waves = new Map<string, AudienceMember[]>();
    const runInstant = 'date' in schedule ? now : scheduledAt;
    // A retention-offer run (the automatic program, or a campaign of one offer): the catalog, and what
    // each customer's signals and numbers make of it.
    const retention: RetentionRun | undefined =
      definition.kind === 'retention-offer'
        ? await retentionRunOf(repositories, definition, config, deps.logger)
        : undefined;
    const risks: Array<Parameters<Repositories['retention']['putRisk']>> = [];
    const evaluate = async (customer: CustomerRecord) => {
      const runDate = 'date' in schedule ? schedule.date : dateIn(runInstant, customer.timeZone);
      const needsSignals = needs.churnRisk || retention !== undefined;
      const receivedDays = Math.max(needs.receivedDays, needsSignals ? SIGNAL_LOOKBACK_DAYS : 0);
      const since = new Date(runInstant.getTime() - receivedDays * DAY_MS);
      const [received, answerRecords] = await Promise.all([
        receivedDays === 0
          ? Promise.resolve([])
          : needsSignals
            ? repositories.messages.sentWithFacts(customer.customerId, since)
            : repositories.messages.recentSends(customer.customerId, since),
        needsSignals
          ? repositories.surveys.answersSince(
              customer.customerId,
              // A survey answered within the window was asked at most a link's life before it.
              new Date(runInstant.getTime() - (SIGNAL_LOOKBACK_DAYS + SURVEY_LINK_DAYS) * DAY_MS),
            )
          : Promise.resolve([]),
      ]);
      const answers = surveyAnswers(answerRecords);
      const signals = needsSignals
        ? retentionScreen(
            customer,
            received as SentWithFacts[],
            answers,
            runInstant,
            runDate,
            config,
            retention,
          )
        : undefined;
      const context: AudienceContext = {
        customer: { ...customer, churnRisk: signals?.assessment.churnRisk ?? 'none' },
        received,
        runAt: runInstant,
        runDate,
      };
      if (!matches(audience, context)) return;
      let facts: Record<string, unknown> | undefined;
      let sendAt =
        'date' in schedule
          ? localSendAt(schedule, customer.timeZone).toISOString()
          : runInstant.toISOString();
      if (retention && signals) {
        const outcome = await retention.decide(
          customer,
          signals,
          received as SentWithFacts[],
          answers,
          runInstant,
          runDate,
        );
        if (retention.program && outcome.store) risks.push([customer.customerId, outcome.store]);
        if (!outcome.facts) return;
        facts = { ...outcome.facts };
        if (outcome.sendAt) sendAt = outcome.sendAt;
      }
      const member: AudienceMember = {
        customerId: customer.customerId,
        market: customer.market,
        locale: customer.locale,
        channel: customer.preferredChannel,
        ...(facts ? { facts } : {}),
        ...(retention ? { holdoutKey: retention.holdoutKey } : {}),
      };
      const wave = waves.get(sendAt);
      if (wave) wave.push(member);
      else waves.set(sendAt, [member]);
    };
    await Promise.all(
      Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
        const batch: CustomerRecord[] = [];
        const flush = async () => {
          await forEachBounded(batch.splice(0), READ_CONCURRENCY, evaluate);
        };
        for await (const customer of repositories.customers.all({ segment, segments: SCAN_SEGMENTS })) {
          batch.push(customer);
          if (batch.length >= 256) await flush();
        }
        await flush();
      }),
    );

    const folder = runFolder(campaignId, runAt, dryRun);
    // Never faster than the campaign says, nor than a share of the account's SES sending rate.
    const rate = dryRun ? undefined : campaignRate(definition.maxPerSecond, await accountSendRate(deps));
    const written: Wave[] = [];
    for (const { sendAt, members } of orderedWaves(waves)) {
      const key = `${folder}audience-${String(written.length).padStart(4, '0')}.jsonl`;
      await putJsonLines(deps.s3, deps.runsBucket, key, members);
      written.push({ sendAt, key, count: members.length });
    }
    const audienceSize = written.reduce((sum, wave) => sum + wave.count, 0);
    // After the snapshot: a signal is taken as seen only once its offer is on its way (a retried step
    // finds the same new signals again, and the ledger keeps their offers to one each).
    if (!dryRun)
      await forEachBounded(risks, READ_CONCURRENCY, (args) => repositories.retention.putRisk(...args));
    deps.logger.info('Campaign run started', {
      campaignId,
      runAt,
      dryRun,
      audience: audienceSize,
      waves: written.length,
    });
    return {
      action: 'run',
      campaignId,
      kind: definition.kind,
      runAt,
      dryRun,
      audience: audienceSize,
      bucket: deps.runsBucket,
      talliesPrefix: `${folder}tallies/`,
      waves: written,
      waveCount: written.length,
      ...batchPace(rate),
    };
  });
}

/**
 * Share of the account's SES sending rate (`SendQuota.MaxSendRate`) a campaign may use: the rest stays
 * for the service notices, surveys and other campaigns that send meanwhile.
 */
export const CAMPAIGN_SHARE_OF_SEND_RATE = 0.8;

/** The campaign's pace: its own `maxPerSecond`, never above its share of the account's rate. */
export function campaignRate(
  maxPerSecond: number | undefined,
  accountRate: number | undefined,
): number | undefined {
  const share =
    accountRate === undefined
      ? undefined
      : Math.max(1, Math.floor(accountRate * CAMPAIGN_SHARE_OF_SEND_RATE));
  if (maxPerSecond === undefined) return share;
  return share === undefined ? maxPerSecond : Math.min(maxPerSecond, share);
}

/**
 * The account's SES sending rate (messages a second), from `GetAccount`. A failure is transient: the
 * workflow retries the step, so a campaign never starts unpaced.
 */
async function accountSendRate(deps: StartCampaignRunDeps): Promise<number | undefined> {
  let account: GetAccountCommandOutput;
  try {
    account = await deps.ses.send(new GetAccountCommand({}));
  } catch (error) {
    throw new TransientError(`SES GetAccount failed: ${(error as Error).message}`, { cause: error });
  }
  const rate = account.SendQuota?.MaxSendRate;
  return typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : undefined;
}

/** The window over which a paced campaign's rate holds: each batch's child lasts at least this long. */
export const PACE_WINDOW_SECONDS = 10;

/**
 * The pace of the run's batches. Unlimited (a preview, or no rate known): 100 a batch, 10 at once, no
 * pause. At `rate` a second: the window's `rate × 10` members split into as few batches of at most
 * {@link MAX_CAMPAIGN_BATCH} as run side by side, each child waiting out the ten seconds after its
 * requests, so the wave goes at no more than `rate` a second averaged over every ten seconds, however
 * large the audience, in one Distributed Map per wave.
 */
export function batchPace(rate: number | undefined): BatchPace {
  if (rate === undefined) {
    return { batchSize: DEFAULT_BATCH, concurrency: DEFAULT_CONCURRENCY, pauseSeconds: 0 };
  }
  const perWindow = Math.max(1, Math.floor(rate * PACE_WINDOW_SECONDS));
  const concurrency = Math.ceil(perWindow / MAX_CAMPAIGN_BATCH);
  return {
    batchSize: Math.max(1, Math.floor(perWindow / concurrency)),
    concurrency,
    pauseSeconds: PACE_WINDOW_SECONDS,
  };
}

/** The waves in time order, each wave's members sorted by id. */
export function orderedWaves(
  waves: ReadonlyMap<string, AudienceMember[]>,
): Array<{ sendAt: string; members: AudienceMember[] }> {
  return [...waves.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sendAt, members]) => ({
      sendAt,
      members: members.sort((a, b) => a.customerId.localeCompare(b.customerId)),
    }));
}

/** What the audience reads beyond the profile: sent messages (how far back), churn risk. */
function needsOf(condition: Condition): { receivedDays: number; churnRisk: boolean } {
  if ('all' in condition || 'any' in condition) {
    const parts = ('all' in condition ? condition.all : condition.any).map(needsOf);
    return {
      receivedDays: Math.max(0, ...parts.map((part) => part.receivedDays)),
      churnRisk: parts.some((part) => part.churnRisk),
    };
  }
  if ('not' in condition) return needsOf(condition.not);
  if ('received' in condition) return { receivedDays: condition.received.withinDays, churnRisk: false };
  if ('attribute' in condition && condition.attribute.attribute === 'churnRisk') {
    return { receivedDays: SIGNAL_LOOKBACK_DAYS, churnRisk: true };
  }
  return { receivedDays: 0, churnRisk: false };
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, s3: s3Client, ses: sesQuotaClient };

export const handler = lambdaEntry(createHandler, clients);
