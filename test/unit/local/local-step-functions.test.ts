import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '#local/clock.ts';
import { type EventEnvelope, LocalEventBus } from '#local/eventbridge/local-event-bus.ts';
import { compileEventPattern } from '#local/eventbridge/pattern.ts';
import { type LocalFunction, LocalLambda } from '#local/lambda/local-lambda.ts';
import {
  type ExecutionRecord,
  type LocalStateMachine,
  LocalStepFunctions,
} from '#local/stepfunctions/local-step-functions.ts';
import { UnsupportedDefinitionError } from '#local/stepfunctions/prepare.ts';

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
  // The stille bus: every event is kept; `Stille Alert`s start the Alerts machine.
  const seen: EventEnvelope[] = [];
  let sfnRef: LocalStepFunctions | undefined;
  const bus = new LocalEventBus<void>({
    rules: [
      {
        logicalId: 'AlertsRule',
        eventBusName: 'stille',
        matches: compileEventPattern({ 'detail-type': ['Stille Alert'] }),
        targets: [{ id: 'T', arn: ARN_SM('Alerts') }],
      },
    ],
    defaultBus: 'stille',
    buses: ['stille'],
    account: '000000000000',
    region: 'eu-north-1',
    deliver: (target, input, _rule, event) => {
      seen.push(event);
      if (target.arn.endsWith(':Alerts') && sfnRef?.stateMachines().some((m) => m.name === 'Alerts')) {
        sfnRef.start(target.arn, input, { correlationId: event.id });
      }
    },
  });
  const sfn = new LocalStepFunctions({
    lambda,
    clock,
    s3,
    putEvents: (entries, extraResources) => bus.putEvents(entries, clock.now(), { extraResources }).response,
  });
  sfnRef = sfn;
  return { clock, lambda, sfn, s3, bus, seen };
}

const ARN_SM = (name: string) => `arn:aws:states:eu-north-1:000000000000:stateMachine:${name}`;

