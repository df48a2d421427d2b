import {
  atExpression,
  type CampaignSchedules,
  createCampaignSchedules,
} from '#adapters/campaign-schedules.ts';
import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import { schedulerClient } from '#adapters/clients/scheduler.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { campaignParts } from '#domain/campaigns/campaign.ts';
import { type CampaignSchedule, localRunStart, nextCronRun } from '#domain/campaigns/schedule.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';

/** The input: the stored event's entity (the campaign) as ValidateAndStore returned it. */
export interface ScheduleCampaignInput {
  stored?: { key?: unknown; detailType?: unknown };
  /** The event (its `detail.dryRun`: a preview, run at once, which leaves the campaign's schedule alone). */
  detail?: { dryRun?: unknown };
}

export type ScheduleCampaignResult =
  | { campaignId: string; action: 'scheduled'; expression: string; schedule: 'created' | 'updated' }
  | { campaignId: string; action: 'unscheduled'; schedule: 'deleted' | 'absent' }
  /** A preview: the workflow starts CampaignRun now, as of the campaign's first run. */
  | { campaignId: string; action: 'preview'; run: { campaignId: string; scheduledAt: string; preview: true } }
  | { campaignId: string; action: 'none'; reason: string };

/** At the earliest, a schedule fires this long after it is made. */
const LEAD_MS = 60_000;

/** What the handler is given: its settings, clock, logger and clients. */
export type ScheduleCampaignDeps = DepsWith<'ddb' | 'scheduler'>;

/**
 * Makes the EventBridge Scheduler schedule of a stored campaign match it: a one-time `at()` for an
 * instant, an `at()` when the local time first arrives anywhere for a local-time campaign, a `cron()`
 * in its time zone for a recurring one; or deletes it when the campaign is cancelled. Reads the
 * standing definition (the latest event wins), so a replayed or out-of-order event leaves the same
 * schedule.
 */
export function createHandler(
  deps: ScheduleCampaignDeps,
  repositories: Repositories = repositoriesFrom(deps),
  schedules: CampaignSchedules = createCampaignSchedules(deps.scheduler, () => ({
    groupName: deps.scheduleGroup,
    targetArn: deps.campaignRunArn,
    roleArn: deps.schedulerRoleArn,
  })),
): Handler<ScheduleCampaignInput, ScheduleCampaignResult> {
  return withMiddleware(deps, async (input: ScheduleCampaignInput) => {
    const campaignId = input?.stored?.key;
    if (typeof campaignId !== 'string' || campaignId === '') {
      throw new TypeError('ScheduleCampaign needs the stored campaign id at stored.key');
    }
    if (input.detail?.dryRun === true && input.stored?.detailType === DETAIL_TYPE.campaignScheduled) {
      const preview = await repositories.campaigns.get(campaignId, { preview: true });
      if (!preview) return { campaignId, action: 'none', reason: 'no preview stored' };
      const first = firstRunOf(campaignParts(preview.definition).schedule, deps.clock.now());
      if (!first) return { campaignId, action: 'none', reason: 'no run ahead' };
      deps.logger.info('Campaign preview', { campaignId, scheduledAt: first.toISOString() });
      return {
        campaignId,
        action: 'preview',
        run: { campaignId, scheduledAt: first.toISOString(), preview: true },
      };
    }
    const campaign = await repositories.campaigns.get(campaignId);
    if (!campaign || campaign.status === 'cancelled') {
      const schedule = await schedules.delete(campaignId);
      deps.logger.info('Campaign unscheduled', { campaignId, schedule });
      return { campaignId, action: 'unscheduled', schedule };
    }
    const { schedule } = campaignParts(campaign.definition);
    const earliest = new Date(deps.clock.now().getTime() + LEAD_MS);
    const later = (at: Date) => (at.getTime() < earliest.getTime() ? earliest : at);
    const base = {
      campaignId,
      input: { campaignId, scheduledAt: '<aws.scheduler.scheduled-time>' },
      description: `stille campaign ${campaign.definition.name}`,
    };
    const spec =
      'at' in schedule
        ? { ...base, expression: atExpression(later(new Date(schedule.at))), timeZone: 'UTC', oneTime: true }
        : 'date' in schedule
          ? {
              ...base,
              expression: atExpression(later(localRunStart(schedule))),
              timeZone: 'UTC',
              oneTime: true,
            }
          : {
              ...base,
              expression: `cron(${schedule.cron.replace(/^cron\((.*)\)$/s, '$1')})`,
              timeZone: schedule.timeZone,
              oneTime: false,
              ...(schedule.from ? { startDate: new Date(schedule.from) } : {}),
              ...(schedule.until ? { endDate: new Date(schedule.until) } : {}),
            };
    const outcome = await schedules.put(spec);
    deps.logger.info('Campaign scheduled', { campaignId, expression: spec.expression, schedule: outcome });
    return { campaignId, action: 'scheduled', expression: spec.expression, schedule: outcome };
  });
}

/** The instant of a schedule's first run after `now` (a local-time schedule's: when it first fires). */
function firstRunOf(schedule: CampaignSchedule, now: Date): Date | undefined {
  if ('at' in schedule) return new Date(schedule.at);
  if ('date' in schedule) return localRunStart(schedule);
  return nextCronRun(schedule, now);
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient, scheduler: schedulerClient };

export const handler = lambdaEntry(createHandler, clients);
