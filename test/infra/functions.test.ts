import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ALL_RESOURCE_ENV, ENV, TABLE_ENV } from '#domain/config/env-names.ts';
import { DEFAULT_MARKETS_CONFIG, loadMarketsConfig } from '#domain/config/markets.ts';
import { STILLE_SOURCE } from '#domain/contracts/event-names.ts';
import { CommsFunction, REPO_ROOT } from '#infra/comms-function.ts';
import { functionEnvironment, grantFunctionAccess } from '#infra/config.ts';
import { DataStore } from '#infra/data-store.ts';
import { FUNCTION_IDS } from '#infra/functions.ts';
import { RunsBucket } from '#infra/runs-bucket.ts';
import { flattenCfn, logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

interface LambdaProperties {
  Runtime: string;
  Architectures: string[];
  TracingConfig: { Mode: string };
  LoggingConfig: { LogGroup: { Ref: string } };
  MemorySize: number;
  Timeout: number;
  Handler: string;
  Role: { 'Fn::GetAtt': [string, string] };
  Environment: { Variables: Record<string, unknown> };
}

const FUNCTIONS = {
  IngestEvent: stack.functions.IngestEvent,
  RecordRejection: stack.functions.RecordRejection,
  PrepareInvoiceRun: stack.functions.PrepareInvoiceRun,
  ProcessInvoiceBatch: stack.functions.ProcessInvoiceBatch,
  ExplainInvoice: stack.functions.ExplainInvoice,
  DecideMessage: stack.functions.DecideMessage,
  DeliverMessage: stack.functions.DeliverMessage,
  RecordDeliveryFailure: stack.functions.RecordDeliveryFailure,
  Unsubscribe: stack.functions.Unsubscribe,
  RecordDeliveryEvent: stack.functions.RecordDeliveryEvent,
  PreparePriceChangeNotices: stack.functions.PreparePriceChangeNotices,
  NotifyPriceChangeBatch: stack.functions.NotifyPriceChangeBatch,
  ReportPriceChangeNotices: stack.functions.ReportPriceChangeNotices,
  CheckTicketResponse: stack.functions.CheckTicketResponse,
  PlanSurvey: stack.functions.PlanSurvey,
  RequestSurvey: stack.functions.RequestSurvey,
  AnswerSurvey: stack.functions.AnswerSurvey,
  AcceptOffer: stack.functions.AcceptOffer,
  PauseSends: stack.functions.PauseSends,
  HandleSmsReply: stack.functions.HandleSmsReply,
};
/** The functions of event ingestion and of preparing invoice runs, which publish nothing and send nothing. */
const INGESTION_FUNCTIONS = [
  stack.functions.IngestEvent,
  stack.functions.RecordRejection,
  stack.functions.PrepareInvoiceRun,
];

function lambda(fn: CommsFunction): LambdaProperties {
  const resource = resources[logicalIdOf(fn.function, stack)];
  expect(resource?.Type).toBe('AWS::Lambda::Function');
  return resource?.Properties as unknown as LambdaProperties;
}

/** The statements of the default policy of a function's role. */
function roleStatements(fn: CommsFunction): { Action: string | string[]; Resource: unknown }[] {
  const roleId = lambda(fn).Role['Fn::GetAtt'][0];
  const policies = Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  return policies.flatMap(
    (p) =>
      (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
        .Statement,
  );
}

/** The resources (flattened, see `flattenCfn`) the statements granting `action` to a function name. */
function resourcesOf(fn: CommsFunction, action: string): string[] {
  return roleStatements(fn)
    .filter((s) => [s.Action].flat().includes(action))
    .flatMap((s) => [s.Resource].flat())
    .map(flattenCfn);
}

/** The DynamoDB actions a function may perform on a table, by table key. */
function dynamoActionsOn(fn: CommsFunction, table: keyof typeof stack.data.tables): string[] {
  const tableId = logicalIdOf(stack.data.tables[table], stack);
  return roleStatements(fn)
    .filter((s) =>
      [s.Resource]
        .flat()
        .some((r) => JSON.stringify(r) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] })),
    )
    .flatMap((s) => [s.Action].flat())
    .filter((a) => a.startsWith('dynamodb:'))
    .sort();
}

