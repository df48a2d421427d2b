import { describe, expect, it } from 'vitest';
import { METRICS } from '#domain/metrics/names.ts';
import { FUNCTION_IDS } from '#infra/functions.ts';
import { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM } from '#infra/monitoring.ts';
import { WORKFLOW_IDS } from '#infra/routes.ts';
import { flattenCfn, logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

interface AlarmProperties {
  AlarmName: string;
  AlarmDescription?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  ActionsEnabled?: boolean;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ComparisonOperator: string;
  Metrics?: {
    Expression?: string;
    MetricStat?: {
      Metric: { MetricName: string; Namespace: string; Dimensions?: { Name: string; Value: unknown }[] };
    };
  }[];
}

const alarms = Object.values(resources)
  .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
  .map((r) => r.Properties as unknown as AlarmProperties);
const opsTopic = { Ref: logicalIdOf(stack.alerts.topics.ops, stack) };
const reputationTopic = { Ref: logicalIdOf(stack.reputationBreaker.topic, stack) };

/** The alarms on a metric of a namespace whose dimension `name` refers to `logicalId`. */
const alarmsOn = (namespace: string, metricName: string, dimension: string, value: unknown) =>
  alarms.filter((a) => {
    const metrics = [
      { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions },
      ...(a.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : [])),
    ];
    return metrics.some(
      (m) =>
        m.Namespace === namespace &&
        m.MetricName === metricName &&
        m.Dimensions?.some((d) => d.Name === dimension && JSON.stringify(d.Value) === JSON.stringify(value)),
    );
  });

describe('alarms', () => {
  it('gives every alarm an action: the ops topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.ActionsEnabled, alarm.AlarmName).toBe(true);
      expect(alarm.AlarmActions, alarm.AlarmName).toContainEqual(opsTopic);
      expect(alarm.AlarmDescription, alarm.AlarmName).toMatch(/docs\/operations\.md#/);
    }
  });

  it.each(WORKFLOW_IDS)('alarms on failed and timed-out executions of %s', (workflowId) => {
    const arn = { Ref: logicalIdOf(stack.stateMachines[workflowId], stack) };
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const [alarm] = alarmsOn('AWS/States', metric, 'StateMachineArn', arn);
      expect(alarm, `${workflowId} ${metric}`).toBeDefined();
      expect(alarm?.Threshold).toBe(0);
      expect(alarm?.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it('alarms on a visible message in every dead-letter queue', () => {
    const queueIds = Object.values(resources).flatMap((r, i) =>
      r.Type === 'AWS::SQS::Queue' ? [Object.keys(resources)[i] as string] : [],
    );
    expect(queueIds.length).toBeGreaterThan(20);
    for (const queueId of queueIds) {
      const [alarm] = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', {
        'Fn::GetAtt': [queueId, 'QueueName'],
      });
      expect(alarm, queueId).toBeDefined();
      expect(alarm?.Threshold).toBe(0);
      expect(alarm?.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it.each(FUNCTION_IDS)('alarms on errors and throttles of %s', (fnId) => {
    const name = { Ref: logicalIdOf(stack.functions[fnId].function, stack) };
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarmsOn('AWS/Lambda', metric, 'FunctionName', name), `${fnId} ${metric}`).toHaveLength(1);
    }
  });

  it.each([
    ['Reputation.BounceRate', BOUNCE_RATE_ALARM, 0.05],
    ['Reputation.ComplaintRate', COMPLAINT_RATE_ALARM, 0.001],
  ])(
    'alarms on the SES %s below the review threshold, and trips the reputation breaker',
    (metric, at, review) => {
      const [alarm] = alarms.filter((a) => a.Namespace === 'AWS/SES' && a.MetricName === metric);
      expect(at).toBeLessThan(review);
      expect(alarm?.Threshold).toBe(at);
      expect(alarm?.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm?.AlarmActions).toEqual(expect.arrayContaining([opsTopic, reputationTopic]));
    },
  );

  it('alarms on the share of messages that failed for good, from the EMF metrics', () => {
    const rate = alarms.find((a) =>
      a.Metrics?.some((m) => m.Expression?.includes('failed / (sent + failed)')),
    );
    expect(rate?.Threshold).toBe(0.05);
    const names = rate?.Metrics?.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(names).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Namespace: 'stille', MetricName: METRICS.messagesSent.name }),
        expect.objectContaining({ Namespace: 'stille', MetricName: METRICS.messagesFailed.name }),
      ]),
    );
  });

  it('subscribes PauseSends to the reputation topic', () => {
    const subscription = Object.values(resources).find(
      (r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'lambda',
    );
    expect(subscription?.Properties.TopicArn).toEqual(reputationTopic);
    expect(subscription?.Properties.Endpoint).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack.functions.PauseSends.function, stack), 'Arn'],
    });
  });
});

describe('the dashboard', () => {
  const dashboards = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
  const body = dashboards.map((d) => flattenCfn(d.Properties.DashboardBody)).join('\n');

  it('exists, one for the stack', () => {
    expect(dashboards).toHaveLength(1);
  });

  it.each([
    [
      'messages sent by kind and channel',
      `{\\"stille\\",\\"service\\",\\"kind\\",\\"channel\\"} \\"service\\"=\\"stille\\" MetricName=\\"MessagesSent\\"`,
    ],
    [
      'suppressed by reason',
      `{\\"stille\\",\\"service\\",\\"kind\\",\\"reason\\"} \\"service\\"=\\"stille\\" MetricName=\\"MessagesSuppressed\\"`,
    ],
    ['failed by kind and channel', 'MetricName=\\"MessagesFailed\\"'],
    ['survey answers', 'MetricName=\\"SurveyAnswers\\"'],
    ['campaign runs', 'MetricName=\\"CampaignRuns\\"'],
    ['executions per workflow', 'ExecutionsStarted'],
    ['failures per workflow', 'ExecutionsFailed'],
    ['dead-letter queue depths', 'ApproximateNumberOfMessagesVisible'],
    ['SES reputation', 'Reputation.BounceRate'],
  ])('shows %s', (_what, needle) => {
    expect(body).toContain(needle);
  });
});
