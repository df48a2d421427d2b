import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/deps.ts';
import { CommsFunction, REPO_ROOT } from '../../infra/comms-function.ts';
import {
  EVENT_BUS_NAME_ENV,
  functionEnvironment,
  grantFunctionAccess,
  RUNS_BUCKET_ENV,
  TABLE_ENV,
} from '../../infra/config.ts';
import { DataStore } from '../../infra/data-store.ts';
import { RunsBucket } from '../../infra/runs-bucket.ts';
import { logicalIdOf, synthStille } from './synth.ts';

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
  IngestEvent: stack.ingestEvent,
  RecordRejection: stack.recordRejection,
  PrepareInvoiceRun: stack.prepareInvoiceRun,
  ProcessInvoiceBatch: stack.processInvoiceBatch,
};

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

describe('the four functions', () => {
  it('synthesizes exactly four Lambda functions', () => {
    template.resourceCountIs('AWS::Lambda::Function', 4);
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
      ['CUSTOMERS_TABLE', 'INVOICES_TABLE', 'PRICE_CHANGES_TABLE', 'SURVEYS_TABLE', 'TICKETS_TABLE'],
    ],
    ['RecordRejection', ['REJECTIONS_TABLE']],
    ['PrepareInvoiceRun', ['REJECTIONS_TABLE', 'RUNS_BUCKET']],
    ['ProcessInvoiceBatch', ['CUSTOMERS_TABLE', 'INVOICES_TABLE', 'REJECTIONS_TABLE']],
  ] as const)('gives %s the names of exactly what it may touch', (id, names) => {
    const variables = lambda(FUNCTIONS[id]).Environment.Variables;
    const resourceNames = Object.keys(variables).filter((name) => !/^(POWERTOOLS_|NODE_OPTIONS)/.test(name));
    expect(resourceNames.sort()).toEqual([...names].sort());
  });

  it('sets each table name variable to a reference to that table', () => {
    const variables = lambda(stack.ingestEvent).Environment.Variables;
    expect(variables.CUSTOMERS_TABLE).toEqual({ Ref: logicalIdOf(stack.customersTable, stack) });
    expect(variables.SURVEYS_TABLE).toEqual({ Ref: logicalIdOf(stack.surveysTable, stack) });
    expect(lambda(stack.prepareInvoiceRun).Environment.Variables.RUNS_BUCKET).toEqual({
      Ref: logicalIdOf(stack.runsBucket, stack),
    });
  });

  it('uses the environment variable names the handlers read', () => {
    expect(new Set([...Object.values(TABLE_ENV), RUNS_BUCKET_ENV, EVENT_BUS_NAME_ENV])).toEqual(
      new Set(Object.values(ENV)),
    );
  });
});

describe('least privilege', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
  const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

  it('lets IngestEvent read and write its five tables and nothing else', () => {
    for (const table of ['customers', 'invoices', 'tickets', 'priceChanges', 'surveys'] as const) {
      expect(dynamoActionsOn(stack.ingestEvent, table)).toEqual(expect.arrayContaining([...READ, ...WRITE]));
    }
    for (const table of ['messages', 'rejections'] as const) {
      expect(dynamoActionsOn(stack.ingestEvent, table)).toEqual([]);
    }
  });

  it('lets RecordRejection and PrepareInvoiceRun only write rejections', () => {
    for (const fn of [stack.recordRejection, stack.prepareInvoiceRun]) {
      expect(dynamoActionsOn(fn, 'rejections')).toEqual(expect.arrayContaining(WRITE));
      expect(dynamoActionsOn(fn, 'rejections')).not.toContain('dynamodb:GetItem');
      for (const table of [
        'customers',
        'invoices',
        'tickets',
        'messages',
        'priceChanges',
        'surveys',
      ] as const) {
        expect(dynamoActionsOn(fn, table)).toEqual([]);
      }
    }
  });

  it('lets ProcessInvoiceBatch read customers and write invoices and rejections', () => {
    expect(dynamoActionsOn(stack.processInvoiceBatch, 'customers')).toEqual(expect.arrayContaining(READ));
    expect(dynamoActionsOn(stack.processInvoiceBatch, 'customers')).not.toContain('dynamodb:PutItem');
    expect(dynamoActionsOn(stack.processInvoiceBatch, 'invoices')).toEqual(expect.arrayContaining(WRITE));
    expect(dynamoActionsOn(stack.processInvoiceBatch, 'invoices')).not.toContain('dynamodb:GetItem');
    expect(dynamoActionsOn(stack.processInvoiceBatch, 'rejections')).toEqual(expect.arrayContaining(WRITE));
  });

  it('lets no function touch S3 or the event bus yet', () => {
    for (const fn of Object.values(FUNCTIONS)) {
      const actions = roleStatements(fn).flatMap((s) => [s.Action].flat());
      expect(actions.filter((a) => a.startsWith('s3:') || a.startsWith('events:'))).toEqual([]);
    }
  });

  it('gives every function its own role, with no managed policy', () => {
    const roleIds = Object.values(FUNCTIONS).map((fn) => lambda(fn).Role['Fn::GetAtt'][0]);
    expect(new Set(roleIds).size).toBe(4);
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

  it('finds the four CommsFunctions by walking the construct tree, each with an existing entry file', () => {
    expect(found.map((fn) => [fn.node.id, fn.entry]).sort()).toEqual([
      ['IngestEvent', 'functions/handlers/ingest-event.ts'],
      ['PrepareInvoiceRun', 'functions/handlers/prepare-invoice-run.ts'],
      ['ProcessInvoiceBatch', 'functions/handlers/process-invoice-batch.ts'],
      ['RecordRejection', 'functions/handlers/record-rejection.ts'],
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

  it('refuses event bus access while no bus is given', () => {
    const scratch = new Stack(new App(), 'Scratch');
    const shared = {
      data: new DataStore(scratch, 'Data'),
      runsBucket: new RunsBucket(scratch, 'Runs').bucket,
    };
    expect(() => functionEnvironment(shared, { eventBus: 'name' })).toThrow(/no event bus/);
  });
});
