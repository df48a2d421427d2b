import { describe, expect, it } from 'vitest';
import {
  type AslState,
  definitionOf,
  LAMBDA_SERVICE_RETRY,
  logicalIdOf,
  PARTITION,
  stateNamed,
  synthStille,
  TRANSIENT_RETRY,
} from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

const sendMessageId = logicalIdOf(stack.stateMachines.SendMessage, stack);
const deferredSendId = logicalIdOf(stack.stateMachines.DeferredSend, stack);
const deliveryEventsId = logicalIdOf(stack.stateMachines.DeliveryEvents, stack);
const sendMessage = definitionOf(template, sendMessageId);
const deferredSend = definitionOf(template, deferredSendId);
const deliveryEvents = definitionOf(template, deliveryEventsId);
const busArn = `\${${logicalIdOf(stack.routing.eventBus, stack)}.Arn}`;

const fnArn = (fn: { function: { node: { defaultChild?: unknown } } }) =>
  `\${${logicalIdOf(fn.function, stack)}.Arn}`;

/** Whether a task is the optimized lambda:invoke integration calling `arn`. */
function expectLambdaInvoke(task: AslState, arn: string): void {
  expect(task.Type).toBe('Task');
  expect(task.Resource).toBe(`arn:${PARTITION}:states:::lambda:invoke`);
  expect(task.Parameters?.FunctionName).toBe(arn);
}

