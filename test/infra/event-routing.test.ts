import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { DefinitionBody, Pass, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, ALERT_TEAM, TEAMS, type Team } from '#domain/alerts/teams.ts';
import { ALERT_DETAIL_TYPE, STILLE_SOURCE } from '#domain/contracts/event-names.ts';
import { EVENT_TYPES, PUBLISHED_EVENT_TYPES } from '#domain/contracts/routed-events.ts';
import { SES_EVENT_DETAIL_TYPES } from '#infra/email-sending.ts';
import {
  alertRuleId,
  EventRouting,
  OUTSIDE_ALERTS_RULE_ID,
  ruleId,
  UNKNOWN_EVENT_TYPES_RULE_ID,
  UNROUTED_ALERTS_RULE_ID,
} from '#infra/event-routing.ts';
import { FUNCTION_IDS, FUNCTIONS } from '#infra/functions.ts';
import { SES_EVENTS_RULE_ID } from '#infra/stille-stack.ts';
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
  EventBusName?: { Ref: string } | string;
  EventPattern: Record<string, unknown>;
  State: string;
  Targets: RuleTarget[];
}

const everyRule = Object.values(resources)
  .filter((r) => r.Type === 'AWS::Events::Rule')
  .map((r) => r.Properties as unknown as RuleProperties);
/** The rules that send `Stille Alert`s to the teams' topics (they match on `detail.kind`). */
const isAlertRule = (rule: RuleProperties) =>
  (rule.EventPattern as { detail?: { kind?: unknown } } | undefined)?.detail?.kind !== undefined;
const alertRules = everyRule.filter(isAlertRule);
/** The rules that start workflows. */
const allRules = everyRule.filter((rule) => !isAlertRule(rule));
const onDefaultBus = (rule: RuleProperties) =>
  rule.EventBusName === undefined || rule.EventBusName === 'default';
/** The rules of the stille bus, by their event pattern. */
const rules = Object.fromEntries(
  allRules.filter((r) => !onDefaultBus(r)).map((r) => [JSON.stringify(r.EventPattern), r]),
) as Record<string, RuleProperties>;
/** The rules of the default bus (where AWS services publish their events). */
const defaultBusRules = allRules.filter(onDefaultBus);

const ruleFor = (detailType: string): RuleProperties | undefined =>
  rules[JSON.stringify({ 'detail-type': [detailType] })];
const catchAll =
  rules[JSON.stringify({ 'detail-type': [{ 'anything-but': [...EVENT_TYPES, ...PUBLISHED_EVENT_TYPES] }] })];
const outsideAlerts =
  rules[
    JSON.stringify({
      'detail-type': [...PUBLISHED_EVENT_TYPES],
      source: [{ 'anything-but': { prefix: STILLE_SOURCE } }],
    })
  ];

const eventIngestionId = logicalIdOf(stack.stateMachines.EventIngestion, stack);
const invoiceRunId = logicalIdOf(stack.stateMachines.InvoiceRun, stack);
const invoiceIssuedId = logicalIdOf(stack.stateMachines.InvoiceIssued, stack);
const sendMessageId = logicalIdOf(stack.stateMachines.SendMessage, stack);
const deliveryEventsId = logicalIdOf(stack.stateMachines.DeliveryEvents, stack);
const priceChangeId = logicalIdOf(stack.stateMachines.PriceChange, stack);
const supportTicketId = logicalIdOf(stack.stateMachines.SupportTicket, stack);
const surveyId = logicalIdOf(stack.stateMachines.Survey, stack);
const campaignScheduleId = logicalIdOf(stack.stateMachines.CampaignSchedule, stack);
const OWN_WORKFLOW: Record<string, string> = {
  'Invoice Issued': invoiceIssuedId,
  'Price Change Announced': priceChangeId,
  'Invoice Run Submitted': invoiceRunId,
  'Message Requested': sendMessageId,
  'Support Ticket Opened': supportTicketId,
  'Support Ticket Resolved': surveyId,
  'Contract Renewed': surveyId,
  'Campaign Scheduled': campaignScheduleId,
  'Campaign Cancelled': campaignScheduleId,
  'Offer Catalog Published': campaignScheduleId,
};

const busId = logicalIdOf(stack.routing.eventBus, stack);