describe('the twenty-five functions', () => {
  it('synthesizes exactly twenty-five Lambda functions', () => {
    template.resourceCountIs('AWS::Lambda::Function', 25);
  });

  it.each(Object.entries(FUNCTIONS))('runs %s on Node.js 24, arm64, with X-Ray tracing active', (_id, fn) => {
    const properties = lambda(fn);
    expect(properties.Runtime).toBe('nodejs24.x');
    expect(properties.Architectures).toEqual(['arm64']);
    expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(properties.Handler).toBe('index.handler');
    expect(properties.MemorySize).toBeGreaterThanOrEqual(128);
    expect(properties.Timeout).toBeGreaterThan(3);
  });

  it.each(Object.entries(FUNCTIONS))(
    'sends the logs of %s to its own log group, kept one month',
    (_id, fn) => {
      const logGroupId = lambda(fn).LoggingConfig.LogGroup.Ref;
      expect(logGroupId).toBe(logicalIdOf(fn.logGroup, stack));
      expect(resources[logGroupId]?.Properties.RetentionInDays).toBe(30);
    },
  );

  it.each(Object.entries(FUNCTIONS))('gives %s the Powertools settings and source maps', (_id, fn) => {
    expect(lambda(fn).Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'stille',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'stille',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it.each([
    [
      'IngestEvent',
      [
        'CUSTOMERS_TABLE',
        'INVOICES_TABLE',
        'PRICE_CHANGES_TABLE',
        'SURVEYS_TABLE',
        'TICKETS_TABLE',
        'CAMPAIGNS_TABLE',
      ],
    ],
    ['RecordRejection', ['REJECTIONS_TABLE']],
    ['PrepareInvoiceRun', ['REJECTIONS_TABLE', 'RUNS_BUCKET']],
    [
      'ProcessInvoiceBatch',
      [
        'CUSTOMERS_TABLE',
        'INVOICES_TABLE',
        'REJECTIONS_TABLE',
        'MESSAGES_TABLE',
        'SEASONAL_PROFILES_TABLE',
        'EVENT_BUS_NAME',
        'MARKETS_CONFIG',
      ],
    ],
    [
      'ExplainInvoice',
      [
        'CUSTOMERS_TABLE',
        'INVOICES_TABLE',
        'MESSAGES_TABLE',
        'SEASONAL_PROFILES_TABLE',
        'EVENT_BUS_NAME',
        'MARKETS_CONFIG',
      ],
    ],
    [
      'DecideMessage',
      ['CUSTOMERS_TABLE', 'MESSAGES_TABLE', 'SUPPRESSIONS_TABLE', 'CONTROLS_TABLE', 'MARKETS_CONFIG'],
    ],
    ['PauseSends', ['CONTROLS_TABLE', 'EVENT_BUS_NAME']],
    ['HandleSmsReply', ['CUSTOMERS_TABLE', 'EVENT_BUS_NAME', 'SMS_OPT_OUT_LIST']],
    [
      'DeliverMessage',
      [
        'MESSAGES_TABLE',
        'SES_CONFIGURATION_SET',
        'SMS_CONFIGURATION_SET',
        'MARKETS_CONFIG',
        'LINK_SECRET_ARN',
        'PUBLIC_BASE_URL',
        'EVENT_BUS_NAME',
      ],
    ],
    ['RecordDeliveryFailure', ['MESSAGES_TABLE', 'EVENT_BUS_NAME']],
    ['Unsubscribe', ['LINK_SECRET_ARN', 'EVENT_BUS_NAME']],
    ['RecordDeliveryEvent', ['SUPPRESSIONS_TABLE', 'EVENT_BUS_NAME']],
    ['PreparePriceChangeNotices', ['CUSTOMERS_TABLE', 'PRICE_CHANGES_TABLE', 'RUNS_BUCKET']],
    [
      'NotifyPriceChangeBatch',
      [
        'CUSTOMERS_TABLE',
        'INVOICES_TABLE',
        'PRICE_CHANGES_TABLE',
        'RUNS_BUCKET',
        'EVENT_BUS_NAME',
        'MARKETS_CONFIG',
      ],
    ],
    ['ReportPriceChangeNotices', ['PRICE_CHANGES_TABLE', 'RUNS_BUCKET', 'EVENT_BUS_NAME']],
    ['CheckTicketResponse', ['TICKETS_TABLE', 'EVENT_BUS_NAME']],
    ['PlanSurvey', ['CUSTOMERS_TABLE', 'MARKETS_CONFIG']],
    ['RequestSurvey', ['SURVEYS_TABLE', 'EVENT_BUS_NAME']],
    ['AnswerSurvey', ['SURVEYS_TABLE', 'LINK_SECRET_ARN', 'EVENT_BUS_NAME']],
    ['AcceptOffer', ['MESSAGES_TABLE', 'LINK_SECRET_ARN', 'EVENT_BUS_NAME']],
  ] as const)('gives %s the names of exactly what it may touch', (id, names) => {
    const variables = lambda(FUNCTIONS[id]).Environment.Variables;
    const resourceNames = Object.keys(variables).filter((name) => !/^(POWERTOOLS_|NODE_OPTIONS)/.test(name));
    expect(resourceNames.sort()).toEqual([...names].sort());
  });

  it('sets each table name variable to a reference to that table', () => {
    const variables = lambda(stack.functions.IngestEvent).Environment.Variables;
    expect(variables.CUSTOMERS_TABLE).toEqual({ Ref: logicalIdOf(stack.data.customers, stack) });
    expect(variables.SURVEYS_TABLE).toEqual({ Ref: logicalIdOf(stack.data.surveys, stack) });
    expect(lambda(stack.functions.PrepareInvoiceRun).Environment.Variables.RUNS_BUCKET).toEqual({
      Ref: logicalIdOf(stack.runs.bucket, stack),
    });
  });

  it('sets the send gate variables to the resources they name', () => {
    const deliver = lambda(stack.functions.DeliverMessage).Environment.Variables;
    expect(deliver.SES_CONFIGURATION_SET).toEqual({ Ref: logicalIdOf(stack.email.configurationSet, stack) });
    expect(deliver.SMS_CONFIGURATION_SET).toEqual({ Ref: stack.getLogicalId(stack.sms.configurationSet) });
    expect(deliver.LINK_SECRET_ARN).toEqual({ Ref: logicalIdOf(stack.linkSecret, stack) });
    expect(deliver.EVENT_BUS_NAME).toEqual({ Ref: logicalIdOf(stack.routing.eventBus, stack) });
    expect(deliver.PUBLIC_BASE_URL).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack.unsubscribeApi.httpApi, stack), 'ApiEndpoint'],
    });
    expect(lambda(stack.functions.Unsubscribe).Environment.Variables.LINK_SECRET_ARN).toEqual(
      deliver.LINK_SECRET_ARN,
    );
    expect(lambda(stack.functions.DecideMessage).Environment.Variables.SUPPRESSIONS_TABLE).toEqual({
      Ref: logicalIdOf(stack.data.suppressions, stack),
    });
  });

  it('gives every function that reads the markets configuration the same one, as valid JSON', () => {
    const decide = lambda(stack.functions.DecideMessage).Environment.Variables.MARKETS_CONFIG;
    expect(typeof decide).toBe('string');
    for (const fn of [
      stack.functions.DeliverMessage,
      stack.functions.ExplainInvoice,
      stack.functions.ProcessInvoiceBatch,
    ]) {
      expect(lambda(fn).Environment.Variables.MARKETS_CONFIG, fn.node.id).toBe(decide);
    }
    expect(loadMarketsConfig(decide as string)).toEqual(DEFAULT_MARKETS_CONFIG);
  });

  it('uses the environment variable names the handlers read', () => {
    expect(new Set(ALL_RESOURCE_ENV)).toEqual(new Set(Object.values(ENV)));
    expect(Object.values(TABLE_ENV)).toContain(ENV.suppressionsTable);
  });

  it('sets no variable a handler does not read', () => {
    const known = new Set(Object.values(ENV) as string[]);
    for (const [id, fn] of Object.entries(FUNCTIONS)) {
      const names = Object.keys(lambda(fn).Environment.Variables).filter(
        (name) => !/^(POWERTOOLS_|NODE_OPTIONS)/.test(name),
      );
      expect(
        names.filter((name) => !known.has(name)),
        id,
      ).toEqual([]);
    }
  });
});