/** The statements of the policies attached to a state machine's role. */
function roleStatements(stateMachineId: string): { Action: string | string[]; Resource: unknown }[] {
  const roleArn = resources[stateMachineId]?.Properties.RoleArn as { 'Fn::GetAtt': [string] };
  const roleId = roleArn['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      (r) =>
        (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
          .Statement,
    );
}

const DELIVERY_RETRY = {
  ErrorEquals: ['TransientError', 'Lambda.TooManyRequestsException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
};

describe('SendMessage', () => {
  const states = sendMessage.States;
  const state = (name: string) => stateNamed(states, name);

  it('has the send gate states, and the rejection path beside them', () => {
    expect(sendMessage.StartAt).toBe('IsEvent');
    expect(Object.keys(states).sort()).toEqual(
      [
        'IsEvent',
        'FromRequest',
        'Decide',
        'RouteDecision',
        'Deliver',
        'Sent',
        'RecordFailure',
        'Failed',
        'ScheduleRetry',
        'Deferred',
        'Suppressed',
        'RecordRejection',
        'Rejected',
      ].sort(),
    );
    for (const name of ['Sent', 'Failed', 'Deferred', 'Suppressed', 'Rejected']) {
      expect(state(name).Type, name).toBe('Succeed');
    }
    expect(sendMessage.TimeoutSeconds).toBe(300);
  });

  it('takes an EventBridge event as it is, and turns a direct { request } into the same shape', () => {
    expect(state('IsEvent')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.detail', IsPresent: true, Next: 'Decide' }],
      Default: 'FromRequest',
    });
    expect(state('FromRequest')).toMatchObject({
      Type: 'Pass',
      Parameters: { 'detail-type': 'Message Requested', 'detail.$': '$.request' },
      Next: 'Decide',
    });
  });

  it('asks DecideMessage about the request and keeps its decision, as it is, at $.decision', () => {
    const decide = state('Decide');
    // The plain function ARN: the result is the handler's own, not wrapped in { Payload, ... }.
    expect(decide.Type).toBe('Task');
    expect(decide.Resource).toBe(fnArn(stack.functions.DecideMessage));
    expect(decide.InputPath).toBe('$.detail');
    expect(decide.ResultPath).toBe('$.decision');
    expect(decide.Next).toBe('RouteDecision');
    expect(decide.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
  });

  it('records an invalid request as rejected, with the error next to the event', () => {
    expect(state('Decide').Catch).toEqual([
      { ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'RecordRejection' },
    ]);
    const record = state('RecordRejection');
    expectLambdaInvoke(record, fnArn(stack.functions.RecordRejection));
    expect(record.Parameters?.['Payload.$']).toBe('$');
    expect(record.Next).toBe('Rejected');
  });

  it('routes on the decision: send to Deliver, defer to ScheduleRetry, suppress to Suppressed', () => {
    const route = state('RouteDecision');
    expect(route.Type).toBe('Choice');
    expect(route.Choices).toEqual([
      { Variable: '$.decision.action', StringEquals: 'send', Next: 'Deliver' },
      { Variable: '$.decision.action', StringEquals: 'defer', Next: 'ScheduleRetry' },
      { Variable: '$.decision.action', StringEquals: 'suppress', Next: 'Suppressed' },
    ]);
    // An unknown action fails the execution (States.NoChoiceMatched) rather than being dropped.
    expect(route.Default).toBeUndefined();
  });

  it('delivers with DeliverMessage, retrying provider throttling with capped, jittered backoff', () => {
    const deliver = state('Deliver');
    expectLambdaInvoke(deliver, fnArn(stack.functions.DeliverMessage));
    // The execution's id is the claimant of the ledger claim (docs/idempotency.md).
    expect(deliver.Parameters?.Payload).toEqual({
      'request.$': '$.detail',
      'decision.$': '$.decision',
      'execution.$': '$$.Execution.Id',
    });
    expect(deliver.OutputPath).toBe('$.Payload');
    expect(deliver.Retry).toEqual([LAMBDA_SERVICE_RETRY, DELIVERY_RETRY]);
    expect(deliver.Next).toBe('Sent');
  });

  it('records a message that still cannot be delivered as failed, under the claimant that delivered it', () => {
    expect(state('Deliver').Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
    ]);
    const record = state('RecordFailure');
    expectLambdaInvoke(record, fnArn(stack.functions.RecordDeliveryFailure));
    expect(record.Parameters?.Payload).toEqual({
      'request.$': '$.detail',
      'decision.$': '$.decision',
      'error.$': '$.error',
      'execution.$': '$$.Execution.Id',
    });
    expect(record.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    expect(record.Next).toBe('Failed');
  });

  it('defers by starting DeferredSend with { request, sendAt }, without waiting for it', () => {
    const schedule = state('ScheduleRetry');
    expect(schedule.Type).toBe('Task');
    // Fire and forget: not .sync, not .waitForTaskToken.
    expect(schedule.Resource).toBe(`arn:${PARTITION}:states:::states:startExecution`);
    expect(schedule.Parameters).toEqual({
      StateMachineArn: `\${${deferredSendId}}`,
      Input: { 'request.$': '$.detail', 'sendAt.$': '$.decision.sendAt' },
    });
    expect(schedule.ResultPath).toBeNull();
    expect(schedule.Retry).toEqual([
      {
        ErrorEquals: ['States.TaskFailed'],
        IntervalSeconds: 1,
        MaxAttempts: 3,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
    ]);
    // A deferral that cannot be scheduled is recorded as a failed message, not lost.
    expect(schedule.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
    ]);
    expect(schedule.Next).toBe('Deferred');
  });

  it('may invoke its four functions and start DeferredSend, and nothing else', () => {
    const statements = roleStatements(sendMessageId);
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    expect(actions.has('states:StartExecution')).toBe(true);
    const starts = statements.filter((s) => [s.Action].flat().includes('states:StartExecution'));
    expect(starts.map((s) => s.Resource)).toEqual([{ Ref: deferredSendId }]);
    const invokes = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    const invoked = new Set(
      [
        ...JSON.stringify(invokes.map((s) => s.Resource)).matchAll(
          /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g,
        ),
      ].map((match) => match[1]),
    );
    expect(invoked).toEqual(
      new Set(
        [
          stack.functions.DecideMessage,
          stack.functions.DeliverMessage,
          stack.functions.RecordDeliveryFailure,
          stack.functions.RecordRejection,
        ].map((fn) => logicalIdOf(fn.function, stack)),
      ),
    );
    expect(
      [...actions].filter((a) => !/^(lambda:InvokeFunction|states:StartExecution|xray:|logs:)/.test(a)),
    ).toEqual([]);
  });
});

describe('DeferredSend', () => {
  const states = deferredSend.States;
  const state = (name: string) => stateNamed(states, name);

  it('waits and requests the message again: two states (two billed transitions), nothing else', () => {
    expect(deferredSend.StartAt).toBe('WaitForQuietHoursEnd');
    expect(Object.keys(states)).toEqual(['WaitForQuietHoursEnd', 'RequestAgain']);
    expect(state('WaitForQuietHoursEnd')).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.sendAt',
      Next: 'RequestAgain',
    });
    expect(deferredSend.TimeoutSeconds).toBe(7 * 24 * 3600);
  });

  it('puts the request back on the stille bus as a Message Requested event', () => {
    const again = state('RequestAgain');
    expect(again.Resource).toBe(`arn:${PARTITION}:states:::events:putEvents`);
    expect(again.Parameters).toEqual({
      Entries: [
        {
          'Detail.$': '$.request',
          DetailType: 'Message Requested',
          EventBusName: busArn,
          Source: 'stille.send-gate',
        },
      ],
    });
    expect(again.ResultPath).toBeNull();
    expect(again.Retry).toEqual([
      {
        ErrorEquals: ['States.TaskFailed'],
        IntervalSeconds: 1,
        MaxAttempts: 5,
        BackoffRate: 2,
        JitterStrategy: 'FULL',
      },
    ]);
    expect(again.End).toBe(true);
  });

  it('may put events on the stille bus, and neither start nor invoke anything', () => {
    const statements = roleStatements(deferredSendId);
    const puts = statements.filter((s) => [s.Action].flat().includes('events:PutEvents'));
    expect(puts.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(stack.routing.eventBus, stack), 'Arn'] },
    ]);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /^(states|lambda):/.test(a))).toEqual([]);
  });

  it('does not refer to SendMessage, so the two state machines do not depend on each other', () => {
    expect(JSON.stringify(resources[deferredSendId])).not.toContain(sendMessageId);
  });
});

