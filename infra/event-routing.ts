import { Duration, Validations } from 'aws-cdk-lib';
import { EventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EVENT_TYPES, type EventType } from './event-types.ts';

/** Properties of {@link EventRouting}. */
export interface EventRoutingProps {
  /**
   * The workflow each contract event type starts; the whole EventBridge event is its input. Point a
   * type at its own workflow by changing its entry here.
   */
  readonly targets: Readonly<Record<EventType, IStateMachine>>;
  /**
   * The workflow events of any other `detail-type` start, so that nothing is dropped silently (the
   * ingestion workflow rejects them with a clear error).
   */
  readonly unknownEventTarget: IStateMachine;
  /** Name of the custom bus. @default 'stille' */
  readonly eventBusName?: string;
  /** How long the archive keeps every event for replay. @default 30 days */
  readonly archiveRetention?: Duration;
  /** How long EventBridge keeps retrying a failed delivery before it goes to the rule's DLQ. @default 24 hours */
  readonly maxEventAge?: Duration;
}

/** The construct id of the rule for an event type: its name without spaces (`CustomerUpserted`). */
export function ruleId(detailType: string): string {
  return detailType.replace(/[^A-Za-z0-9]/g, '');
}

/** Construct id of the catch-all rule. */
export const UNKNOWN_EVENT_TYPES_RULE_ID = 'UnknownEventTypes';

/**
 * The custom event bus billing, support and CRM systems put events on; an archive of every event on
 * it (replayable); one rule per contract event type starting its workflow; and a catch-all rule for
 * any other type. Every rule target retries and then dead-letters into its own encrypted SQS queue.
 */
export class EventRouting extends Construct {
  /** The custom bus. */
  readonly eventBus: EventBus;
  /** The rule of each contract event type. */
  readonly rules: Readonly<Record<EventType, Rule>>;
  /** The catch-all rule for every other `detail-type`. */
  readonly unknownEventTypesRule: Rule;
  /** The dead-letter queue of each rule, by the rule's construct id. */
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);

    this.eventBus = new EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? 'stille',
      description: 'stille: events from billing, support and CRM systems',
    });
    this.eventBus.archive('Archive', {
      description: 'Every event on the stille bus, kept for replay',
      // An empty pattern renders no EventPattern: the archive keeps every event the bus receives.
      eventPattern: {},
      retention: props.archiveRetention ?? Duration.days(30),
    });

    const deadLetterQueues: Record<string, Queue> = {};
    const route = (rule: Rule, target: IStateMachine) => {
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
      deadLetterQueues[rule.node.id] = deadLetterQueue;
      rule.addTarget(
        new SfnStateMachine(target, {
          deadLetterQueue,
          retryAttempts: 185,
          maxEventAge: props.maxEventAge ?? Duration.hours(24),
        }),
      );
    };

    const rules = {} as Record<EventType, Rule>;
    for (const detailType of EVENT_TYPES) {
      const rule = new Rule(this, ruleId(detailType), {
        eventBus: this.eventBus,
        description: `Starts the workflow of "${detailType}" events`,
        eventPattern: { detailType: [detailType] },
      });
      route(rule, props.targets[detailType]);
      rules[detailType] = rule;
    }
    this.rules = rules;

    this.unknownEventTypesRule = new Rule(this, UNKNOWN_EVENT_TYPES_RULE_ID, {
      eventBus: this.eventBus,
      description: 'Sends events of any other detail-type to be rejected, so none is dropped silently',
      eventPattern: { detailType: Match.anythingBut(...EVENT_TYPES) },
    });
    route(this.unknownEventTypesRule, props.unknownEventTarget);
    this.deadLetterQueues = deadLetterQueues;
  }
}
