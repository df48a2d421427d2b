/**
 * The ops commands of the `stille` CLI, against a deployed stack (the AWS credentials and region of
 * the environment, as the AWS CLI uses them): `resume-sends` ends the reputation breaker's pause, and
 * `redrive` takes what a dead-letter queue holds back to where it failed to go. docs/operations.md
 * has the runbook around them.
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SENDS_PAUSED_CONTROL } from '#adapters/dynamo/controls.ts';

/** The clients the ops commands use; the CLI creates them from the environment, tests pass their own. */
export interface OpsClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  sfn: SFNClient;
  sns: SNSClient;
}

/** Clients with the default credential chain and region (AWS_REGION, AWS_PROFILE, …). */
export function opsClientsFromEnvironment(): OpsClients {
  return {
    dynamodb: new DynamoDBClient({}),
    sqs: new SQSClient({}),
    sfn: new SFNClient({}),
    sns: new SNSClient({}),
  };
}

/** Ends the pause of marketing and survey sends; says what it ended. */
export async function resumeSends(clients: OpsClients, table: string): Promise<string> {
  const { Attributes } = await clients.dynamodb.send(
    new DeleteItemCommand({
      TableName: table,
      Key: { control: { S: SENDS_PAUSED_CONTROL } },
      ReturnValues: 'ALL_OLD',
    }),
  );
  if (!Attributes) return 'Marketing and survey sends were not paused.\n';
  return `Marketing and survey sends resumed (paused since ${Attributes.since?.S ?? '?'} by ${Attributes.by?.S ?? '?'}).\n`;
}

/** Pauses marketing and survey sends by hand (as the breaker does); a pause in force is kept. */
export async function pauseSends(
  clients: OpsClients,
  table: string,
  reason: string,
  now: Date,
): Promise<string> {
  const existing = await clients.dynamodb.send(
    new GetItemCommand({
      TableName: table,
      Key: { control: { S: SENDS_PAUSED_CONTROL } },
      ConsistentRead: true,
    }),
  );
  if (existing.Item)
    return `Already paused since ${existing.Item.since?.S ?? '?'} by ${existing.Item.by?.S ?? '?'}.\n`;
  await clients.dynamodb.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        control: { S: SENDS_PAUSED_CONTROL },
        since: { S: now.toISOString() },
        by: { S: 'stille pause-sends' },
        reason: { S: reason.slice(0, 1024) },
      },
      ConditionExpression: 'attribute_not_exists(control)',
    }),
  );
  return 'Marketing and survey sends paused; service messages go on. Resume with: stille resume-sends\n';
}

/** What {@link redrive} did. */
export interface RedriveResult {
  /** Messages taken back to their target and deleted from the queue. */
  redriven: number;
  /** Messages left in the queue: no target could be told from them. */
  skipped: number;
  /** Where they went: target ARN → count. */
  targets: Record<string, number>;
}

/** Where a dead letter goes back to, if it can be told. */
export function redriveTargetOf(
  message: Message,
): { kind: 'states' | 'sns'; arn: string; payload: string } | undefined {
  const body = message.Body ?? '';
  // EventBridge rule targets: the event as the body, the target in the TARGET_ARN attribute.
  const targetArn = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (targetArn?.includes(':states:')) return { kind: 'states', arn: targetArn, payload: body };
  if (targetArn?.includes(':sns:')) return { kind: 'sns', arn: targetArn, payload: body };
  // SNS subscriptions: the notification as the body, with the topic and the message it carried.
  try {
    const notification = JSON.parse(body) as { Type?: unknown; TopicArn?: unknown; Message?: unknown };
    if (
      notification.Type === 'Notification' &&
      typeof notification.TopicArn === 'string' &&
      typeof notification.Message === 'string'
    ) {
      return { kind: 'sns', arn: notification.TopicArn, payload: notification.Message };
    }
  } catch {
    // Not JSON: nothing to tell the target from.
  }
  return undefined;
}

/**
 * Takes up to `max` dead letters back to where they failed to go: an event to the state machine it
 * should have started (StartExecution with the event as input, as the rule would), an alert or a
 * notification to its topic (Publish), then deletes it from the queue. A message whose target cannot be
 * told is left in the queue. `dryRun` only says what it would do. stille's workflows are idempotent,
 * so a redriven event that had got through after all changes nothing.
 */
export async function redrive(
  clients: OpsClients,
  queueUrl: string,
  options: { max: number; dryRun: boolean },
): Promise<RedriveResult> {
  const result: RedriveResult = { redriven: 0, skipped: 0, targets: {} };
  const seen = new Set<string>();
  while (result.redriven + result.skipped < options.max) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, options.max - result.redriven - result.skipped),
        MessageAttributeNames: ['All'],
        // Long enough to redrive the batch; what is left becomes visible again.
        VisibilityTimeout: options.dryRun ? 0 : 120,
        WaitTimeSeconds: 1,
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId as string);
      const target = redriveTargetOf(message);
      if (!target) {
        result.skipped++;
        continue;
      }
      if (!options.dryRun) {
        if (target.kind === 'states') {
          await clients.sfn.send(
            new StartExecutionCommand({ stateMachineArn: target.arn, input: target.payload }),
          );
        } else {
          await clients.sns.send(new PublishCommand({ TopicArn: target.arn, Message: target.payload }));
        }
        await clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle as string }),
        );
      }
      result.redriven++;
      result.targets[target.arn] = (result.targets[target.arn] ?? 0) + 1;
    }
  }
  return result;
}
