import { Duration, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link ReputationBreaker}. */
export interface ReputationBreakerProps {
  /** The key of stille's topics (AlertTopics). */
  readonly key: IKey;
  /** The PauseSends function. */
  readonly pauseSends: IFunction;
}

/**
 * The reputation breaker's wiring: the topic the SES bounce and complaint alarms notify (besides the
 * ops topic), and PauseSends subscribed to it, which pauses marketing and survey sends until ops
 * resume them (docs/operations.md#resume-sends). A notification SNS cannot hand to the function goes
 * to the subscription's dead-letter queue.
 */
export class ReputationBreaker extends Construct {
  /** The topic the reputation alarms notify. */
  readonly topic: Topic;
  /** Notifications SNS could not deliver to PauseSends. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ReputationBreakerProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'stille reputation breaker',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is the dead-letter queue of the PauseSends subscription; it has no DLQ of its own.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is the dead-letter queue of the PauseSends subscription; it is alarmed, and ops pause sends by hand if it fills (docs/operations.md).',
      },
    );
    this.topic.addSubscription(
      new LambdaSubscription(props.pauseSends, { deadLetterQueue: this.deadLetterQueue }),
    );
  }
}
