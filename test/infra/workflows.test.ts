import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type AslState, definitionOf, logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

const eventIngestionId = logicalIdOf(stack.stateMachines.EventIngestion, stack);
const invoiceRunId = logicalIdOf(stack.stateMachines.InvoiceRun, stack);
const invoiceIssuedId = logicalIdOf(stack.stateMachines.InvoiceIssued, stack);
const ingestion = definitionOf(template, eventIngestionId);
const invoiceIssued = definitionOf(template, invoiceIssuedId);
const invoiceRun = definitionOf(template, invoiceRunId);
const priceChangeId = logicalIdOf(stack.stateMachines.PriceChange, stack);
const priceChange = definitionOf(template, priceChangeId);

const fnArn = (fn: { function: { node: { defaultChild?: unknown } } }) =>
  `\${${logicalIdOf(fn.function, stack)}.Arn}`;
/** The partition, as `definitionOf` renders the `AWS::Partition` reference. */
const PARTITION = `\${AWS::Partition}`;

const LAMBDA_SERVICE_RETRY = {
  ErrorEquals: [
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};
const TRANSIENT_RETRY = {
  ErrorEquals: ['TransientError', 'Lambda.TooManyRequestsException'],
  IntervalSeconds: 1,
  MaxAttempts: 5,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

function state(states: Record<string, AslState>, name: string): AslState {
  const found = states[name];
  if (!found) throw new Error(`no state ${name} among ${Object.keys(states).join(', ')}`);
  return found;
}

/** Whether a task is the optimized lambda:invoke integration calling `arn`. */
function expectLambdaInvoke(task: AslState, arn: string): void {
  expect(task.Type).toBe('Task');
  expect(task.Resource).toBe(`arn:${PARTITION}:states:::lambda:invoke`);
  expect(task.Parameters?.FunctionName).toBe(arn);
}

const sendMessageId = logicalIdOf(stack.stateMachines.SendMessage, stack);
const deferredSendId = logicalIdOf(stack.stateMachines.DeferredSend, stack);
const deliveryEventsId = logicalIdOf(stack.stateMachines.DeliveryEvents, stack);
const supportTicketId = logicalIdOf(stack.stateMachines.SupportTicket, stack);
const surveyId = logicalIdOf(stack.stateMachines.Survey, stack);

describe('the state machines', () => {
  it('are eleven, all JSONPath: five Express, six Standard', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 11);
    const types = {
      EventIngestion: [eventIngestionId, 'EXPRESS'],
      InvoiceIssued: [invoiceIssuedId, 'EXPRESS'],
      InvoiceRun: [invoiceRunId, 'STANDARD'],
      SendMessage: [sendMessageId, 'EXPRESS'],
      DeferredSend: [deferredSendId, 'STANDARD'],
      DeliveryEvents: [deliveryEventsId, 'EXPRESS'],
      PriceChange: [priceChangeId, 'STANDARD'],
      SupportTicket: [supportTicketId, 'STANDARD'],
      Survey: [surveyId, 'STANDARD'],
      CampaignSchedule: [logicalIdOf(stack.stateMachines.CampaignSchedule, stack), 'EXPRESS'],
      CampaignRun: [logicalIdOf(stack.stateMachines.CampaignRun, stack), 'STANDARD'],
    } as const;
    for (const [name, [id, type]] of Object.entries(types)) {
      expect(resources[id]?.Properties.StateMachineType, name).toBe(type);
      expect(definitionOf(template, id).QueryLanguage, name).toBe('JSONPath');
    }
  });

  it.each([
    ['EventIngestion', eventIngestionId],
    ['InvoiceIssued', invoiceIssuedId],
    ['InvoiceRun', invoiceRunId],
    ['SendMessage', sendMessageId],
    ['DeferredSend', deferredSendId],
    ['DeliveryEvents', deliveryEventsId],
    ['PriceChange', priceChangeId],
    ['SupportTicket', supportTicketId],
    ['Survey', surveyId],
  ])(
    'traces %s with X-Ray and logs its errors, without execution data, to a vended-logs group',
    (name, id) => {
      const properties = resources[id]?.Properties as {
        TracingConfiguration: unknown;
        LoggingConfiguration: { Level: string; IncludeExecutionData: boolean; Destinations: unknown[] };
      };
      expect(properties.TracingConfiguration).toEqual({ Enabled: true });
      expect(properties.LoggingConfiguration.Level).toBe('ERROR');
      expect(properties.LoggingConfiguration.IncludeExecutionData).toBe(false);
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/vendedlogs/states/Stille-${name}`,
        RetentionInDays: 30,
      });
    },
  );
});

describe('EventIngestion', () => {
  const states = ingestion.States;

  it('has exactly the states ValidateAndStore, Stored, RecordRejection and Rejected', () => {
    expect(ingestion.StartAt).toBe('ValidateAndStore');
    expect(Object.keys(states).sort()).toEqual(['RecordRejection', 'Rejected', 'Stored', 'ValidateAndStore']);
    expect(state(states, 'Stored').Type).toBe('Succeed');
    expect(state(states, 'Rejected').Type).toBe('Succeed');
    expect(ingestion.TimeoutSeconds).toBe(300);
  });

  it('sends the whole input to IngestEvent and keeps { detailType, key } of its result at $.stored', () => {
    const task = state(states, 'ValidateAndStore');
    expectLambdaInvoke(task, fnArn(stack.functions.IngestEvent));
    expect(task.Parameters?.['Payload.$']).toBe('$');
    expect(task.ResultSelector).toEqual({ 'detailType.$': '$.Payload.detailType', 'key.$': '$.Payload.key' });
    expect(task.ResultPath).toBe('$.stored');
    expect(task.Next).toBe('Stored');
  });

  it('retries Lambda service errors, then transient errors and throttling with full jitter', () => {
    expect(state(states, 'ValidateAndStore').Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
  });

  it('catches InvalidEventError into $.error and records the rejection', () => {
    expect(state(states, 'ValidateAndStore').Catch).toEqual([
      { ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'RecordRejection' },
    ]);
    const record = state(states, 'RecordRejection');
    expectLambdaInvoke(record, fnArn(stack.functions.RecordRejection));
    expect(record.Parameters?.['Payload.$']).toBe('$');
    expect(record.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    expect(record.Next).toBe('Rejected');
  });
});

describe('InvoiceIssued', () => {
  const states = invoiceIssued.States;

  it('validates and stores, explains, then tells a surprising invoice from a usual one', () => {
    expect(invoiceIssued.StartAt).toBe('ValidateAndStore');
    expect(Object.keys(states).sort()).toEqual([
      'AsUsual',
      'ExplainInvoice',
      'Explained',
      'IsSurprising',
      'RecordRejection',
      'Rejected',
      'ValidateAndStore',
    ]);
    expect(state(states, 'ValidateAndStore').Next).toBe('ExplainInvoice');
    expect(state(states, 'ExplainInvoice').Next).toBe('IsSurprising');
    expect(state(states, 'Explained').Type).toBe('Succeed');
    expect(state(states, 'AsUsual').Type).toBe('Succeed');
    expect(invoiceIssued.TimeoutSeconds).toBe(300);
  });

  it('stores with IngestEvent and rejects an invalid invoice as EventIngestion does', () => {
    const store = state(states, 'ValidateAndStore');
    expectLambdaInvoke(store, fnArn(stack.functions.IngestEvent));
    expect(store.ResultPath).toBe('$.stored');
    expect(store.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    expect(store.Catch).toEqual([
      { ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'RecordRejection' },
    ]);
    expectLambdaInvoke(state(states, 'RecordRejection'), fnArn(stack.functions.RecordRejection));
    expect(state(states, 'RecordRejection').Next).toBe('Rejected');
  });

  it('explains with ExplainInvoice, keeping its outcome at $.explanation, retrying transient errors', () => {
    const explain = state(states, 'ExplainInvoice');
    expectLambdaInvoke(explain, fnArn(stack.functions.ExplainInvoice));
    expect(explain.Parameters?.['Payload.$']).toBe('$');
    expect(explain.ResultSelector).toEqual({
      'invoiceId.$': '$.Payload.invoiceId',
      'explained.$': '$.Payload.explained',
      'reasons.$': '$.Payload.reasons',
      'duplicate.$': '$.Payload.duplicate',
      'pastDue.$': '$.Payload.pastDue',
    });
    expect(explain.ResultPath).toBe('$.explanation');
    expect(explain.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    // An invalid invoice here is a bug, not an event to reject: it fails the execution.
    expect(explain.Catch).toBeUndefined();
  });

  it('goes to Explained only when an explanation was requested', () => {
    const choice = state(states, 'IsSurprising');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      { Variable: '$.explanation.explained', BooleanEquals: true, Next: 'Explained' },
    ]);
    expect(choice.Default).toBe('AsUsual');
  });
});

describe('InvoiceRun', () => {
  const states = invoiceRun.States;
  const map = state(states, 'ProcessInvoices');

  it('runs PrepareRun, ProcessInvoices, RunProcessed, with the rejection path beside them', () => {
    expect(invoiceRun.StartAt).toBe('PrepareRun');
    expect(Object.keys(states).sort()).toEqual([
      'PrepareRun',
      'ProcessInvoices',
      'RecordRejection',
      'Rejected',
      'RunProcessed',
    ]);
    expect(state(states, 'PrepareRun').Next).toBe('ProcessInvoices');
    expect(map.Next).toBe('RunProcessed');
    expect(state(states, 'RunProcessed').Type).toBe('Succeed');
  });

  it('prepares the run with PrepareInvoiceRun, keeps its payload, and rejects an invalid run event', () => {
    const prepare = state(states, 'PrepareRun');
    expectLambdaInvoke(prepare, fnArn(stack.functions.PrepareInvoiceRun));
    expect(prepare.Parameters?.['Payload.$']).toBe('$');
    expect(prepare.OutputPath).toBe('$.Payload');
    expect(prepare.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    expect(prepare.Catch).toEqual([
      { ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'RecordRejection' },
    ]);
    expectLambdaInvoke(state(states, 'RecordRejection'), fnArn(stack.functions.RecordRejection));
    expect(state(states, 'RecordRejection').Next).toBe('Rejected');
  });

  it('reads the run file as JSON Lines from the bucket and key PrepareRun returned', () => {
    expect(map.Type).toBe('Map');
    expect(map.ItemReader).toEqual({
      Resource: `arn:${PARTITION}:states:::s3:getObject`,
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
    });
    expect(map.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'invoice.$': '$$.Map.Item.Value' });
  });

  it('processes 500 invoices a batch in Express children, 50 at once, tolerating no failure', () => {
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(map.ItemBatcher).toEqual({
      MaxItemsPerBatch: 500,
      BatchInput: {
        'runId.$': '$.runId',
        'eventId.$': '$.eventId',
        'location.$': '$.location',
      },
    });
    expect(map.MaxConcurrency).toBe(50);
    // Absent means 0 in ASL: a batch failing after its retries fails the run.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(map.ToleratedFailureCount ?? 0).toBe(0);
  });

  it('handles each batch with ProcessInvoiceBatch, retrying transient errors', () => {
    const processor = map.ItemProcessor;
    expect(processor?.StartAt).toBe('ProcessBatch');
    expect(Object.keys(processor?.States ?? {})).toEqual(['ProcessBatch']);
    const batch = state(processor?.States ?? {}, 'ProcessBatch');
    expectLambdaInvoke(batch, fnArn(stack.functions.ProcessInvoiceBatch));
    expect(batch.Parameters?.['Payload.$']).toBe('$');
    expect(batch.OutputPath).toBe('$.Payload');
    expect(batch.End).toBe(true);
    expect(batch.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
  });

  it('keeps only the number of batches in its output', () => {
    expect(map.ResultSelector).toEqual({ 'count.$': 'States.ArrayLength($)' });
    expect(map.ResultPath).toBe('$.batches');
  });

  it('may read objects of the runs bucket and start, describe and stop its own child executions', () => {
    const roleArn = resources[invoiceRunId]?.Properties.RoleArn as { 'Fn::GetAtt': [string] } | undefined;
    const roleId = roleArn?.['Fn::GetAtt'][0];
    expect(roleId).toBeDefined();
    const runsBucketId = logicalIdOf(stack.runs.bucket, stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [runsBucketId, 'Arn'] }, '/*']] },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: invoiceRunId } },
          Match.objectLike({ Action: ['states:DescribeExecution', 'states:StopExecution'] }),
        ]),
      },
    });
  });
});

describe('PriceChange', () => {
  const states = priceChange.States;
  const map = state(states, 'NotifyCustomers');

  it('stores the announcement, lists the recipients, fans out, reports, with the rejection path beside them', () => {
    expect(priceChange.StartAt).toBe('ValidateAndStore');
    expect(Object.keys(states).sort()).toEqual([
      'AnyoneAffected',
      'NoOneAffected',
      'Notified',
      'NotifyCustomers',
      'PrepareNotices',
      'RecordRejection',
      'Rejected',
      'ReportNotices',
      'ValidateAndStore',
    ]);
    expect(state(states, 'ValidateAndStore').Next).toBe('PrepareNotices');
    expect(state(states, 'ValidateAndStore').Catch).toEqual([
      { ErrorEquals: ['InvalidEventError'], ResultPath: '$.error', Next: 'RecordRejection' },
    ]);
    expect(state(states, 'PrepareNotices').Next).toBe('AnyoneAffected');
    expect(state(states, 'AnyoneAffected').Choices).toEqual([
      { Variable: '$.prepared.recipients', NumericGreaterThan: 0, Next: 'NotifyCustomers' },
    ]);
    expect(state(states, 'AnyoneAffected').Default).toBe('NoOneAffected');
    expect(map.Next).toBe('ReportNotices');
    expect(state(states, 'ReportNotices').Next).toBe('Notified');
  });

  it('lists the recipients with PreparePriceChangeNotices and keeps only what the map needs', () => {
    const prepare = state(states, 'PrepareNotices');
    expectLambdaInvoke(prepare, fnArn(stack.functions.PreparePriceChangeNotices));
    expect(prepare.ResultPath).toBe('$.prepared');
    expect(prepare.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
  });

  it('reads the recipients as JSON Lines and notifies 100 a batch, 10 at once, in Express children, tolerating no failure', () => {
    expect(map.ItemReader).toEqual({
      Resource: `arn:${PARTITION}:states:::s3:getObject`,
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { 'Bucket.$': '$.prepared.bucket', 'Key.$': '$.prepared.key' },
    });
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(map.ItemBatcher).toEqual({
      MaxItemsPerBatch: 100,
      BatchInput: {
        'priceChangeId.$': '$.prepared.priceChangeId',
        'talliesPrefix.$': '$.prepared.talliesPrefix',
      },
    });
    expect(map.MaxConcurrency).toBe(10);
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    // The tallies go to S3: the state keeps only their number, whatever the number of customers.
    expect(map.ResultSelector).toEqual({ 'batches.$': 'States.ArrayLength($)' });
    expect(map.ResultPath).toBe('$.notified');
    const batch = state(map.ItemProcessor?.States ?? {}, 'NotifyBatch');
    expectLambdaInvoke(batch, fnArn(stack.functions.NotifyPriceChangeBatch));
    expect(batch.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
  });

  it('reports with ReportPriceChangeNotices, given the stored key, where the tallies are and how many', () => {
    const report = state(states, 'ReportNotices');
    expectLambdaInvoke(report, fnArn(stack.functions.ReportPriceChangeNotices));
    expect(report.Parameters?.Payload).toEqual({
      'stored.$': '$.stored',
      'prepared.$': '$.prepared',
      'notified.$': '$.notified',
    });
  });

  it('may read only the recipient lists of the runs bucket', () => {
    const roleArn = resources[priceChangeId]?.Properties.RoleArn as { 'Fn::GetAtt': [string] } | undefined;
    const runsBucketId = logicalIdOf(stack.runs.bucket, stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleArn?.['Fn::GetAtt'][0] }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [runsBucketId, 'Arn'] }, '/price-changes/*']] },
          },
        ]),
      },
    });
  });
});

describe('SupportTicket', () => {
  const definition = definitionOf(template, supportTicketId);
  const states = definition.States;

  it('waits for the due time, checks, and checks once more a day later: no other states', () => {
    expect(definition.StartAt).toBe('ValidateAndStore');
    expect(Object.keys(states).sort()).toEqual([
      'AnsweredInTime',
      'CheckFirstResponse',
      'CheckSecondResponse',
      'RecordRejection',
      'Rejected',
      'StillUnanswered',
      'ValidateAndStore',
      'WaitADay',
      'WaitForResponseDue',
    ]);
    expect(state(states, 'ValidateAndStore').Next).toBe('WaitForResponseDue');
    expect(state(states, 'WaitForResponseDue')).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.detail.responseDueAt',
      Next: 'CheckFirstResponse',
    });
    expect(state(states, 'WaitADay')).toMatchObject({
      Type: 'Wait',
      Seconds: 86_400,
      Next: 'CheckSecondResponse',
    });
    expect(state(states, 'CheckSecondResponse').End).toBe(true);
    expect(definition.TimeoutSeconds).toBe(90 * 86_400);
  });

  it.each([
    ['CheckFirstResponse', 1],
    ['CheckSecondResponse', 2],
  ])(
    'asks CheckTicketResponse in %s for notice %i of the ticket, retrying transient errors',
    (name, notice) => {
      const task = state(states, name);
      expectLambdaInvoke(task, fnArn(stack.functions.CheckTicketResponse));
      expect(task.Parameters?.Payload).toEqual({ 'ticketId.$': '$.detail.ticketId', notice });
      expect(task.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    },
  );
});

describe('Survey', () => {
  const definition = definitionOf(template, surveyId);
  const states = definition.States;

  it('stores the event, plans, waits and requests the survey: no other states', () => {
    expect(Object.keys(states).sort()).toEqual([
      'PlanSurvey',
      'RecordRejection',
      'Rejected',
      'RequestSurvey',
      'ValidateAndStore',
      'WaitBeforeSurvey',
    ]);
    expect(state(states, 'ValidateAndStore').Next).toBe('PlanSurvey');
    const plan = state(states, 'PlanSurvey');
    expectLambdaInvoke(plan, fnArn(stack.functions.PlanSurvey));
    // Two hours by default (the stille:surveyDelayMinutes context).
    expect(plan.Parameters?.Payload).toEqual({ 'event.$': '$', delayMinutes: 120 });
    expect(plan.ResultPath).toBe('$.plan');
    expect(state(states, 'WaitBeforeSurvey')).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.plan.askAt',
      Next: 'RequestSurvey',
    });
    const request = state(states, 'RequestSurvey');
    expectLambdaInvoke(request, fnArn(stack.functions.RequestSurvey));
    expect(request.Retry).toEqual([LAMBDA_SERVICE_RETRY, TRANSIENT_RETRY]);
    expect(request.End).toBe(true);
  });
});
