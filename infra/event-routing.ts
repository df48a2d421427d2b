import { Duration, Validations } from 'aws-cdk-lib';
import { Archive, EventBus, type EventPattern, type IEventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ALERT_KINDS, type AlertKind, type Team, UNROUTED_ALERT_TEAM } from '#domain/alerts/teams.ts';
import { ALERT_DETAIL_TYPE, STILLE_SOURCE } from '#domain/contracts/event-names.ts';
import { EVENT_TYPES, type EventType, PUBLISHED_EVENT_TYPES } from '#domain/contracts/routed-events.ts';

/** Properties of {@link EventRouting}. */
export interface EventRoutingProps {
  /** Name of the custom bus. @default 'stille' */
  readonly eventBusName?: string;
  /** How long the archive keeps every event for replay. @default 30 days */
  readonly archiveRetention?: Duration;
  /** How long EventBridge keeps retrying a failed delivery before it goes to the rule's DLQ. @default 24 hours */
  readonly maxEventAge?: Duration;
}

/** What {@link EventRouting.routeEventTypes} routes where. */
export interface EventTypeTargets {
  /**
   * The workflow each event type starts; the whole EventBridge event is its input. Point a type at its
   * own workflow by changing its entry here.
   */
  readonly targets: Readonly<Record<EventType, IStateMachine>>;
  /**
   * The workflow events of any other `detail-type` start, so that nothing is dropped silently (the
   * ingestion workflow rejects them with a clear error).
   */
  readonly unknownEventTarget: IStateMachine;
}

/** The construct id of the rule for an event type: its name without spaces (`CustomerUpserted`). */
export function ruleId(detailType: string): string {
  return detailType.replace(/[^A-Za-z0-9]/g, '');
}

/** The construct id of the rule for an alert kind: `Alert` and the kind in PascalCase (`AlertLatePriceNotice`). */
export function alertRuleId(kind: string): string {
  return `Alert${kind.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase())}`;
}

/** Construct id of the rule for alerts of a kind the alert table does not list. */
export const UNROUTED_ALERTS_RULE_ID = 'AlertUnrouted';

/** Construct id of the catch-all rule. */
export const UNKNOWN_EVENT_TYPES_RULE_ID = 'UnknownEventTypes';
/** Construct id of the rule that sends stille's own detail-types put by anyone else to be rejected. */
export const OUTSIDE_ALERTS_RULE_ID = 'OutsideAlerts';

/**
 * The custom event bus billing, support and CRM systems put events on; an archive of every event on
 * it (replayable); one rule per event type starting its workflow; a catch-all rule for any other type;
 * and rules for AWS service events on the default bus. Every rule target retries and then
 * dead-letters into its own encrypted SQS queue.
 *
 * The bus exists from construction on, so functions that publish events can be given it; the rules
 * come later ({@link routeEventTypes}, {@link routeServiceEvents}), once the workflows they start exist.
 */
export class EventRouting extends Construct {
  /** The custom bus. */
  readonly eventBus: EventBus;
  /** The default bus of the account and region, where AWS services (SES) publish their events. */
  readonly defaultBus: IEventBus;
  private readonly maxEventAge: Duration;
  private readonly archiveRetention: Duration;
  private readonly routedRules: Partial<Record<EventType, Rule>> = {};
  private readonly queues: Record<string, Queue> = {};
  private readonly alertRuleByKind: Partial<Record<AlertKind, Rule>> = {};
  private unknownRule: Rule | undefined;