describe('EventRouting', () => {
  it('creates the stille bus', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'stille' });
  });

  it('archives every event of the bus for 30 days, with no filtering pattern', () => {
    template.resourceCountIs('AWS::Events::Archive', 2);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      RetentionDays: 30,
      EventPattern: Match.absent(),
    });
  });

  it('archives the SES events it routes from the default bus for 30 days, for replay', () => {
    const [sesRule] = defaultBusRules;
    const archives = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Archive');
    const sesArchive = archives.find((a) =>
      JSON.stringify(a.Properties.SourceArn).includes('event-bus/default'),
    );
    expect(sesArchive?.Properties.RetentionDays).toBe(30);
    expect(sesArchive?.Properties.EventPattern).toEqual(sesRule?.EventPattern);
  });

  it('has seventeen rules on the stille bus (one per event type, a catch-all, outside alerts) and one on the default bus', () => {
    expect(EVENT_TYPES).toHaveLength(15);
    template.resourceCountIs('AWS::Events::Rule', 18 + ALERT_KINDS.length + 1);
    expect(Object.keys(rules)).toHaveLength(17);
    expect(defaultBusRules).toHaveLength(1);
    for (const rule of allRules) expect(rule.State).toBe('ENABLED');
    for (const rule of Object.values(rules)) expect(rule.EventBusName).toEqual({ Ref: busId });
  });

  it.each(EVENT_TYPES.filter((t) => !(t in OWN_WORKFLOW)))(
    'starts EventIngestion for "%s" events',
    (detailType) => {
      expect(ruleFor(detailType)?.Targets.map((t) => t.Arn)).toEqual([{ Ref: eventIngestionId }]);
    },
  );

  it('starts InvoiceIssued for "Invoice Issued" events', () => {
    expect(ruleFor('Invoice Issued')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: invoiceIssuedId }]);
  });

  it('starts InvoiceRun for "Invoice Run Submitted" events', () => {
    expect(ruleFor('Invoice Run Submitted')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: invoiceRunId }]);
  });

  it('starts PriceChange for "Price Change Announced" events', () => {
    expect(ruleFor('Price Change Announced')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: priceChangeId }]);
  });

  it('starts SupportTicket for "Support Ticket Opened" events', () => {
    expect(ruleFor('Support Ticket Opened')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: supportTicketId }]);
  });

  it.each(['Support Ticket Resolved', 'Contract Renewed'])('starts Survey for "%s" events', (detailType) => {
    expect(ruleFor(detailType)?.Targets.map((t) => t.Arn)).toEqual([{ Ref: surveyId }]);
  });

  it('starts SendMessage for "Message Requested" events, which the catch-all leaves alone', () => {
    expect(ruleFor('Message Requested')?.Targets.map((t) => t.Arn)).toEqual([{ Ref: sendMessageId }]);
    expect(JSON.stringify(catchAll?.EventPattern)).toContain('"Message Requested"');
  });

  it("leaves stille's own alerts to their subscribers: the catch-all does not reject them", () => {
    expect(PUBLISHED_EVENT_TYPES).toContain(ALERT_DETAIL_TYPE);
    expect(JSON.stringify(catchAll?.EventPattern)).toContain(`"${ALERT_DETAIL_TYPE}"`);
  });

  it("starts DeliveryEvents for the SES events of stille's configuration set, from the default bus", () => {
    const [sesRule] = defaultBusRules;
    expect(SES_EVENT_DETAIL_TYPES).toEqual(['Email Bounced', 'Email Complaint Received']);
    expect(sesRule?.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': [...SES_EVENT_DETAIL_TYPES],
      detail: {
        mail: {
          tags: { 'ses:configuration-set': [{ Ref: logicalIdOf(stack.email.configurationSet, stack) }] },
        },
      },
    });
    expect(sesRule?.EventBusName).toBe('default');
    expect(sesRule?.Targets.map((t) => t.Arn)).toEqual([{ Ref: deliveryEventsId }]);
    expect(stack.sesEventsRule.node.id).toBe(SES_EVENTS_RULE_ID);
  });

  it('sends every other detail-type to EventIngestion, which rejects it', () => {
    expect(catchAll?.Targets.map((t) => t.Arn)).toEqual([{ Ref: eventIngestionId }]);
  });

  it("sends an alert from any source but stille's own to EventIngestion, which rejects it", () => {
    expect(outsideAlerts?.Targets.map((t) => t.Arn)).toEqual([{ Ref: eventIngestionId }]);
  });

  it('passes the whole event as the execution input, retries for a day, then dead-letters', () => {
    for (const rule of allRules) {
      const [target] = rule.Targets;
      expect(target?.Input).toBeUndefined();
      expect(target?.InputPath).toBeUndefined();
      expect(target?.InputTransformer).toBeUndefined();
      expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 });
      expect(target?.RoleArn).toBeDefined();
    }
  });

  it('gives each rule its own encrypted dead-letter queue that refuses plain HTTP', () => {
    const queueIds = allRules.map((rule) => rule.Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    expect(new Set(queueIds).size).toBe(18);
    // Besides: one per alert rule; PauseSends' and HandleSmsReply's own and their subscriptions'.
    template.resourceCountIs('AWS::SQS::Queue', 18 + ALERT_KINDS.length + 1 + 4);
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
      [
        ...EVENT_TYPES.map(ruleId),
        UNKNOWN_EVENT_TYPES_RULE_ID,
        OUTSIDE_ALERTS_RULE_ID,
        SES_EVENTS_RULE_ID,
        ...ALERT_KINDS.map(alertRuleId),
        UNROUTED_ALERTS_RULE_ID,
      ].sort(),
    );
  });
});