describe('least privilege', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
  const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

  it('lets IngestEvent read and write its five tables and nothing else', () => {
    for (const table of ['customers', 'invoices', 'tickets', 'priceChanges', 'surveys'] as const) {
      expect(dynamoActionsOn(stack.functions.IngestEvent, table)).toEqual(
        expect.arrayContaining([...READ, ...WRITE]),
      );
    }
    for (const table of ['messages', 'rejections', 'suppressions'] as const) {
      expect(dynamoActionsOn(stack.functions.IngestEvent, table)).toEqual([]);
    }
  });

  it('lets RecordRejection and PrepareInvoiceRun only write rejections', () => {
    for (const fn of [stack.functions.RecordRejection, stack.functions.PrepareInvoiceRun]) {
      expect(dynamoActionsOn(fn, 'rejections')).toEqual(expect.arrayContaining(WRITE));
      expect(dynamoActionsOn(fn, 'rejections')).not.toContain('dynamodb:GetItem');
      for (const table of [
        'customers',
        'invoices',
        'tickets',
        'messages',
        'priceChanges',
        'surveys',
        'suppressions',
      ] as const) {
        expect(dynamoActionsOn(fn, table)).toEqual([]);
      }
    }
  });

  it('lets ProcessInvoiceBatch read customers, read and write invoices, and write rejections', () => {
    expect(dynamoActionsOn(stack.functions.ProcessInvoiceBatch, 'customers')).toEqual(
      expect.arrayContaining(READ),
    );
    expect(dynamoActionsOn(stack.functions.ProcessInvoiceBatch, 'customers')).not.toContain(
      'dynamodb:PutItem',
    );
    expect(dynamoActionsOn(stack.functions.ProcessInvoiceBatch, 'invoices')).toEqual(
      expect.arrayContaining([...READ, ...WRITE]),
    );
    expect(dynamoActionsOn(stack.functions.ProcessInvoiceBatch, 'rejections')).toEqual(
      expect.arrayContaining(WRITE),
    );
    expect(dynamoActionsOn(stack.functions.ProcessInvoiceBatch, 'rejections')).not.toContain(
      'dynamodb:GetItem',
    );
  });

  it.each([
    [
      'ExplainInvoice',
      stack.functions.ExplainInvoice,
      // The ledger: the price-change notices the customer was sent (an announced price is no news).
      // The learned seasonal profiles: read, and refreshed as invoices arrive.
      { customers: 'read', invoices: 'read', messages: 'read', seasonalProfiles: 'readWrite' },
    ],
    [
      'DecideMessage',
      stack.functions.DecideMessage,
      { customers: 'read', messages: 'readWrite', suppressions: 'read', controls: 'read' },
    ],
    ['DeliverMessage', stack.functions.DeliverMessage, { messages: 'readWrite' }],
    ['RecordDeliveryFailure', stack.functions.RecordDeliveryFailure, { messages: 'write' }],
    ['Unsubscribe', stack.functions.Unsubscribe, {}],
    ['RecordDeliveryEvent', stack.functions.RecordDeliveryEvent, { suppressions: 'write' }],
    ['CheckTicketResponse', stack.functions.CheckTicketResponse, { tickets: 'readWrite' }],
    ['PlanSurvey', stack.functions.PlanSurvey, { customers: 'read' }],
    ['RequestSurvey', stack.functions.RequestSurvey, { surveys: 'readWrite' }],
    ['AnswerSurvey', stack.functions.AnswerSurvey, { surveys: 'readWrite' }],
    ['AcceptOffer', stack.functions.AcceptOffer, { messages: 'readWrite' }],
  ] as const)('lets %s use exactly its tables, as declared', (_id, fn, tables) => {
    for (const table of Object.keys(stack.data.tables) as (keyof typeof stack.data.tables)[]) {
      const actions = dynamoActionsOn(fn, table);
      const access = (tables as Partial<Record<string, string>>)[table];
      if (access === undefined) expect(actions, table).toEqual([]);
      if (access === 'read' || access === 'readWrite')
        expect(actions, table).toEqual(expect.arrayContaining(READ));
      if (access === 'write' || access === 'readWrite')
        expect(actions, table).toEqual(expect.arrayContaining(WRITE));
      if (access === 'read') expect(actions, table).not.toContain('dynamodb:PutItem');
      if (access === 'write') expect(actions, table).not.toContain('dynamodb:GetItem');
    }
  });

  it('lets only DeliverMessage send, and only through the configuration sets from the named identities', () => {
    expect(resourcesOf(stack.functions.DeliverMessage, 'ses:SendEmail').sort()).toEqual(
      [
        `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/\${${logicalIdOf(stack.email.configurationSet, stack)}}`,
        `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/stille.example`,
      ].sort(),
    );
    const smsSet = stack.getLogicalId(stack.sms.configurationSet);
    expect(resourcesOf(stack.functions.DeliverMessage, 'sms-voice:SendTextMessage').sort()).toEqual(
      [
        `\${${smsSet}.Arn}`,
        `arn:\${AWS::Partition}:sms-voice:\${AWS::Region}:\${AWS::AccountId}:opt-out-list/Default`,
        ...['NO', 'SE', 'FI', 'DK'].map(
          (market) =>
            `arn:\${AWS::Partition}:sms-voice:\${AWS::Region}:\${AWS::AccountId}:sender-id/STILLE/${market}`,
        ),
      ].sort(),
    );
    for (const fn of Object.values(FUNCTIONS).filter(
      (f) => f !== stack.functions.DeliverMessage && f !== stack.functions.HandleSmsReply,
    )) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(
        actions.filter((a) => a.startsWith('ses:') || a.startsWith('sms-voice:')),
        fn.node.id,
      ).toEqual([]);
    }
  });

  it('lets HandleSmsReply put numbers on the opt-out list and do nothing else with SMS', () => {
    const actions = roleStatements(stack.functions.HandleSmsReply).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('sms-voice:'))).toEqual([
      'sms-voice:PutOptedOutNumber',
    ]);
    expect(resourcesOf(stack.functions.HandleSmsReply, 'sms-voice:PutOptedOutNumber')).toEqual([
      `arn:\${AWS::Partition}:sms-voice:\${AWS::Region}:\${AWS::AccountId}:opt-out-list/Default`,
    ]);
  });

  it('lets only DeliverMessage, Unsubscribe, AnswerSurvey and AcceptOffer read the link secret, and only that secret', () => {
    const secret = `\${${logicalIdOf(stack.linkSecret, stack)}}`;
    for (const fn of [
      stack.functions.DeliverMessage,
      stack.functions.Unsubscribe,
      stack.functions.AnswerSurvey,
      stack.functions.AcceptOffer,
    ]) {
      expect(resourcesOf(fn, 'secretsmanager:GetSecretValue'), fn.node.id).toEqual([secret]);
      const secretActions = roleStatements(fn)
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('secretsmanager:'));
      expect(secretActions.sort(), fn.node.id).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
    }
    for (const fn of Object.values(FUNCTIONS).filter(
      (f) =>
        f !== stack.functions.DeliverMessage &&
        f !== stack.functions.Unsubscribe &&
        f !== stack.functions.AnswerSurvey &&
        f !== stack.functions.AcceptOffer,
    )) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(
        actions.filter((a) => a.startsWith('secretsmanager:')),
        fn.node.id,
      ).toEqual([]);
    }
  });

  it('lets the functions that publish put events on the stille bus only', () => {
    const bus = `\${${logicalIdOf(stack.routing.eventBus, stack)}.Arn}`;
    const publishers = [
      stack.functions.ProcessInvoiceBatch,
      stack.functions.ExplainInvoice,
      stack.functions.DeliverMessage,
      stack.functions.RecordDeliveryFailure,
      stack.functions.Unsubscribe,
      stack.functions.RecordDeliveryEvent,
      stack.functions.NotifyPriceChangeBatch,
      stack.functions.ReportPriceChangeNotices,
    ];
    for (const fn of publishers) expect(resourcesOf(fn, 'events:PutEvents'), fn.node.id).toEqual([bus]);
    expect(resourcesOf(stack.functions.DecideMessage, 'events:PutEvents')).toEqual([]);
  });

  it("lets them put events under stille's own source only", () => {
    const publishers = FUNCTION_IDS.filter(
      (id) => resourcesOf(stack.functions[id], 'events:PutEvents').length,
    );
    expect(publishers.length).toBeGreaterThan(5);
    for (const id of publishers) {
      const puts = roleStatements(stack.functions[id]).filter((s) =>
        [s.Action].flat().includes('events:PutEvents'),
      );
      expect(
        puts.map((s) => (s as { Condition?: unknown }).Condition),
        id,
      ).toEqual([{ StringEquals: { 'events:source': STILLE_SOURCE } }]);
    }
  });

  it('lets no ingestion function touch S3 or the event bus, nor send anything', () => {
    for (const fn of INGESTION_FUNCTIONS) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(
        actions.filter((a) => /^(s3|events|ses|sms-voice|secretsmanager):/.test(a)),
        fn.node.id,
      ).toEqual([]);
    }
  });

  it('lets the invoice explainers publish, but touch no S3 and send nothing themselves', () => {
    for (const fn of [stack.functions.ExplainInvoice, stack.functions.ProcessInvoiceBatch]) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(
        actions.filter((a) => /^(s3|ses|sms-voice|secretsmanager):/.test(a)),
        fn.node.id,
      ).toEqual([]);
    }
  });

  it('gives every function its own role, with no managed policy', () => {
    const roleIds = Object.values(FUNCTIONS).map((fn) => lambda(fn).Role['Fn::GetAtt'][0]);
    expect(new Set(roleIds).size).toBe(20);
    for (const roleId of roleIds) {
      expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('what the embedded runtime reads', () => {
  const found: CommsFunction[] = [];
  const walk = (node: { node: { children: readonly unknown[] } }) => {
    if (node instanceof CommsFunction) found.push(node);
    for (const child of node.node.children) walk(child as typeof node);
  };
  walk(stack);

  it('finds the twenty-five CommsFunctions by walking the construct tree, each with an existing entry file', () => {
    expect(found.map((fn) => [fn.node.id, fn.entry]).sort()).toEqual([
      ['AcceptOffer', 'functions/handlers/accept-offer.ts'],
      ['AnswerSurvey', 'functions/handlers/answer-survey.ts'],
      ['CheckTicketResponse', 'functions/handlers/check-ticket-response.ts'],
      ['CompleteCampaignRun', 'functions/handlers/complete-campaign-run.ts'],
      ['DecideMessage', 'functions/handlers/decide-message.ts'],
      ['DeliverMessage', 'functions/handlers/deliver-message.ts'],
      ['ExplainInvoice', 'functions/handlers/explain-invoice.ts'],
      ['HandleSmsReply', 'functions/handlers/handle-sms-reply.ts'],
      ['IngestEvent', 'functions/handlers/ingest-event.ts'],
      ['NotifyPriceChangeBatch', 'functions/handlers/notify-price-change-batch.ts'],
      ['PauseSends', 'functions/handlers/pause-sends.ts'],
      ['PlanSurvey', 'functions/handlers/plan-survey.ts'],
      ['PrepareInvoiceRun', 'functions/handlers/prepare-invoice-run.ts'],
      ['PreparePriceChangeNotices', 'functions/handlers/prepare-price-change-notices.ts'],
      ['ProcessInvoiceBatch', 'functions/handlers/process-invoice-batch.ts'],
      ['RecordClick', 'functions/handlers/record-click.ts'],
      ['RecordDeliveryEvent', 'functions/handlers/record-delivery-event.ts'],
      ['RecordDeliveryFailure', 'functions/handlers/record-delivery-failure.ts'],
      ['RecordRejection', 'functions/handlers/record-rejection.ts'],
      ['ReportPriceChangeNotices', 'functions/handlers/report-price-change-notices.ts'],
      ['RequestSurvey', 'functions/handlers/request-survey.ts'],
      ['ScheduleCampaign', 'functions/handlers/schedule-campaign.ts'],
      ['SendCampaignBatch', 'functions/handlers/send-campaign-batch.ts'],
      ['StartCampaignRun', 'functions/handlers/start-campaign-run.ts'],
      ['Unsubscribe', 'functions/handlers/unsubscribe.ts'],
    ]);
    for (const fn of found) expect(existsSync(join(REPO_ROOT, fn.entry))).toBe(true);
  });

  it('gets each Lambda logical ID from function.node.defaultChild', () => {
    for (const fn of found) {
      const id = logicalIdOf(fn.function, stack);
      expect(id).toMatch(new RegExp(`^${fn.node.id}[0-9A-F]{8}$`));
      expect(resources[id]?.Type).toBe('AWS::Lambda::Function');
    }
  });
});

describe('FunctionAccess', () => {
  it('turns runs bucket read access into the RUNS_BUCKET name and s3:GetObject on its objects only', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const shared = {
      data: new DataStore(scratch, 'Data'),
      runsBucket: new RunsBucket(scratch, 'Runs').bucket,
    };
    const role = new Role(scratch, 'Reader', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const access = { runsBucket: 'read' } as const;

    expect(Object.keys(functionEnvironment(shared, access))).toEqual(['RUNS_BUCKET']);
    grantFunctionAccess(shared, access, role);
    const bucketId = scratch.getLogicalId(shared.runsBucket.node.defaultChild as CfnBucket);
    Template.fromStack(scratch).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          },
        ],
      },
    });
  });

  it('turns runs bucket write access into the RUNS_BUCKET name and s3:PutObject under its prefix only', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const shared = {
      data: new DataStore(scratch, 'Data'),
      runsBucket: new RunsBucket(scratch, 'Runs').bucket,
    };
    const role = new Role(scratch, 'Writer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const access = { runsBucket: { write: 'price-changes/' } } as const;

    expect(Object.keys(functionEnvironment(shared, access))).toEqual(['RUNS_BUCKET']);
    grantFunctionAccess(shared, access, role);
    const bucketId = scratch.getLogicalId(shared.runsBucket.node.defaultChild as CfnBucket);
    Template.fromStack(scratch).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 's3:PutObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/price-changes/*']] },
          },
        ],
      },
    });
  });

  it('lets the price-change functions write and read only under price-changes/ of the runs bucket', () => {
    const runsBucketId = logicalIdOf(stack.runs.bucket, stack);
    const underPrefix = [`\${${runsBucketId}.Arn}/price-changes/*`];
    expect(resourcesOf(stack.functions.PreparePriceChangeNotices, 's3:PutObject')).toEqual(underPrefix);
    expect(resourcesOf(stack.functions.NotifyPriceChangeBatch, 's3:PutObject')).toEqual(underPrefix);
    expect(resourcesOf(stack.functions.ReportPriceChangeNotices, 's3:GetObject')).toEqual(underPrefix);
    expect(resourcesOf(stack.functions.ReportPriceChangeNotices, 's3:ListBucket')).toEqual([
      `\${${runsBucketId}.Arn}`,
    ]);
    const listing = roleStatements(stack.functions.ReportPriceChangeNotices).find(
      (s) => s.Action === 's3:ListBucket',
    ) as { Condition?: unknown } | undefined;
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': ['price-changes/*'] } });
    for (const fn of [stack.functions.NotifyPriceChangeBatch, stack.functions.ReportPriceChangeNotices]) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(
        actions.filter((a) => /^(ses|sms-voice|secretsmanager):/.test(a) || a === 's3:DeleteObject'),
        fn.node.id,
      ).toEqual([]);
    }
    expect(dynamoActionsOn(stack.functions.NotifyPriceChangeBatch, 'customers')).not.toContain(
      'dynamodb:PutItem',
    );
    expect(dynamoActionsOn(stack.functions.NotifyPriceChangeBatch, 'invoices')).not.toContain(
      'dynamodb:PutItem',
    );
  });

  it('refuses event bus access while no bus is given', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const shared = {
      data: new DataStore(scratch, 'Data'),
      runsBucket: new RunsBucket(scratch, 'Runs').bucket,
    };
    expect(() => functionEnvironment(shared, { eventBus: 'name' })).toThrow(/no event bus/);
  });
});
