import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/main.ts';
import { captureIO } from './fixtures.ts';

const QUEUE = 'https://sqs.eu-north-1.amazonaws.com/123456789012/Stille-RoutingInvoiceIssuedDeadLetters';
const STATE_MACHINE = 'arn:aws:states:eu-north-1:123456789012:stateMachine:InvoiceIssued';
const TOPIC = 'arn:aws:sns:eu-north-1:123456789012:Stille-AlertsOpsTopic';

const sqs = mockClient(SQSClient);
const sfn = mockClient(SFNClient);
const sns = mockClient(SNSClient);
afterEach(() => {
  sqs.reset();
  sfn.reset();
  sns.reset();
});

const clients = () => ({
  dynamodb: new DynamoDBClient({ region: 'eu-north-1' }),
  sqs: new SQSClient({ region: 'eu-north-1' }),
  sfn: new SFNClient({ region: 'eu-north-1' }),
  sns: new SNSClient({ region: 'eu-north-1' }),
});

const event = JSON.stringify({
  'detail-type': 'Invoice Issued',
  source: 'billing',
  detail: { invoiceId: 'inv-1' },
});

describe('stille redrive', () => {
  it('takes each dead letter back to the workflow or topic it failed to reach, then deletes it', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'm-1',
            ReceiptHandle: 'r-1',
            Body: event,
            MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: STATE_MACHINE } },
          },
          {
            MessageId: 'm-2',
            ReceiptHandle: 'r-2',
            Body: JSON.stringify({ Type: 'Notification', TopicArn: TOPIC, Message: '{"AlarmName":"x"}' }),
          },
          { MessageId: 'm-3', ReceiptHandle: 'r-3', Body: 'not json' },
        ],
      })
      .resolves({ Messages: [] });
    const io = captureIO();
    expect(await runCli(['redrive', QUEUE], io, { opsClients: clients })).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { stateMachineArn: STATE_MACHINE, input: event },
    ]);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      { TopicArn: TOPIC, Message: '{"AlarmName":"x"}' },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'r-1',
      'r-2',
    ]);
    expect(io.out()).toContain('Redrove 2 message(s); left 1 whose target is unknown.');
  });

  it('changes nothing with --dry-run', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'm-1',
          ReceiptHandle: 'r-1',
          Body: event,
          MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: STATE_MACHINE } },
        },
      ],
    });
    const io = captureIO();
    expect(await runCli(['redrive', QUEUE, '--dry-run'], io, { opsClients: clients })).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(io.out()).toContain(`Would redrive 1 message(s)`);
  });

  it('refuses what is not a queue URL, and a pause without a reason', async () => {
    const io = captureIO();
    expect(await runCli(['redrive', 'my-queue'], io, { opsClients: clients })).toBe(2);
    expect(io.err()).toContain('redrive needs the URL of a dead-letter queue');
    const pause = captureIO();
    expect(await runCli(['pause-sends', '--table', 'Stille-Controls'], pause, { opsClients: clients })).toBe(
      2,
    );
    expect(pause.err()).toContain('pause-sends needs a reason');
  });
});
