import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../local/clock.ts';
import { type LocalFunction, LocalLambda } from '../../../local/lambda/local-lambda.ts';
import { LocalStepFunctions } from '../../../local/stepfunctions/local-step-functions.ts';
import { UnsupportedDefinitionError } from '../../../local/stepfunctions/prepare.ts';

const ARN = (name: string) => `arn:aws:lambda:eu-north-1:000000000000:function:${name}`;

function fn(name: string, handler: (event: unknown) => Promise<unknown>): LocalFunction {
  return {
    logicalId: name,
    entry: `${name}.ts`,
    functionName: name,
    arn: ARN(name),
    timeoutSeconds: 30,
    memorySizeMb: 256,
    handler,
  };
}

function invoke(state: string, fnName: string, extra: Record<string, unknown> = {}) {
  return {
    [state]: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: ARN(fnName), 'Payload.$': '$' },
      OutputPath: '$.Payload',
      ...extra,
    },
  };
}

function setup(start = '2027-01-01T00:00:00Z') {
  const clock = new SimulatedClock(start);
  const lambda = new LocalLambda();
  const s3 = new S3Client({ region: 'eu-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const sfn = new LocalStepFunctions({ lambda, clock, s3 });
  return { clock, lambda, sfn, s3 };
}

describe('LocalStepFunctions', () => {
  it('retries a throttled Lambda task and catches a function error by name', async () => {
    const { lambda, sfn } = setup();
    let attempts = 0;
    lambda.register(
      fn('Flaky', async (event) => {
        attempts++;
        if (attempts === 1) throw Object.assign(new Error('slow down'), { name: 'TransientError' });
        if ((event as { bad?: boolean }).bad)
          throw Object.assign(new Error('bad input'), { name: 'InvalidEventError' });
        return { ok: true };
      }),
    );
    sfn.register({
      logicalId: 'M',
      name: 'M',
      arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:M',
      type: 'STANDARD',
      definition: {
        StartAt: 'Work',
        States: {
          ...invoke('Work', 'Flaky', {
            Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 }],
            Catch: [{ ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'Rejected' }],
            Next: 'Done',
          }),
          Rejected: { Type: 'Pass', End: true },
          Done: { Type: 'Succeed' },
        },
      },
    });
    const record = await sfn.start('M', { bad: true }).done;
    expect(record.status).toBe('SUCCEEDED');
    expect(record.states.map((s) => s.name)).toEqual(['Work', 'Rejected']);
    expect(record.retries).toEqual({ Work: 1 });
    const error = (record.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('InvalidEventError');
    expect(JSON.parse(error.Cause)).toMatchObject({
      errorType: 'InvalidEventError',
      errorMessage: 'bad input',
    });
    // Two state entries and one retry in a Standard workflow.
    expect(sfn.counters.standardTransitions).toBe(3);
    expect(lambda.counters.invocations).toBe(2);
  });

  it('wraps the handler result as the optimized lambda:invoke integration does', async () => {
    const { lambda, sfn } = setup();
    lambda.register(fn('Echo', async (event) => ({ echoed: event })));
    sfn.register({
      logicalId: 'E',
      name: 'E',
      arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:E',
      type: 'EXPRESS',
      definition: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: ARN('Echo'), 'Payload.$': '$' },
            ResultSelector: { 'status.$': '$.StatusCode', 'body.$': '$.Payload' },
            End: true,
          },
        },
      },
    });
    const record = await sfn.start('E', { a: 1 }).done;
    expect(record.output).toEqual({ status: 200, body: { echoed: { a: 1 } } });
    expect(sfn.counters.expressExecutions).toBe(1);
    expect(sfn.counters.standardTransitions).toBe(0);
  });

  it('fails the execution with the error name when nothing catches it', async () => {
    const { lambda, sfn } = setup();
    lambda.register(
      fn('Boom', async () => {
        throw new TypeError('kaput');
      }),
    );
    sfn.register({
      logicalId: 'B',
      name: 'B',
      arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:B',
      type: 'STANDARD',
      definition: { StartAt: 'Call', States: invoke('Call', 'Boom', { End: true }) },
    });
    const record = await sfn.start('B', {}).done;
    expect(record.status).toBe('FAILED');
    expect(record.error?.Error).toBe('TypeError');
    expect(sfn.counters.failed).toBe(1);
  });

  it('sleeps a Wait state on the simulated clock and wakes at the due instant', async () => {
    const { clock, lambda, sfn } = setup('2027-01-01T00:00:00Z');
    const seenAt: string[] = [];
    lambda.register(
      fn('Stamp', async () => {
        seenAt.push(clock.now().toISOString());
        return {};
      }),
    );
    sfn.register({
      logicalId: 'W',
      name: 'W',
      arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:W',
      type: 'STANDARD',
      definition: {
        StartAt: 'Hold',
        States: {
          Hold: { Type: 'Wait', TimestampPath: '$.due', Next: 'TwoDays' },
          TwoDays: { Type: 'Wait', Seconds: 172_800, Next: 'Call' },
          ...invoke('Call', 'Stamp', { End: true }),
        },
      },
    });
    const { done } = sfn.start('W', { due: '2027-01-03T08:00:00Z' });
    await clock.whenIdle();
    expect(clock.nextTimerAt()).toBe(Date.parse('2027-01-03T08:00:00Z'));
    clock.fireTimersUntil(clock.nextTimerAt() ?? 0);
    await clock.whenIdle();
    clock.fireTimersUntil(clock.nextTimerAt() ?? 0);
    const record = await done;
    expect(seenAt).toEqual(['2027-01-05T08:00:00.000Z']);
    expect(record.states.map((s) => `${s.name}:${s.type}`)).toEqual([
      'Hold:Wait',
      'TwoDays:Wait',
      'Call:Task',
    ]);
  });

  it('runs a Distributed Map over S3 JSON Lines in batches of Express children', async () => {
    const { lambda, sfn, s3 } = setup();
    const s3Mock = mockClient(s3);
    const lines = Array.from({ length: 1050 }, (_, i) => JSON.stringify({ n: i })).join('\n');
    // Only transformToString is read from the body; a full SDK stream is not needed here.
    const body = { transformToString: async () => lines } as never;
    s3Mock.on(GetObjectCommand, { Bucket: 'runs', Key: 'r.jsonl' }).resolves({ Body: body });
    const batchSizes: number[] = [];
    lambda.register(
      fn('Batch', async (event) => {
        const batch = event as {
          Items: Array<{ index: number; value: { n: number } }>;
          BatchInput: { runId: string };
        };
        batchSizes.push(batch.Items.length);
        expect(batch.BatchInput.runId).toBe('run-1');
        return { sum: batch.Items.reduce((total, item) => total + item.value.n, 0) };
      }),
    );
    sfn.register({
      logicalId: 'Run',
      name: 'Run',
      arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:Run',
      type: 'STANDARD',
      definition: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:getObject',
              ReaderConfig: { InputType: 'JSONL' },
              Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
            },
            ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' },
            ItemBatcher: { MaxItemsPerBatch: 500, BatchInput: { 'runId.$': '$.runId' } },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'Process',
              States: invoke('Process', 'Batch', { End: true }),
            },
            ResultPath: '$.batches',
            End: true,
          },
        },
      },
    });
    const record = await sfn.start('Run', { bucket: 'runs', key: 'r.jsonl', runId: 'run-1' }).done;
    expect(record.status).toBe('SUCCEEDED');
    expect(batchSizes.sort((a, b) => b - a)).toEqual([500, 500, 50]);
    const batches = (record.output as { batches: Array<{ sum: number }> }).batches;
    expect(batches.reduce((total, b) => total + b.sum, 0)).toBe((1049 * 1050) / 2);
    expect(record.states.map((s) => `${s.name}:${s.type}`)).toEqual(['Each:Map']);
    expect(sfn.counters.expressExecutions).toBe(3);
    expect(sfn.counters.standardTransitions).toBe(1);
  });

  it('refuses a task resource the runtime cannot run as AWS would', () => {
    const { sfn } = setup();
    expect(() =>
      sfn.register({
        logicalId: 'X',
        name: 'X',
        arn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:X',
        type: 'STANDARD',
        definition: {
          StartAt: 'Put',
          States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
        },
      }),
    ).toThrow(UnsupportedDefinitionError);
  });
});
