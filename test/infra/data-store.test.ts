import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BY_CUSTOMER_ATTRIBUTES, BY_CUSTOMER_INDEX } from '#adapters/dynamo/messages.ts';
import { LEGACY_MESSAGES_INDEX_CONTEXT } from '#infra/context.ts';
import { LEGACY_MESSAGES_INDEX } from '#infra/data-store.ts';
import { StilleTable } from '#infra/stille-table.ts';
import { logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();

type KeySchema = { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
interface TableProperties {
  KeySchema: KeySchema;
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: KeySchema;
    Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  }[];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

function tableProperties(
  table: keyof typeof stack.data.tables,
  synthesized: ReturnType<typeof synthStille> = { stack, template },
): TableProperties {
  const id = logicalIdOf(synthesized.stack.data.tables[table], synthesized.stack);
  const resource = synthesized.template.toJSON().Resources[id] as {
    Type: string;
    Properties: TableProperties;
  };
  expect(resource.Type).toBe('AWS::DynamoDB::Table');
  return resource.Properties;
}

const keys = (pk: string, sk?: string): KeySchema => [
  { AttributeName: pk, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
];

describe('DataStore', () => {
  it('synthesizes eleven AWS::DynamoDB::Table resources and no global tables', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 11);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  it.each([
    ['customers', keys('customerId', 'sk')],
    ['invoices', keys('customerId', 'sk')],
    ['tickets', keys('ticketId')],
    ['messages', keys('dedupeKey')],
    ['priceChanges', keys('priceChangeId')],
    ['surveys', keys('surveyId')],
    ['rejections', keys('rejectionId')],
    ['suppressions', keys('address')],
    ['seasonalProfiles', keys('profileKey', 'sampleKey')],
    ['controls', keys('control')],
    ['campaigns', keys('campaignId', 'sk')],
  ] as const)('gives the %s table the key schema the handlers use', (table, keySchema) => {
    expect(tableProperties(table).KeySchema).toEqual(keySchema);
  });

  it.each([
    ['customers', 'byTariff', keys('tariffId', 'customerId')],
    ['customers', 'byPhone', keys('phone', 'customerId')],
    ['surveys', 'byCustomer', keys('customerId', 'at')],
  ] as const)('gives the %s table the %s index, projecting all attributes', (table, indexName, keySchema) => {
    expect(tableProperties(table).GlobalSecondaryIndexes).toContainEqual({
      IndexName: indexName,
      KeySchema: keySchema,
      Projection: { ProjectionType: 'ALL' },
    });
  });

  it('gives the messages table one index by customer, projecting only what its queries read (no bodies)', () => {
    expect(tableProperties('messages').GlobalSecondaryIndexes).toEqual([
      {
        IndexName: BY_CUSTOMER_INDEX,
        KeySchema: keys('customerId', 'createdAt'),
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...BY_CUSTOMER_ATTRIBUTES] },
      },
    ]);
    for (const body of ['html', 'text', 'subject', 'to']) expect(BY_CUSTOMER_ATTRIBUTES).not.toContain(body);
  });

  it('keeps the legacy messages index (projection ALL) beside the new one when the upgrade flag is set', () => {
    const upgrading = synthStille({ context: { [LEGACY_MESSAGES_INDEX_CONTEXT]: 'true' } });

    expect(
      tableProperties('messages', upgrading).GlobalSecondaryIndexes?.map((index) => [
        index.IndexName,
        index.Projection.ProjectionType,
      ]),
    ).toEqual([
      [BY_CUSTOMER_INDEX, 'INCLUDE'],
      [LEGACY_MESSAGES_INDEX, 'ALL'],
    ]);
    expect(logicalIdOf(upgrading.stack.data.messages, upgrading.stack)).toBe(
      logicalIdOf(stack.data.messages, stack),
    );
  });

  it.each(['invoices', 'tickets', 'priceChanges', 'rejections', 'suppressions', 'seasonalProfiles'] as const)(
    'gives the %s table no index',
    (table) => {
      expect(tableProperties(table).GlobalSecondaryIndexes).toBeUndefined();
    },
  );

  it('declares every key attribute as a string and nothing else', () => {
    for (const table of Object.keys(stack.data.tables) as (keyof typeof stack.data.tables)[]) {
      const properties = tableProperties(table);
      const keyNames = new Set(
        [properties.KeySchema, ...(properties.GlobalSecondaryIndexes ?? []).map((index) => index.KeySchema)]
          .flat()
          .map((key) => key.AttributeName),
      );
      expect(properties.AttributeDefinitions.map((a) => a.AttributeName).sort()).toEqual(
        [...keyNames].sort(),
      );
      expect(properties.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    }
  });

  it('expires rejections through the expiresAt TTL attribute, and nothing else', () => {
    expect(tableProperties('rejections').TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
    for (const table of [
      'customers',
      'invoices',
      'tickets',
      'messages',
      'priceChanges',
      'surveys',
      'suppressions',
      'seasonalProfiles',
    ] as const) {
      expect(tableProperties(table).TimeToLiveSpecification).toBeUndefined();
    }
  });

  it('makes every table on-demand, recoverable to a point in time, encrypted, protected and retained', () => {
    const tables = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(tables)).toHaveLength(11);
  });
});

describe('StilleTable', () => {
  it('switches deletion protection off when asked, keeping the other defaults', () => {
    const scratch = new Stack(new App(), 'Scratch');
    new StilleTable(scratch, 'Scratch', { partitionKey: { name: 'id' }, deletionProtection: false });
    Template.fromStack(scratch).hasResourceProperties('AWS::DynamoDB::Table', {
      DeletionProtectionEnabled: false,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: Match.absent(),
    });
  });

  it('projects every attribute into an index by default, and only the named ones when asked', () => {
    const scratch = new Stack(new App(), 'Scratch');
    new StilleTable(scratch, 'Scratch', {
      partitionKey: { name: 'id' },
      indexes: [
        { indexName: 'everything', partitionKey: { name: 'a' } },
        {
          indexName: 'some',
          partitionKey: { name: 'b' },
          projection: { type: 'include', attributes: ['x', 'y'] },
        },
      ],
    });
    Template.fromStack(scratch).hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'everything', Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({
          IndexName: 'some',
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', 'y'] },
        }),
      ],
    });
  });

  it('gives the table the logical ID of the StilleTable construct itself', () => {
    expect(logicalIdOf(stack.data.tables.customers, stack)).toMatch(/^DataCustomers[0-9A-F]{8}$/);
    expect(logicalIdOf(stack.data.tables.suppressions, stack)).toMatch(/^DataSuppressions[0-9A-F]{8}$/);
  });
});