describe('alerts that reach people', () => {
  const topicOf = (team: Team) => ({ Ref: logicalIdOf(stack.alerts.topics[team], stack) });

  it.each(ALERT_KINDS)(
    'sends "%s" alerts of stille to the topic of the team the alert table names',
    (kind) => {
      const rule = alertRules.find((r) => JSON.stringify(r.EventPattern).includes(`"kind":["${kind}"]`));
      expect(rule?.EventPattern).toEqual({
        'detail-type': [ALERT_DETAIL_TYPE],
        source: [{ prefix: STILLE_SOURCE }],
        detail: { kind: [kind] },
      });
      expect(rule?.EventBusName).toEqual({ Ref: busId });
      expect(rule?.Targets.map((t) => t.Arn)).toEqual([topicOf(ALERT_TEAM[kind])]);
      expect(rule?.Targets[0]?.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: 86_400,
        MaximumRetryAttempts: 185,
      });
      expect(rule?.Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toBeDefined();
    },
  );

  it('sends alerts of a kind no team is named for to ops, so none goes nowhere', () => {
    const unrouted = alertRules.find((r) => JSON.stringify(r.EventPattern).includes('anything-but'));
    expect(unrouted?.EventPattern).toEqual({
      'detail-type': [ALERT_DETAIL_TYPE],
      source: [{ prefix: STILLE_SOURCE }],
      detail: { kind: [{ 'anything-but': [...ALERT_KINDS] }] },
    });
    expect(unrouted?.Targets.map((t) => t.Arn)).toEqual([topicOf('ops')]);
    expect(alertRules).toHaveLength(ALERT_KINDS.length + 1);
  });

  it('routes every team of the table to its own encrypted topic that refuses plain HTTP', () => {
    expect(new Set(Object.values(ALERT_TEAM))).toEqual(new Set(['ops', 'billing', 'support', 'crm']));
    for (const team of TEAMS) {
      const topic = resources[logicalIdOf(stack.alerts.topics[team], stack)];
      expect(topic?.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [logicalIdOf(stack.alerts.key, stack), 'Arn'],
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicOf(team)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('subscribes the e-mail addresses and HTTPS endpoints of stille:alertSubscriptions to their teams', () => {
    const configured = synthStille({
      context: {
        'stille:alertSubscriptions': JSON.stringify({
          ops: ['ops@example.no', 'https://hooks.example.no/stille'],
          crm: ['crm@example.no'],
        }),
      },
    });
    const subscriptions = Object.values(configured.template.toJSON().Resources as typeof resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription')
      .map((r) => r.Properties as { Protocol: string; Endpoint: unknown; TopicArn: unknown })
      .filter((s) => s.Protocol !== 'lambda');
    const opsTopic = { Ref: logicalIdOf(configured.stack.alerts.topics.ops, configured.stack) };
    const crmTopic = { Ref: logicalIdOf(configured.stack.alerts.topics.crm, configured.stack) };
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.no', TopicArn: opsTopic }),
        expect.objectContaining({
          Protocol: 'https',
          Endpoint: 'https://hooks.example.no/stille',
          TopicArn: opsTopic,
        }),
        expect.objectContaining({ Protocol: 'email', Endpoint: 'crm@example.no', TopicArn: crmTopic }),
      ]),
    );
    expect(subscriptions).toHaveLength(3);
  });

  it('refuses a subscription that is neither an e-mail address nor an https:// URL', () => {
    expect(() =>
      synthStille({ context: { 'stille:alertSubscriptions': '{"ops": ["http://plain.example.no"]}' } }),
    ).toThrow(/stille:alertSubscriptions\[ops\]\[0\]/);
  });
});

describe("the stille bus's policy", () => {
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::Events::EventBusPolicy')
    .map((r) => r.Properties as { EventBusName: unknown; Statement: Record<string, unknown> });
  const roleArn = (role: { node: { defaultChild?: unknown } }) => ({
    'Fn::GetAtt': [logicalIdOf(role, stack), 'Arn'],
  });
  // Every function granted PutEvents and the one workflow that puts events (DeferredSend).
  const ownPublishers = [
    ...FUNCTION_IDS.filter((id) => 'eventBus' in FUNCTIONS[id].access).map((id) =>
      roleArn(stack.functions[id].function.role as unknown as { node: { defaultChild?: unknown } }),
    ),
    roleArn(stack.stateMachines.DeferredSend.role as unknown as { node: { defaultChild?: unknown } }),
  ];

  it('is on the stille bus, and denies, never allows', () => {
    expect(statements.length).toBe(2);
    for (const { EventBusName, Statement } of statements) {
      expect(EventBusName).toEqual({ Ref: busId });
      expect(Statement).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      });
    }
  });

  const byText = (values: unknown[]) => values.map((value) => JSON.stringify(value)).sort();
  const exceptedOf = (statement: Record<string, unknown> | undefined) =>
    byText(
      ((statement?.Condition as { ArnNotEquals?: { 'aws:PrincipalArn'?: unknown[] } } | undefined)
        ?.ArnNotEquals?.['aws:PrincipalArn'] ?? []) as unknown[],
    );

  it("lets no one but stille's own functions and workflows put a Stille Alert", () => {
    const alerts = statements.find((s) => JSON.stringify(s.Statement).includes('events:detail-type'));
    expect(alerts?.Statement.Condition).toMatchObject({
      StringEquals: {
        'events:detail-type': [ALERT_DETAIL_TYPE, 'Campaign Run Completed', 'Offer Accepted'],
      },
    });
    expect(exceptedOf(alerts?.Statement)).toEqual(byText(ownPublishers));
  });

  it("lets no one but stille's own functions and workflows put events under a stille source", () => {
    const sources = statements.find((s) => JSON.stringify(s.Statement).includes('events:source'));
    expect(sources?.Statement.Condition).toMatchObject({
      StringLike: { 'events:source': `${STILLE_SOURCE}*` },
    });
    expect(exceptedOf(sources?.Statement)).toEqual(byText(ownPublishers));
  });
});

