import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '#local/cfn/template.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';
import { createTableInput, createTablesFromTemplate, LocalTableError } from '#local/services/tables.ts';

/** A small template as `cdk synth` writes it: one named table with a GSI and an LSI, one unnamed table. */
function template(): CloudFormationTemplate {
  return {
    Resources: {
      MessagesTable1A2B3C: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: 'stille-messages',
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'customerId', AttributeType: 'S' },
            { AttributeName: 'sentAt', AttributeType: 'S' },
            { AttributeName: 'status', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byCustomer',
              KeySchema: [
                { AttributeName: 'customerId', KeyType: 'HASH' },
                { AttributeName: 'sentAt', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'byStatus',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'status', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
      CustomersTableD4E5F6: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'customers']] },
          KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }],
          ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 },
        },
      },
      EventBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'stille' } },
    },
  };
}

describe('createTablesFromTemplate', () => {
  let dynamodb: LocalDynamoDb | undefined;
  let client: DynamoDBClient | undefined;
  let directory: string | undefined;

  afterEach(async () => {
    client?.destroy();
    await dynamodb?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
    client = undefined;
    dynamodb = undefined;
    directory = undefined;
  });

  async function start(path?: string): Promise<DynamoDBClient> {
    dynamodb = await startDynamoDb(path === undefined ? {} : { path });
    client = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
    return client;
  }

  it('creates every table resource, named by its plain TableName or else its logical ID', async () => {
    const ddb = await start();

    const names = await createTablesFromTemplate(ddb, template());

    expect(Object.fromEntries(names)).toEqual({
      MessagesTable1A2B3C: 'stille-messages',
      CustomersTableD4E5F6: 'CustomersTableD4E5F6',
    });
    const { TableNames } = await ddb.send(new ListTablesCommand({}));
    expect(TableNames?.sort()).toEqual(['CustomersTableD4E5F6', 'stille-messages']);
  });

  it('creates active tables with the billing mode, indexes and throughput of the template', async () => {
    const ddb = await start();
    await createTablesFromTemplate(ddb, template());

    const { Table: messages } = await ddb.send(new DescribeTableCommand({ TableName: 'stille-messages' }));
    expect(messages?.TableStatus).toBe('ACTIVE');
    expect(messages?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(messages?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([
      ['byCustomer', 'ACTIVE'],
    ]);
    expect(messages?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byStatus']);

    const { Table: customers } = await ddb.send(
      new DescribeTableCommand({ TableName: 'CustomersTableD4E5F6' }),
    );
    expect(customers?.ProvisionedThroughput?.ReadCapacityUnits).toBe(3);
    expect(customers?.ProvisionedThroughput?.WriteCapacityUnits).toBe(2);
  });

  it('answers queries through a global secondary index created from the template', async () => {
    const ddb = await start();
    await createTablesFromTemplate(ddb, template());
    const messages = [
      { id: 'm-1', customerId: 'c-1', sentAt: '2027-01-05T08:00:00Z' },
      { id: 'm-2', customerId: 'c-2', sentAt: '2027-01-06T08:00:00Z' },
      { id: 'm-3', customerId: 'c-1', sentAt: '2027-01-07T08:00:00Z' },
    ];
    for (const message of messages) {
      await ddb.send(
        new PutItemCommand({
          TableName: 'stille-messages',
          Item: {
            pk: { S: `message#${message.id}` },
            sk: { S: 'v0' },
            customerId: { S: message.customerId },
            sentAt: { S: message.sentAt },
            status: { S: 'sent' },
          },
        }),
      );
    }

    const { Items } = await ddb.send(
      new QueryCommand({
        TableName: 'stille-messages',
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :customer AND sentAt >= :from',
        ExpressionAttributeValues: { ':customer': { S: 'c-1' }, ':from': { S: '2027-01-01T00:00:00Z' } },
        ScanIndexForward: false,
      }),
    );

    const expected = messages
      .filter((message) => message.customerId === 'c-1')
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
      .map((message) => `message#${message.id}`);
    expect(Items?.map((item) => item.pk?.S)).toEqual(expected);
  });

  it('gives back text beyond Latin-1 exactly as written, through the table and its index', async () => {
    const ddb = await start();
    await createTablesFromTemplate(ddb, template());
    const text = 'Nettleie 0–2 kW: “fast” pris, 49 kr/mnd 😀';
    await ddb.send(
      new PutItemCommand({
        TableName: 'stille-messages',
        Item: {
          pk: { S: 'message#m-1' },
          sk: { S: 'v0' },
          customerId: { S: 'c-1' },
          sentAt: { S: '2027-01-05T08:00:00Z' },
          html: { S: text },
          lines: { L: [{ M: { description: { S: text } } }] },
        },
      }),
    );
    for (const IndexName of [undefined, 'byCustomer']) {
      const { Items } = await ddb.send(
        new QueryCommand({
          TableName: 'stille-messages',
          ...(IndexName === undefined
            ? {
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': { S: 'message#m-1' } },
              }
            : {
                IndexName,
                KeyConditionExpression: 'customerId = :c',
                ExpressionAttributeValues: { ':c': { S: 'c-1' } },
              }),
        }),
      );
      expect(Items?.[0]?.html?.S).toBe(text);
      expect(Items?.[0]?.lines?.L?.[0]?.M?.description?.S).toBe(text);
    }
  });

  it('creates an INCLUDE index whose queries return the keys and the included attributes only', async () => {
    const ddb = await start();
    await createTablesFromTemplate(ddb, {
      Resources: {
        LedgerTable: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [{ AttributeName: 'dedupeKey', KeyType: 'HASH' }],
            AttributeDefinitions: [
              { AttributeName: 'dedupeKey', AttributeType: 'S' },
              { AttributeName: 'customerId', AttributeType: 'S' },
              { AttributeName: 'createdAt', AttributeType: 'S' },
            ],
            GlobalSecondaryIndexes: [
              {
                IndexName: 'bySummary',
                KeySchema: [
                  { AttributeName: 'customerId', KeyType: 'HASH' },
                  { AttributeName: 'createdAt', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['kind', 'facts'] },
              },
            ],
          },
        },
      },
    });
    await ddb.send(
      new PutItemCommand({
        TableName: 'LedgerTable',
        Item: {
          dedupeKey: { S: 'd-1' },
          customerId: { S: 'c-1' },
          createdAt: { S: '2027-01-05T08:00:00Z' },
          kind: { S: 'price-change-notice' },
          facts: { M: { priceChangeId: { S: 'pc-1' } } },
          html: { S: '<p>a long body</p>' },
        },
      }),
    );

    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'LedgerTable' }));
    expect(Table?.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['kind', 'facts'],
    });
    const { Items } = await ddb.send(
      new QueryCommand({
        TableName: 'LedgerTable',
        IndexName: 'bySummary',
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': { S: 'c-1' } },
      }),
    );
    expect(Items).toEqual([
      {
        dedupeKey: { S: 'd-1' },
        customerId: { S: 'c-1' },
        createdAt: { S: '2027-01-05T08:00:00Z' },
        kind: { S: 'price-change-notice' },
        facts: { M: { priceChangeId: { S: 'pc-1' } } },
      },
    ]);
  });

  it('leaves tables that already exist in an on-disk store, with their items', async () => {
    directory = await mkdtemp(join(tmpdir(), 'stille-tables-test-'));
    const path = join(directory, 'dynamodb');
    const first = await start(path);
    await createTablesFromTemplate(first, template());
    await first.send(
      new PutItemCommand({ TableName: 'CustomersTableD4E5F6', Item: { customerId: { S: 'c-1' } } }),
    );
    first.destroy();
    await dynamodb?.close();

    const second = await start(path);
    const names = await createTablesFromTemplate(second, template());

    expect(names.get('CustomersTableD4E5F6')).toBe('CustomersTableD4E5F6');
    const { Items } = await second.send(
      new QueryCommand({
        TableName: 'CustomersTableD4E5F6',
        KeyConditionExpression: 'customerId = :id',
        ExpressionAttributeValues: { ':id': { S: 'c-1' } },
      }),
    );
    expect(Items).toHaveLength(1);
  });

  it('creates global tables (TableV2) with the provisioned capacity of their first replica', async () => {
    const ddb = await start();
    const names = await createTablesFromTemplate(ddb, {
      Resources: {
        SurveysTable: {
          Type: 'AWS::DynamoDB::GlobalTable',
          Properties: {
            BillingMode: 'PROVISIONED',
            KeySchema: [{ AttributeName: 'surveyId', KeyType: 'HASH' }],
            AttributeDefinitions: [
              { AttributeName: 'surveyId', AttributeType: 'S' },
              { AttributeName: 'customerId', AttributeType: 'S' },
            ],
            WriteProvisionedThroughputSettings: {
              WriteCapacityAutoScalingSettings: { MinCapacity: 2, MaxCapacity: 10 },
            },
            GlobalSecondaryIndexes: [
              {
                IndexName: 'byCustomer',
                KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
                Projection: { ProjectionType: 'KEYS_ONLY' },
              },
            ],
            Replicas: [{ Region: 'eu-north-1', ReadProvisionedThroughputSettings: { ReadCapacityUnits: 4 } }],
          },
        },
      },
    });

    expect(names.get('SurveysTable')).toBe('SurveysTable');
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'SurveysTable' }));
    expect(Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(4);
    expect(Table?.ProvisionedThroughput?.WriteCapacityUnits).toBe(2);
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('ACTIVE');
  });

  it('names the resource when its key schema cannot be translated', async () => {
    const ddb = await start();
    const broken: CloudFormationTemplate = {
      Resources: {
        BrokenTable: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [{ AttributeName: { Ref: 'KeyName' }, KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          },
        },
      },
    };

    const error = await createTablesFromTemplate(ddb, broken).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LocalTableError);
    expect((error as LocalTableError).logicalId).toBe('BrokenTable');
    expect((error as LocalTableError).message).toContain('KeySchema[0].AttributeName');
  });

  it('refuses two resources with the same table name', async () => {
    const ddb = await start();
    const resource = template().Resources.CustomersTableD4E5F6;
    const properties = { ...resource?.Properties, TableName: 'same' };

    await expect(
      createTablesFromTemplate(ddb, {
        Resources: {
          A: { Type: 'AWS::DynamoDB::Table', Properties: properties },
          B: { Type: 'AWS::DynamoDB::Table', Properties: properties },
        },
      }),
    ).rejects.toThrow(/already used by A/);
  });
});

describe('createTableInput', () => {
  it('gives provisioned indexes the throughput of their table when they give none', () => {
    const input = createTableInput('Table', {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'other', AttributeType: 'N' },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: '7', WriteCapacityUnits: 8 },
        GlobalSecondaryIndexes: [
          { IndexName: 'byOther', KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }], Projection: {} },
        ],
      },
    });

    expect(input.BillingMode).toBe('PROVISIONED');
    expect(input.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 7, WriteCapacityUnits: 8 });
    expect(input.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 7,
      WriteCapacityUnits: 8,
    });
    expect(input.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: 'ALL' });
  });

  it('keeps the non-key attributes of an INCLUDE projection and gives on-demand indexes no throughput', () => {
    const input = createTableInput('Table', {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'other', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byOther',
            KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
          },
        ],
      },
    });

    expect(input.ProvisionedThroughput).toBeUndefined();
    expect(input.GlobalSecondaryIndexes?.[0]).toEqual({
      IndexName: 'byOther',
      KeySchema: [{ AttributeName: 'other', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
    });
  });
});