  constructor(scope: Construct, id: string, props: EventRoutingProps = {}) {
    super(scope, id);
    this.maxEventAge = props.maxEventAge ?? Duration.hours(24);
    this.archiveRetention = props.archiveRetention ?? Duration.days(30);

    this.eventBus = new EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? 'stille',
      description: 'stille: events from billing, support and CRM systems',
    });
    this.eventBus.archive('Archive', {
      description: 'Every event on the stille bus, kept for replay',
      // An empty pattern renders no EventPattern: the archive keeps every event the bus receives.
      eventPattern: {},
      retention: this.archiveRetention,
    });
    this.defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
  }

  /** The rule of each event type (after {@link routeEventTypes}). */
  get rules(): Readonly<Record<EventType, Rule>> {
    if (!this.unknownRule) throw new Error('routeEventTypes() has not been called yet');
    return this.routedRules as Record<EventType, Rule>;
  }

  /** The catch-all rule for every other `detail-type` (after {@link routeEventTypes}). */
  get unknownEventTypesRule(): Rule {
    if (!this.unknownRule) throw new Error('routeEventTypes() has not been called yet');
    return this.unknownRule;
  }

  /** The dead-letter queue of each rule, by the rule's construct id. */
  get deadLetterQueues(): Readonly<Record<string, Queue>> {
    return this.queues;
  }

  /** Creates one rule per event type on the stille bus, and the catch-all rule. Call it once. */
  routeEventTypes(props: EventTypeTargets): void {
    if (this.unknownRule) throw new Error('routeEventTypes() may be called only once');
    for (const detailType of EVENT_TYPES) {
      const rule = new Rule(this, ruleId(detailType), {
        eventBus: this.eventBus,
        description: `Starts the workflow of "${detailType}" events`,
        eventPattern: { detailType: [detailType] },
      });
      this.route(rule, props.targets[detailType]);
      this.routedRules[detailType] = rule;
    }

    this.unknownRule = new Rule(this, UNKNOWN_EVENT_TYPES_RULE_ID, {
      eventBus: this.eventBus,
      description: 'Sends events of any other detail-type to be rejected, so none is dropped silently',
      // stille's own alerts are for subscribers, not an unknown input.
      eventPattern: { detailType: Match.anythingBut(...EVENT_TYPES, ...PUBLISHED_EVENT_TYPES) },
    });
    this.route(this.unknownRule, props.unknownEventTarget);

    // An alert is stille's own: one from another source is never taken as one, but rejected (with why)
    // like an unknown type. The bus policy (reserveForStille) keeps others from putting one at all; this
    // rule is for whatever gets past it (a policy changed by hand, a replay).
    const outsideAlerts = new Rule(this, OUTSIDE_ALERTS_RULE_ID, {
      eventBus: this.eventBus,
      description: "Sends stille's own detail-types put under another source to be rejected",
      eventPattern: {
        detailType: [...PUBLISHED_EVENT_TYPES],
        source: Match.anythingButPrefix(STILLE_SOURCE),
      },
    });
    this.route(outsideAlerts, props.unknownEventTarget);
  }

  /** The rule of each alert kind (after {@link routeAlerts}). */
  get alertRules(): Readonly<Partial<Record<AlertKind, Rule>>> {
    return this.alertRuleByKind;
  }

  /**
   * Sends each `Stille Alert` to its team's topic: one rule per kind of the alert table
   * (functions/domain/alerts/teams.ts), and one for any other kind, to the ops topic. Only alerts under
   * stille's own sources are routed (others are rejected by the OutsideAlerts rule). Each target
   * retries and dead-letters like every other rule.
   */
  routeAlerts(topics: Readonly<Record<Team, ITopic>>, teamOf: (kind: AlertKind) => Team): void {
    const alertsOf = (kind: unknown) => ({
      detailType: [ALERT_DETAIL_TYPE],
      source: Match.prefix(STILLE_SOURCE),
      detail: { kind },
    });
    for (const kind of ALERT_KINDS) {
      const team = teamOf(kind);
      const rule = new Rule(this, alertRuleId(kind), {
        eventBus: this.eventBus,
        description: `Sends "${kind}" alerts to the ${team} topic`,
        eventPattern: alertsOf([kind]),
      });
      this.routeTo(rule, (deadLetterQueue) => this.snsTarget(topics[team], deadLetterQueue));
      this.alertRuleByKind[kind] = rule;
    }
    const unrouted = new Rule(this, UNROUTED_ALERTS_RULE_ID, {
      eventBus: this.eventBus,
      description: `Sends alerts of kinds no team is named for to the ${UNROUTED_ALERT_TEAM} topic`,
      eventPattern: alertsOf(Match.anythingBut(...ALERT_KINDS)),
    });
    this.routeTo(unrouted, (deadLetterQueue) => this.snsTarget(topics[UNROUTED_ALERT_TEAM], deadLetterQueue));
  }

  private snsTarget(topic: ITopic, deadLetterQueue: Queue): SnsTopic {
    return new SnsTopic(topic, { deadLetterQueue, retryAttempts: 185, maxEventAge: this.maxEventAge });
  }

  /**
   * Reserves for stille what only stille may put on its bus, with a bus policy that denies
   * `events:PutEvents` to every principal but `publishers` (stille's own function and workflow roles):
   * `Stille Alert`s (condition key `events:detail-type`), and any source beginning with `stille`
   * (`events:source`), so that no other system can raise an alert or speak as stille. EventBridge checks
   * each entry: another system's entry is refused (`NotAuthorizedForDetailTypeException`,
   * `NotAuthorizedForSourceException`), the rest of its request goes through.
   */
  reserveForStille(publishers: readonly (IRole | undefined)[]): void {
    const roleArns = publishers.map((role) => {
      if (!role)
        throw new Error('reserveForStille: every publisher needs a role, to be named in the bus policy');
      return role.roleArn;
    });
    const notStille = { ArnNotEquals: { 'aws:PrincipalArn': roleArns } };
    const deny = (sid: string, conditions: Record<string, Record<string, unknown>>) =>
      new PolicyStatement({
        sid,
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.eventBus.eventBusArn],
        conditions: { ...conditions, ...notStille },
      });
    this.eventBus.addToResourcePolicy(
      deny('OnlyStilleRaisesAlerts', { StringEquals: { 'events:detail-type': [...PUBLISHED_EVENT_TYPES] } }),
    );
    this.eventBus.addToResourcePolicy(
      deny('OnlyStilleUsesItsSources', { StringLike: { 'events:source': `${STILLE_SOURCE}*` } }),
    );
  }

  /**
   * Creates a rule on the default bus, where AWS services publish their events, starting `target`
   * with each matching event (with the same retries and dead-letter queue as every other rule), and an
   * archive of the matching events (the services do not send an event twice: a replay from the
   * archive is the way to process one again).
   */
  routeServiceEvents(
    id: string,
    props: { description: string; eventPattern: EventPattern; target: IStateMachine },
  ): Rule {
    const rule = new Rule(this, id, {
      eventBus: this.defaultBus,
      description: props.description,
      eventPattern: props.eventPattern,
    });
    this.route(rule, props.target);
    new Archive(rule, 'Archive', {
      sourceEventBus: this.defaultBus,
      description: `The events of the ${id} rule, kept for replay`,
      eventPattern: props.eventPattern,
      retention: this.archiveRetention,
    });
    return rule;
  }

  private route(rule: Rule, target: IStateMachine): void {
    this.routeTo(
      rule,
      (deadLetterQueue) =>
        new SfnStateMachine(target, {
          deadLetterQueue,
          retryAttempts: 185,
          maxEventAge: this.maxEventAge,
        }),
    );
  }

  private routeTo(rule: Rule, target: (deadLetterQueue: Queue) => SfnStateMachine | SnsTopic): void {
    const deadLetterQueue = new Queue(rule, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason: `This queue is the dead-letter queue of the ${rule.node.id} rule target; it has no DLQ of its own.`,
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: `This queue is the dead-letter queue of the ${rule.node.id} rule target; nothing consumes it automatically: ops inspect the failed events and put them on the bus again.`,
      },
    );
    this.queues[rule.node.id] = deadLetterQueue;
    rule.addTarget(target(deadLetterQueue));
  }
}