describe('DeliveryEvents', () => {
  const states = deliveryEvents.States;
  const state = (name: string) => stateNamed(states, name);

  it('records each delivery event with RecordDeliveryEvent, retrying transient errors', () => {
    expect(deliveryEvents.StartAt).toBe('RecordDeliveryEvent');
    expect(Object.keys(states)).toEqual(['RecordDeliveryEvent', 'Recorded']);
    const record = state('RecordDeliveryEvent');
    expectLambdaInvoke(record, fnArn(stack.functions.RecordDeliveryEvent));
    expect(record.Parameters?.['Payload.$']).toBe('$');
    expect(record.OutputPath).toBe('$.Payload');
    expect(record.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    // RecordDeliveryEvent ignores what it does not act on; there is no rejection path to catch into.
    expect(record.Catch).toBeUndefined();
    expect(record.Next).toBe('Recorded');
    expect(state('Recorded').Type).toBe('Succeed');
    expect(deliveryEvents.TimeoutSeconds).toBe(300);
  });

  it('may invoke RecordDeliveryEvent and nothing else', () => {
    const actions = roleStatements(deliveryEventsId).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !/^(lambda:InvokeFunction|xray:|logs:)/.test(a))).toEqual([]);
    const invoked = JSON.stringify(
      roleStatements(deliveryEventsId)
        .filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))
        .map((s) => s.Resource),
    );
    expect(invoked).toContain(logicalIdOf(stack.functions.RecordDeliveryEvent.function, stack));
    expect(invoked).not.toContain(logicalIdOf(stack.functions.RecordRejection.function, stack));
  });
});

describe('the send gate workflows', () => {
  it.each([
    ['SendMessage', sendMessageId],
    ['DeferredSend', deferredSendId],
    ['DeliveryEvents', deliveryEventsId],
  ])('trace %s and log its errors without execution data to its own vended-logs group', (name, id) => {
    expect(resources[id]?.Properties).toMatchObject({
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/vendedlogs/states/Stille-${name}`,
      RetentionInDays: 30,
    });
  });

  it('keep the only Wait in the Standard machine (Express executions last at most 5 minutes)', () => {
    for (const definition of [sendMessage, deliveryEvents]) {
      expect(Object.values(definition.States).filter((s) => s.Type === 'Wait')).toEqual([]);
    }
    expect(resources[deferredSendId]?.Properties.StateMachineType).toBe('STANDARD');
  });
});
