import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ruleId, UNKNOWN_EVENT_TYPES_RULE_ID } from '../../infra/event-routing.ts';
import { EVENT_TYPES } from '../../infra/event-types.ts';
import { logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

interface RuleTarget {
  Arn: { Ref: string };
  RoleArn: unknown;
  Input?: unknown;
  InputPath?: unknown;
  InputTransformer?: unknown;
  DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } };
  RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
}
interface RuleProperties {
  EventBusName: { Ref: string };
  EventPattern: Record<string, unknown>;
  State: string;
  Targets: RuleTarget[];
}

const rules = Object.fromEntries(
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::Events::Rule')
    .map((r) => [JSON.stringify((r.Properties as unknown as RuleProperties).EventPattern), r.Properties]),
) as unknown as Record<string, RuleProperties>;

const ruleFor = (detailType: string): RuleProperties | undefined =>
  rules[JSON.stringify({ 'detail-type': [detailType] })];
const catchAll = rules[JSON.stringify({ 'detail-type': [{ 'anything-but': [...EVENT_TYPES] }] })];

const eventIngestionId = logicalIdOf(stack.eventIngestionStateMachine, stack);
const invoiceRunId = logicalIdOf(stack.invoiceRunStateMachine, stack);
const busId = logicalIdOf(stack.eventBus, stack);

describe('EventRouting', () => {
  it('creates the stille bus', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'stille' });
  });

  it('archives every event of the bus for 30 days, with no filtering pattern', () => {
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      RetentionDays: 30,
      EventPattern: Match.absent(),
    });
  });

  it('has eleven rules on the bus: one per contract event type and a catch-all', () => {
    expect(EVENT_TYPES).toHaveLength(10);
    template.resourceCountIs('AWS::Events::Rule', 11);
    for (const rule of Object.values(rules)) {
      expect(rule.EventBusName).toEqual({ Ref: busId });
      expect(rule.State).toBe('ENABLED');
    }
  });

  it.each(EVENT_TYPES.filter((t) => t !== 'Invoice Run Submitted'))(
    'starts EventIngestion for "%s" events',
    (detailType) => {
      expect(ruleFor(detailType)?.Targets.map((t) => t.Arn)).toEqual([{ Ref: eventIngestionId }]);
    },
  );

  it('starts InvoiceRun for "Invoice Run Submitted" events', () => {
    expect(ruleFor('Invoice Run Submitted')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: invoiceRunId }]);
  });

  it('sends every other detail-type to EventIngestion, which rejects it', () => {
    expect(catchAll?.Targets.map((t) => t.Arn)).toEqual([{ Ref: eventIngestionId }]);
  });

  it('passes the whole event as the execution input, retries for a day, then dead-letters', () => {
    for (const rule of Object.values(rules)) {
      const [target] = rule.Targets;
      expect(target?.Input).toBeUndefined();
      expect(target?.InputPath).toBeUndefined();
      expect(target?.InputTransformer).toBeUndefined();
      expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 });
      expect(target?.RoleArn).toBeDefined();
    }
  });

  it('gives each rule its own encrypted dead-letter queue that refuses plain HTTP', () => {
    const queueIds = Object.values(rules).map(
      (rule) => rule.Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0],
    );
    expect(new Set(queueIds).size).toBe(11);
    template.resourceCountIs('AWS::SQS::Queue', 11);
    for (const queueId of queueIds) {
      expect(resources[queueId ?? '']?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
            }),
          ]),
        },
      });
    }
  });

  it('names rule constructs after their event type', () => {
    expect(ruleId('Support Ticket Opened')).toBe('SupportTicketOpened');
    expect(stack.routing.rules['Invoice Run Submitted'].node.id).toBe('InvoiceRunSubmitted');
    expect(stack.routing.unknownEventTypesRule.node.id).toBe(UNKNOWN_EVENT_TYPES_RULE_ID);
    expect(Object.keys(stack.routing.deadLetterQueues).sort()).toEqual(
      [...EVENT_TYPES.map(ruleId), UNKNOWN_EVENT_TYPES_RULE_ID].sort(),
    );
  });
});
