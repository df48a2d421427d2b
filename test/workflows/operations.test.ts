import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { createEventPublisher } from '#adapters/event-publisher.ts';
import { ALERT_TEAM } from '#domain/alerts/teams.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import { runCli } from '#local/cli/main.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { customerUpserted } from '../helpers/events.ts';
import { publish, startRuntime } from '../helpers/local-runtime.ts';
import { captureIO } from '../unit/cli/fixtures.ts';
import { campaignFacts, retentionFacts } from '../unit/templates/fixtures.ts';

const START = '2027-01-05T10:00:00Z'; // 11:00 in Oslo

function customer(customerId: string, overrides: Partial<CustomerUpserted> = {}) {
  return customerUpserted({
    customerId,
    email: `${customerId}@example.no`,
    consents: { marketing: true, surveys: true },
    products: [],
    ...overrides,
  });
}

/** The notification CloudWatch publishes to SNS when an alarm changes state. */
function alarmNotification(alarmName: string, state: 'ALARM' | 'OK', at: string) {
  return JSON.stringify({
    AlarmName: alarmName,
    AlarmDescription: 'SES bounce rate at 4 % (review at 5 %)',
    AWSAccountId: '000000000000',
    NewStateValue: state,
    NewStateReason:
      'Threshold Crossed: 1 datapoint [0.042] was greater than or equal to the threshold (0.04).',
    StateChangeTime: at,
    Region: 'EU (Stockholm)',
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: { MetricName: 'Reputation.BounceRate', Namespace: 'AWS/SES', Threshold: 0.04 },
  });
}