describe('EventRouting, built in two steps', () => {
  it('keeps the bus and the rules where they were in the tree, so their logical IDs stay the same', () => {
    expect(busId).toMatch(/^RoutingBus[0-9A-F]{8}$/);
    expect(logicalIdOf(stack.routing.rules['Customer Upserted'], stack)).toMatch(
      /^RoutingCustomerUpserted[0-9A-F]{8}$/,
    );
  });

  it('has the bus from construction on, and the rules only once they are routed, once', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const routing = new EventRouting(scratch, 'Routing');
    expect(routing.eventBus.node.id).toBe('Bus');
    expect(() => routing.rules).toThrow(/routeEventTypes/);
    const target = new StateMachine(scratch, 'Target', {
      definitionBody: DefinitionBody.fromChainable(new Pass(scratch, 'Nothing')),
    });
    const targets = Object.fromEntries(EVENT_TYPES.map((t) => [t, target])) as Record<
      (typeof EVENT_TYPES)[number],
      StateMachine
    >;
    routing.routeEventTypes({ targets, unknownEventTarget: target });
    expect(Object.keys(routing.rules)).toHaveLength(EVENT_TYPES.length);
    expect(() => routing.routeEventTypes({ targets, unknownEventTarget: target })).toThrow(/only once/);
  });
});
