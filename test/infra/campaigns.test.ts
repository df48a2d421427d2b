import { describe, expect, it } from 'vitest';
import { CAMPAIGN_SHARE_OF_SEND_RATE, campaignRate, pacedWaves } from '#handlers/start-campaign-run.ts';
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

describe('the waves of a rate-limited campaign', () => {
  it('cuts a wave into maxPerSecond × 10 members, ten seconds apart, and leaves an unlimited one whole', () => {
    const members = Array.from({ length: 45 }, (_, i) => ({
      customerId: `c-${String(i).padStart(2, '0')}`,
      market: 'NO',
      locale: 'nb-NO',
      channel: 'email',
    }));
    const waves = new Map([['2027-03-02T09:00:00.000Z', members]]);
    expect(pacedWaves(waves, undefined).map((w) => w.members.length)).toEqual([45]);
    const paced = pacedWaves(new Map([['2027-03-02T09:00:00.000Z', [...members]]]), 2);
    expect(paced.map((w) => [w.sendAt, w.members.length])).toEqual([
      ['2027-03-02T09:00:00.000Z', 20],
      ['2027-03-02T09:00:10.000Z', 20],
      ['2027-03-02T09:00:20.000Z', 5],
    ]);
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
