import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSuppressionList } from '#adapters/dynamo/suppressions.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';

// The suppression list against dynalite, which enforces BatchGetItem's 100-key limit and refuses
// duplicate keys in one request, as DynamoDB does.
const TABLE = 'suppressions-dynalite';
let dynamo: LocalDynamoDb;
let client: DynamoDBClient;
let ddb: DynamoDBDocumentClient;
let list: DynamoSuppressionList;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'address', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'address', KeyType: 'HASH' }],
    }),
  );
  ddb = DynamoDBDocumentClient.from(client);
  list = new DynamoSuppressionList(ddb, TABLE);
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

describe('suppression list on dynalite', () => {
  it('keeps the first report of an address', async () => {
    const first = await list.suppress({
      address: 'Ola@Example.NO',
      channel: 'email',
      reason: 'bounce',
      at: '2027-01-05T08:00:00Z',
      source: 'ses:bounce:1',
    });
    const second = await list.suppress({
      address: 'ola@example.no',
      channel: 'email',
      reason: 'complaint',
      at: '2027-01-07T08:00:00Z',
      source: 'ses:complaint:2',
    });

    expect([first.applied, second.applied]).toEqual([true, false]);
    const stored = await ddb.send(new GetCommand({ TableName: TABLE, Key: { address: 'ola@example.no' } }));
    expect(stored.Item).toEqual({
      address: 'ola@example.no',
      channel: 'email',
      reason: 'bounce',
      at: '2027-01-05T08:00:00Z',
      source: 'ses:bounce:1',
    });
  });

  it('finds the suppressed addresses among hundreds, whatever their case, duplicates included', async () => {
    await list.suppress({
      address: '+4790000042',
      channel: 'sms',
      reason: 'sms-stop',
      at: '2027-01-05T08:00:00Z',
      source: 'sms:STOP',
    });
    await list.suppress({
      address: 'customer-199@example.no',
      channel: 'email',
      reason: 'manual',
      at: '2027-01-05T08:00:00Z',
      source: 'operator',
    });
    const addresses = [
      ...Array.from({ length: 250 }, (_, i) => `customer-${i}@example.no`),
      ...Array.from({ length: 60 }, (_, i) => `+47900000${String(i).padStart(2, '0')}`),
      'OLA@example.no',
      'ola@example.no',
      'customer-199@example.no',
    ];

    const suppressed = await list.suppressedAmong(addresses);

    expect([...suppressed].sort()).toEqual(
      ['+4790000042', 'OLA@example.no', 'ola@example.no', 'customer-199@example.no'].sort(),
    );
  });
});
