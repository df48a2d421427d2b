import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '#local/clock.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalScheduler, type ScheduleFire, startScheduler } from '#local/services/scheduler.ts';

const TARGET = {
  Arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:CampaignRun',
  RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
  Input: '{"campaignId":"cmp-1","scheduledAt":"<aws.scheduler.scheduled-time>"}',
};

describe('local EventBridge Scheduler, through the real SDK client', () => {
  const running: LocalScheduler[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((scheduler) => scheduler.close()));
  });

  async function start() {
    const clock = new SimulatedClock('2027-03-01T08:00:00Z');
    const fired: ScheduleFire[] = [];
    const scheduler = await startScheduler({
      now: () => clock.nowMs(),
      track: (work) => void clock.track(work),
      sleepUntil: (at) => clock.sleepUntil(at),
      fire: (fire) => {
        fired.push(fire);
      },
      region: 'eu-north-1',
      account: '000000000000',
    });
    running.push(scheduler);
    const client = new SchedulerClient({ ...localClientConfig(scheduler.endpoint), maxAttempts: 1 });
    const runTo = async (instant: string) => {
      await clock.whenIdle();
      const until = Date.parse(instant);
      for (let next = clock.nextTimerAt(); next !== undefined && next <= until; next = clock.nextTimerAt()) {
        clock.fireTimersUntil(next);
        await clock.whenIdle();
      }
      clock.advanceTo(until);
    };
    return { scheduler, client, fired, runTo };
  }

  it('fires an at() schedule once, on the simulated clock, with the scheduled time filled in, then deletes it', async () => {
    const { scheduler, client, fired, runTo } = await start();
    await client.send(
      new CreateScheduleCommand({
        Name: 'cmp-1',
        GroupName: 'campaigns',
        ScheduleExpression: 'at(2027-03-02T09:00:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: TARGET,
      }),
    );
    const got = await client.send(new GetScheduleCommand({ Name: 'cmp-1', GroupName: 'campaigns' }));
    expect(got.ScheduleExpression).toBe('at(2027-03-02T09:00:00)');
    expect(got.Target?.Arn).toBe(TARGET.Arn);
    await runTo('2027-03-03T00:00:00Z');
    expect(fired.map((f) => JSON.parse(f.input))).toEqual([
      { campaignId: 'cmp-1', scheduledAt: '2027-03-02T09:00:00Z' },
    ]);
    expect(scheduler.schedules()).toEqual([]);
  });

  it('fires a cron() schedule in its time zone, replaces pending fires on update and stops on delete', async () => {
    const { client, fired, runTo } = await start();
    const base = {
      Name: 'cmp-monthly',
      GroupName: 'campaigns',
      ScheduleExpressionTimezone: 'Europe/Oslo',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: TARGET,
    };
    await client.send(new CreateScheduleCommand({ ...base, ScheduleExpression: 'cron(0 10 1 * ? *)' }));
    await expect(
      client.send(new CreateScheduleCommand({ ...base, ScheduleExpression: 'cron(0 10 1 * ? *)' })),
    ).rejects.toThrow(/already exists/);
    await runTo('2027-03-15T00:00:00Z');
    await client.send(new UpdateScheduleCommand({ ...base, ScheduleExpression: 'cron(0 12 15 * ? *)' }));
    await runTo('2027-04-16T00:00:00Z');
    const list = await client.send(new ListSchedulesCommand({ GroupName: 'campaigns' }));
    expect(list.Schedules?.map((s) => s.Name)).toEqual(['cmp-monthly']);
    await client.send(new DeleteScheduleCommand({ Name: 'cmp-monthly', GroupName: 'campaigns' }));
    await runTo('2027-06-01T00:00:00Z');
    expect(fired.map((f) => f.scheduledTime.toISOString())).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-03-15T11:00:00.000Z',
      '2027-04-15T10:00:00.000Z',
    ]);
    await expect(
      client.send(new GetScheduleCommand({ Name: 'cmp-monthly', GroupName: 'campaigns' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