describe('operations on the embedded runtime: alerts to team topics, the reputation breaker', () => {
  let runtime: LocalRuntime;
  let sns: SNSClient;
  const repositories = () => repositoriesFrom(runtime.deps);
  const topicArn = (path: string) => {
    const id = [...runtime.paths].find(([, p]) => p === path)?.[0];
    if (!id) throw new Error(`no topic ${path}`);
    return runtime.names.arn(id);
  };
  const request = async (kind: string, customerId: string, facts: Record<string, unknown>, id: string) =>
    (
      await publish(runtime, 'Message Requested', {
        kind,
        customerId,
        trigger: { detailType: 'Test', id },
        facts,
      })
    ).filter((r) => r.stateMachine.startsWith('SendMessage'));

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    sns = new SNSClient({ ...localClientConfig(runtime.endpoints.sns ?? ''), maxAttempts: 1 });
    await publish(runtime, 'Customer Upserted', customer('c-kari'));
  });
  afterAll(async () => {
    sns?.destroy();
    await runtime?.close();
  });

  it.each(Object.entries(ALERT_TEAM))(
    'routes a "%s" alert to the %s topic, by the template\'s rules, and says so in the report',
    async (kind, team) => {
      const events = createEventPublisher(runtime.deps.eventBridge, () => runtime.deps.eventBusName);
      const at = runtime.clock.now().toISOString();
      await events.alert({ kind, at, probe: `route-${kind}` });
      await runtime.clock.whenIdle();
      const alert = runtime.alerts().find((a) => a.probe === `route-${kind}`);
      expect(alert?.routedTo).toEqual([
        { team, topic: `Alerts/${team.charAt(0).toUpperCase()}${team.slice(1)}Topic`, subscribers: [] },
      ]);
      const published = runtime.sns.published.find((p) => p.message.includes(`route-${kind}`));
      expect(published?.topicArn).toBe(
        topicArn(`Alerts/${team.charAt(0).toUpperCase()}${team.slice(1)}Topic`),
      );
      expect(JSON.parse(published?.message ?? '{}')).toMatchObject({
        'detail-type': 'Stille Alert',
        detail: { kind },
      });
    },
  );

  it('sends an alert of a kind no team is named for to ops', async () => {
    const events = createEventPublisher(runtime.deps.eventBridge, () => runtime.deps.eventBusName);
    await events.alert({ kind: 'something-new', at: runtime.clock.now().toISOString(), probe: 'unrouted' });
    await runtime.clock.whenIdle();
    expect(runtime.alerts().find((a) => a.probe === 'unrouted')?.routedTo).toEqual([
      { team: 'ops', topic: 'Alerts/OpsTopic', subscribers: [] },
    ]);
  });

  it('refuses a Publish to a topic the app does not have, as SNS does', async () => {
    await expect(
      sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-north-1:000000000000:nope', Message: 'x' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('pauses marketing and survey sends when the SES bounce alarm trips, and not service; ops resume them', async () => {
    // Before: a retention offer (marketing) goes out.
    const [before] = await request('retention-offer', 'c-kari', retentionFacts(), 'offer-before');
    expect(before?.output).toMatchObject({ status: 'sent' });
    expect(runtime.metrics).toContainEqual({
      metric: 'messagesSent',
      dimensions: { kind: 'retention-offer', channel: 'email' },
      value: 1,
    });

    // The alarm's notification, through the real SNS client, on the topic the template subscribes PauseSends to.
    const at = runtime.clock.now().toISOString();
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn('ReputationBreaker/Topic'),
        Subject: 'ALARM: "Stille-SesReputation-BounceRate-Critical"',
        Message: alarmNotification('Stille-SesReputation-BounceRate-Critical', 'ALARM', at),
      }),
    );
    await runtime.clock.whenIdle();
    expect(await repositories().controls.sendsPaused()).toMatchObject({
      by: 'Stille-SesReputation-BounceRate-Critical',
      since: at,
    });
    expect(runtime.alerts().find((a) => a.kind === 'sends-paused')?.routedTo).toEqual([
      { team: 'ops', topic: 'Alerts/OpsTopic', subscribers: [] },
    ]);

    await request('retention-offer', 'c-kari', retentionFacts(), 'offer-paused');
    expect(await repositories().messages.get('retention-offer#offer-paused#c-kari')).toMatchObject({
      status: 'suppressed',
      reason: 'sending-paused',
    });
    // The dashboard's "suppressed by reason" counts it (EMF on AWS, in memory here).
    expect(runtime.metrics).toContainEqual({
      metric: 'messagesSuppressed',
      dimensions: { kind: 'retention-offer', reason: 'sending-paused' },
      value: 1,
    });
    await request(
      'invoice-explanation',
      'c-kari',
      (await import('../unit/templates/fixtures.ts')).invoiceFacts(),
      'inv-paused',
    );
    expect(await repositories().messages.get('invoice-explanation#inv-paused#c-kari')).toMatchObject({
      status: 'sent',
    });

    // Back to OK resumes nothing; ops do.
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn('ReputationBreaker/Topic'),
        Message: alarmNotification('Stille-SesReputation-BounceRate-Critical', 'OK', at),
      }),
    );
    await runtime.clock.whenIdle();
    expect(await repositories().controls.sendsPaused()).toBeDefined();
    // Ops resume them with the CLI, against the stack's Controls table.
    const io = captureIO();
    const dynamodb = new DynamoDBClient({
      ...localClientConfig(runtime.endpoints.dynamodb ?? ''),
      maxAttempts: 1,
    });
    const unused = { ...localClientConfig('http://127.0.0.1:9'), maxAttempts: 1 };
    const status = await runCli(['resume-sends', '--table', runtime.environment.CONTROLS_TABLE ?? ''], io, {
      opsClients: () => ({
        dynamodb,
        sns: new SNSClient(unused),
        sqs: new SQSClient(unused),
        sfn: new SFNClient(unused),
      }),
    });
    expect(io.err()).toBe('');
    expect(status).toBe(0);
    expect(io.out()).toContain(`paused since ${at} by Stille-SesReputation-BounceRate-Critical`);
    expect(await repositories().controls.sendsPaused()).toBeUndefined();
    // A campaign message: a second retention offer within 90 days of offer-before would be capped.
    await request('campaign-message', 'c-kari', campaignFacts(), 'offer-after');
    expect(await repositories().messages.get('campaign-message#offer-after#c-kari')).toMatchObject({
      status: 'sent',
    });
  });
});
