import { describe, expect, it } from 'vitest';
import {
  batchPace,
  CAMPAIGN_SHARE_OF_SEND_RATE,
  campaignRate,
  orderedWaves,
} from '#handlers/start-campaign-run.ts';
import { definitionOf, logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

describe('campaign schedules and runs in the stack', () => {
  it('has one schedule group, and a scheduler role that may start CampaignRun and nothing else', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    const roleId = logicalIdOf(stack.campaignSchedules.role, stack);
    const trust = JSON.stringify(resources[roleId]?.Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('scheduler.amazonaws.com');
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId),
    );
    const statements = policies.flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> })
          .Statement,
    );
    expect(statements.map((s) => s.Action)).toEqual(['states:StartExecution']);
    expect(statements[0]?.Resource).toEqual({ Ref: logicalIdOf(stack.stateMachines.CampaignRun, stack) });
  });

  it('gives ScheduleCampaign the schedule group, the target and the role, and only schedules of its group', () => {
    const fnId = logicalIdOf(stack.functions.ScheduleCampaign.function, stack);
    const environment = resources[fnId]?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    const variables = environment?.Variables ?? {};
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['SCHEDULE_GROUP', 'CAMPAIGN_RUN_ARN', 'SCHEDULER_ROLE_ARN', 'CAMPAIGNS_TABLE']),
    );
    const roleRef = JSON.stringify((resources[fnId]?.Properties.Role as unknown) ?? '');
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        roleRef.includes(String((r.Properties.Roles as Array<{ Ref: string }>)[0]?.Ref)),
    );
    const text = JSON.stringify(policy?.Properties.PolicyDocument);
    expect(text).toContain('scheduler:CreateSchedule');
    expect(text).toContain('iam:PassRole');
    expect(text).toContain(':schedule/');
  });

  it('runs each wave as a Distributed Map of Express batches after waiting for the wave’s time', () => {
    const definition = definitionOf(template, logicalIdOf(stack.stateMachines.CampaignRun, stack));
    expect(Object.keys(definition.States)).toEqual(
      expect.arrayContaining(['StartRun', 'UntilSendAt', 'SendBatches', 'CompleteRun', 'UntilDecided']),
    );
    const map = definition.States.SendBatches as {
      ItemProcessor: { ProcessorConfig: { Mode: string; ExecutionType: string } };
    };
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
  });
});

describe('the waves and batches of a campaign run', () => {
  it('keeps one wave per distinct instant, in time order, its members sorted by id', () => {
    const member = (customerId: string) => ({ customerId, market: 'NO', locale: 'nb-NO', channel: 'email' });
    const waves = new Map([
      ['2027-03-02T09:00:00.000Z', [member('c-2'), member('c-1')]],
      ['2027-03-02T08:00:00.000Z', [member('c-3')]],
    ]);
    expect(orderedWaves(waves).map((w) => [w.sendAt, w.members.map((m) => m.customerId)])).toEqual([
      ['2027-03-02T08:00:00.000Z', ['c-3']],
      ['2027-03-02T09:00:00.000Z', ['c-1', 'c-2']],
    ]);
  });

  it('paces a rate-limited run inside the map: rate × 10 members per ten-second window, however large the audience', () => {
    // Unpaced (a preview, or no rate known): 100 a batch, 10 at once, no pause.
    expect(batchPace(undefined)).toEqual({ batchSize: 100, concurrency: 10, pauseSeconds: 0 });
    // SES's default 14 a second, of which the campaign takes 11: one batch of 110 every ten seconds.
    expect(batchPace(11)).toEqual({ batchSize: 110, concurrency: 1, pauseSeconds: 10 });
    expect(batchPace(2)).toEqual({ batchSize: 20, concurrency: 1, pauseSeconds: 10 });
    // Past the largest batch, batches run side by side: never more than the rate per window.
    expect(batchPace(1000)).toEqual({ batchSize: 500, concurrency: 20, pauseSeconds: 10 });
    for (const rate of [1, 7, 11, 49, 51, 333, 999, 1000]) {
      const pace = batchPace(rate);
      expect(pace.batchSize).toBeLessThanOrEqual(500);
      expect(pace.batchSize * pace.concurrency).toBeLessThanOrEqual(rate * pace.pauseSeconds);
      // And not much slower than asked: within one member per batch of the rate.
      expect(pace.batchSize * pace.concurrency).toBeGreaterThan(rate * pace.pauseSeconds - pace.concurrency);
    }
  });

  it('waits out the pace window in each batch’s Express child, and gives the map only the batch’s counts', () => {
    const definition = definitionOf(template, logicalIdOf(stack.stateMachines.CampaignRun, stack));
    const map = definition.States.SendBatches as unknown as {
      ItemBatcher: { BatchInput: Record<string, string> };
      ItemProcessor: { StartAt: string; States: Record<string, Record<string, unknown>> };
    };
    expect(map.ItemBatcher.BatchInput['pauseSeconds.$']).toBe('$.run.pauseSeconds');
    const child = map.ItemProcessor.States;
    expect(map.ItemProcessor.StartAt).toBe('SendBatch');
    expect(child.SendBatch?.Next).toBe('BatchSummary');
    expect(child.BatchSummary?.Next).toBe('PaceBatch');
    expect(child.PaceBatch).toMatchObject({ Type: 'Wait', SecondsPath: '$.pauseSeconds', End: true });
  });
});

describe('the pace of a campaign', () => {
  it('is the campaign’s own maxPerSecond, never above 80 % of the account’s SES sending rate', () => {
    expect(CAMPAIGN_SHARE_OF_SEND_RATE).toBe(0.8);
    // SES's default production quota: 14 a second, of which a campaign takes 11.
    expect(campaignRate(undefined, 14)).toBe(11);
    expect(campaignRate(5, 14)).toBe(5);
    expect(campaignRate(50, 14)).toBe(11);
    expect(campaignRate(50, 500)).toBe(50);
    // A tiny quota still lets one a second through; an unknown one leaves the campaign's own pace.
    expect(campaignRate(undefined, 1)).toBe(1);
    expect(campaignRate(20, undefined)).toBe(20);
    expect(campaignRate(undefined, undefined)).toBeUndefined();
  });

  it('lets StartCampaignRun read the account’s quota (ses:GetAccount) and nothing else of SES', () => {
    const policies = Object.values(
      template.toJSON().Resources as Record<
        string,
        {
          Type: string;
          Properties: {
            PolicyDocument?: { Statement: { Action: unknown; Resource: unknown }[] };
            Roles?: unknown;
          };
        }
      >,
    )
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument?.Statement ?? []);
    const ses = policies.filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
    const quota = ses.filter((statement) => JSON.stringify(statement.Action).includes('ses:GetAccount'));
    // One statement (CDK merges it with the X-Ray actions, which have no resources either).
    expect(quota).toHaveLength(1);
    expect(quota[0]?.Resource).toBe('*');
    const actions = [quota[0]?.Action].flat().filter((action) => String(action).startsWith('ses:'));
    expect(actions).toEqual(['ses:GetAccount']);
  });
});
