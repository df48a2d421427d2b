/**
 * Campaign schedules in EventBridge Scheduler: one schedule per campaign in the stack's schedule group,
 * whose target starts the CampaignRun state machine. A second `Campaign Scheduled` updates the same
 * schedule (runs not yet started are replaced); `Campaign Cancelled` deletes it.
 */
import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { TransientError } from '#domain/errors.ts';

/** Where a schedule sends its runs, and as whom. */
export interface ScheduleTarget {
  groupName: string;
  /** The CampaignRun state machine. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to start it. */
  roleArn: string;
}

/** One campaign's schedule. */
export interface CampaignScheduleSpec {
  campaignId: string;
  /** `at(yyyy-mm-ddThh:mm:ss)` or `cron(…)`. */
  expression: string;
  timeZone: string;
  startDate?: Date;
  endDate?: Date;
  /** What the run gets: `<aws.scheduler.scheduled-time>` is filled in by Scheduler at each run. */
  input: Record<string, unknown>;
  /** One-time schedules delete themselves after their run. */
  oneTime: boolean;
  description: string;
}

/** The schedule of a campaign: `cmp-<hash>-<id>` within Scheduler's 64 characters of `[0-9A-Za-z-_.]`. */
export function scheduleNameOf(campaignId: string): string {
  const hash = createHash('sha256').update(campaignId, 'utf8').digest('hex').slice(0, 16);
  const readable = campaignId.replace(/[^0-9A-Za-z_.-]/g, '-').slice(0, 40);
  return `cmp-${hash}-${readable}`;
}

/** `at(2027-03-02T09:00:00)` for an instant (in UTC). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

export interface CampaignSchedules {
  /** Creates or replaces the campaign's schedule. */
  put(spec: CampaignScheduleSpec): Promise<'created' | 'updated'>;
  /** Deletes the campaign's schedule; `absent` when there was none (already run, or never made). */
  delete(campaignId: string): Promise<'deleted' | 'absent'>;
}

export function createCampaignSchedules(
  client: SchedulerClient,
  target: () => ScheduleTarget,
): CampaignSchedules {
  return {
    async put(spec) {
      const { groupName, targetArn, roleArn } = target();
      const input: CreateScheduleCommandInput = {
        Name: scheduleNameOf(spec.campaignId),
        GroupName: groupName,
        ScheduleExpression: spec.expression,
        ScheduleExpressionTimezone: spec.timeZone,
        ...(spec.startDate ? { StartDate: spec.startDate } : {}),
        ...(spec.endDate ? { EndDate: spec.endDate } : {}),
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Description: spec.description.slice(0, 512),
        ...(spec.oneTime ? { ActionAfterCompletion: 'DELETE' as const } : {}),
        Target: {
          Arn: targetArn,
          RoleArn: roleArn,
          Input: JSON.stringify(spec.input),
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        },
      };
      try {
        await client.send(new UpdateScheduleCommand(input));
        return 'updated';
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw transient('UpdateSchedule', error);
      }
      try {
        await client.send(new CreateScheduleCommand(input));
        return 'created';
      } catch (error) {
        throw transient('CreateSchedule', error);
      }
    },
    async delete(campaignId) {
      try {
        await client.send(
          new DeleteScheduleCommand({ Name: scheduleNameOf(campaignId), GroupName: target().groupName }),
        );
        return 'deleted';
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') return 'absent';
        throw transient('DeleteSchedule', error);
      }
    },
  };
}

function transient(operation: string, error: unknown): TransientError {
  return new TransientError(`Scheduler ${operation} failed: ${(error as Error).message}`, { cause: error });
}
