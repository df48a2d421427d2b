import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link SmsReplies}. */
export interface SmsRepliesProps {
  /** The key of stille's topics (AlertTopics). */
  readonly key: IKey;
  /** The HandleSmsReply function. */
  readonly handleSmsReply: IFunction;
}

/**
 * Two-way SMS: the topic End User Messaging publishes inbound text messages to (set it as the two-way
 * channel of the phone numbers stille sends from: docs/operations.md#two-way-sms), and HandleSmsReply
 * subscribed to it, which turns STOP replies into opt-outs. The topic takes messages from End User
 * Messaging of this account only; what SNS cannot hand to the function goes to a dead-letter queue.
 */
export class SmsReplies extends Construct {
  /** The inbound SMS topic (its ARN is the stack output `InboundSmsTopicArn`). */
  readonly topic: Topic;
  /** Inbound messages SNS could not deliver to HandleSmsReply. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SmsRepliesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'stille inbound SMS',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EndUserMessagingPublishesInboundSms',
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is the dead-letter queue of the HandleSmsReply subscription; it has no DLQ of its own.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is the dead-letter queue of the HandleSmsReply subscription; it is alarmed, and ops redrive it (docs/operations.md#dead-letters).',
      },
    );
    this.topic.addSubscription(
      new LambdaSubscription(props.handleSmsReply, { deadLetterQueue: this.deadLetterQueue }),
    );
    new CfnOutput(stack, 'InboundSmsTopicArn', {
      description:
        'The two-way channel of the phone numbers stille sends from (docs/operations.md#two-way-sms)',
      value: this.topic.topicArn,
    });
  }
}
