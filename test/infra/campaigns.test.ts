import { describe, expect, it } from 'vitest';
import { pacedWaves } from '#handlers/start-campaign-run.ts';
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