function machine(
  name: string,
  definition: LocalStateMachine['definition'],
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
) {
  return { logicalId: name, name, arn: ARN_SM(name), type, definition } satisfies LocalStateMachine;
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

  it('lets Distributed Map children sleep on the simulated clock, so a paced map moves time batch by batch', async () => {
    const { clock, lambda, sfn, s3 } = setup('2027-01-01T00:00:00Z');
    const s3Mock = mockClient(s3);
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ n: i })).join('\n');
    // Only transformToString is read from the body; a full SDK stream is not needed here.
    s3Mock.on(GetObjectCommand).resolves({ Body: { transformToString: async () => lines } as never });
    const sentAt: Array<[number, string]> = [];
    lambda.register(
      fn('Send', async (event) => {
        const batch = event as { Items: Array<{ n: number }> };
        for (const item of batch.Items) sentAt.push([item.n, clock.now().toISOString()]);
        return {};
      }),
    );
    sfn.register(
      machine('Paced', {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:getObject',
              ReaderConfig: { InputType: 'JSONL' },
              Parameters: { Bucket: 'runs', Key: 'r.jsonl' },
            },
            ItemBatcher: { MaxItemsPerBatch: 1, BatchInput: { 'pause.$': '$.pause' } },
            MaxConcurrency: 2,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'Process',
              States: {
                ...invoke('Process', 'Send', { ResultPath: null, OutputPath: '$', Next: 'Pause' }),
                Pause: { Type: 'Wait', SecondsPath: '$.BatchInput.pause', End: true },
              },
            },
            ResultPath: null,
            Next: 'After',
          },
          ...invoke('After', 'Send', {
            Parameters: { FunctionName: ARN('Send'), Payload: { Items: [{ n: 99 }] } },
            End: true,
          }),
        },
      }),
    );
    const { done } = sfn.start('Paced', { pause: 10 });
    // Drive the clock as the runtime does: whenever nothing runs, wake the next sleeper.
    let settled = false;
    void done.then(() => {
      settled = true;
    });
    while (!settled) {
      await clock.whenIdle();
      const next = clock.nextTimerAt();
      if (next === undefined) break;
      clock.fireTimersUntil(next);
    }
    const record = await done;
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('SUCCEEDED');
    // Two at a time, each child ten seconds long: three rounds, then the state after the map.
    expect(sentAt.sort(([a], [b]) => a - b).map(([, at]) => at.slice(11, 19))).toEqual([
      '00:00:00',
      '00:00:00',
      '00:00:10',
      '00:00:10',
      '00:00:20',
      '00:00:20',
      '00:00:30',
    ]);
    expect(clock.runningCount()).toBe(0);
  });

  it('starts another state machine with states:startExecution and answers as the integration does', async () => {
    const { clock, lambda, sfn } = setup('2027-01-05T08:00:00Z');
    const seen: unknown[] = [];
    lambda.register(
      fn('Child', async (event) => {
        seen.push(event);
        return {};
      }),
    );
    const finished: ExecutionRecord[] = [];
    sfn.onExecutionFinished((record) => finished.push(record));
    sfn.registerAll([
      machine('Child', {
        StartAt: 'Hold',
        States: {
          Hold: { Type: 'Wait', Seconds: 3600, Next: 'Work' },
          ...invoke('Work', 'Child', { End: true }),
        },
      }),
      machine(
        'Parent',
        {
          StartAt: 'StartChild',
          States: {
            StartChild: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution',
              Parameters: {
                StateMachineArn: ARN_SM('Child'),
                'Input.$': '$.order',
                'Name.$': '$.order.id',
              },
              ResultPath: '$.started',
              End: true,
            },
          },
        },
        'EXPRESS',
      ),
    ]);
    const parent = await sfn.start(
      'Parent',
      { order: { id: 'order-1', amount: 3 } },
      { correlationId: 'evt-1' },
    ).done;
    expect(parent.status).toBe('SUCCEEDED');
    const started = (parent.output as { started: { ExecutionArn: string; StartDate: number } }).started;
    expect(started).toEqual({
      ExecutionArn: 'arn:aws:states:eu-north-1:000000000000:execution:Child:order-1',
      StartDate: Date.parse('2027-01-05T08:00:00Z'),
    });
    // The child is tracked work: it sleeps on the simulated clock and runs when the clock gets there.
    await clock.whenIdle();
    expect(clock.nextTimerAt()).toBe(Date.parse('2027-01-05T09:00:00Z'));
    clock.fireTimersUntil(clock.nextTimerAt() ?? 0);
    await clock.whenIdle();
    expect(seen).toEqual([{ id: 'order-1', amount: 3 }]);
    const child = sfn.executions().find((r) => r.stateMachine === 'Child');
    expect(child).toMatchObject({
      status: 'SUCCEEDED',
      parentExecutionArn: parent.executionArn,
      correlationId: 'evt-1',
    });
    expect(finished.map((r) => r.stateMachine)).toEqual(['Parent', 'Child']);
    expect(sfn.counters).toMatchObject({ started: 2, succeeded: 2, expressExecutions: 1 });
  });

  it('fails a startExecution task with the integration error names, so Catch can take them', async () => {
    const { sfn } = setup();
    const start = (stateMachineArn: string, name: string, n = 1) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: { StateMachineArn: stateMachineArn, Input: { n }, Name: name },
      ResultPath: null,
    });
    sfn.registerAll([
      machine('Target', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      machine('Starter', {
        StartAt: 'First',
        States: {
          First: { ...start(ARN_SM('Target'), 'once'), Next: 'Again' },
          Again: {
            ...start(ARN_SM('Target'), 'once', 2),
            Catch: [
              {
                ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'],
                ResultPath: '$.dup',
                Next: 'Missing',
              },
            ],
            Next: 'Missing',
          },
          Missing: {
            ...start(ARN_SM('Nowhere'), 'x'),
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.missing', Next: 'Done' }],
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    ]);
    const record = await sfn.start('Starter', {}).done;
    expect(record.status).toBe('SUCCEEDED');
    const output = record.output as { dup: { Error: string }; missing: { Error: string } };
    // An execution named "once" exists with another input: the name cannot be used again.
    expect(output.dup.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
    expect(output.missing.Error).toBe('StepFunctions.StateMachineDoesNotExistException');
    expect(sfn.counters.started).toBe(2);
  });

  it('gives the running execution back when a named Standard execution is started again with the same input', async () => {
    const { clock, sfn } = setup();
    sfn.register(
      machine('Sleeper', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 60, End: true } } }),
    );
    const first = sfn.start('Sleeper', { a: 1 }, { name: 'dedupe-key' });
    const again = sfn.start('Sleeper', { a: 1 }, { name: 'dedupe-key' });
    expect(again.executionArn).toBe(first.executionArn);
    expect(() => sfn.start('Sleeper', { a: 2 }, { name: 'dedupe-key' })).toThrow(/Already Exists/);
    expect(() => sfn.start('Sleeper', {}, { name: 'bad name' })).toThrow(/Invalid Name/);
    await clock.whenIdle();
    clock.fireTimersUntil(clock.nextTimerAt() ?? 0);
    expect((await again.done).status).toBe('SUCCEEDED');
    expect(sfn.counters.started).toBe(1);
  });

  it('puts events with events:putEvents, adding the execution and state machine to Resources', async () => {
    const { sfn, bus, seen } = setup('2027-01-05T08:00:00Z');
    sfn.registerAll([
      machine('Alerts', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }, 'EXPRESS'),
      machine('Announcer', {
        StartAt: 'Announce',
        States: {
          Announce: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: {
              Entries: [
                {
                  EventBusName: 'stille',
                  Source: 'stille.workflows',
                  DetailType: 'Stille Alert',
                  Detail: { kind: 'late-price-notice', 'at.$': '$.at', 'priceChangeId.$': '$.id' },
                },
              ],
            },
            End: true,
          },
        },
      }),
    ]);
    const record = await sfn.start('Announcer', { at: '2027-01-05T08:00:00Z', id: 'pc-1' }).done;
    expect(record.status).toBe('SUCCEEDED');
    const output = record.output as { Entries: Array<{ EventId: string }>; FailedEntryCount: number };
    expect(output.FailedEntryCount).toBe(0);
    expect(output.Entries[0]?.EventId).toBe(seen[0]?.id);
    expect(seen[0]).toMatchObject({
      source: 'stille.workflows',
      'detail-type': 'Stille Alert',
      resources: [record.executionArn, ARN_SM('Announcer')],
      detail: { kind: 'late-price-notice', priceChangeId: 'pc-1' },
    });
    expect(bus.log.alerts()).toEqual([
      { kind: 'late-price-notice', at: '2027-01-05T08:00:00Z', priceChangeId: 'pc-1' },
    ]);
    // The rule on the stille bus started the Alerts machine.
    expect(sfn.executions().map((r) => r.stateMachine)).toEqual(['Announcer', 'Alerts']);
  });

  it('fails an events:putEvents task with EventBridge.FailedEntry when an entry fails', async () => {
    const { sfn } = setup();
    sfn.register(
      machine('Bad', {
        StartAt: 'Announce',
        States: {
          Announce: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: {
              Entries: [{ EventBusName: 'no-such-bus', Source: 's', DetailType: 'd', Detail: {} }],
            },
            End: true,
          },
        },
      }),
    );
    const record = await sfn.start('Bad', {}).done;
    expect(record.status).toBe('FAILED');
    expect(record.error?.Error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(record.error?.Cause ?? '{}')).toMatchObject({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ResourceNotFoundException' }],
    });
  });

  it('refuses the .sync and .waitForTaskToken patterns it cannot run on the simulated clock', () => {
    const { sfn } = setup();
    for (const resource of [
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:::states:startExecution.sync',
      'arn:aws:states:::states:startExecution.waitForTaskToken',
      'arn:aws:states:::events:putEvents.waitForTaskToken',
    ]) {
      expect(() =>
        sfn.register(
          machine('W', { StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } }),
        ),
      ).toThrow(/integration pattern is not supported locally/);
    }
  });

  it('names the state machine whose definition the engine finds invalid', () => {
    const { sfn } = setup();
    expect(() =>
      sfn.registerAll([
        machine('Fine', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
        machine('Broken', { StartAt: 'Nowhere', States: { Done: { Type: 'Succeed' } } }),
      ]),
    ).toThrow(/State machine Broken/);
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
