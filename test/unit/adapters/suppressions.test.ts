import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoSuppressionList, normalizeAddress } from '#adapters/dynamo/suppressions.ts';
import { TransientError } from '#domain/errors.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = 'suppressions-unit';
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'eu-north-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }),
);
const sleeps: number[] = [];
const list = new DynamoSuppressionList(ddb, table, {
  retryDelayMs: 10,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
});

/** Keys asked for in a BatchGetCommand input. */
function keysOf(input: {
  RequestItems?: Record<string, { Keys?: Array<Record<string, unknown>> }>;
}): string[] {
  return (input.RequestItems?.[table]?.Keys ?? []).map((key) => String(key.address));
}

beforeEach(() => {
  ddbMock.reset();
  sleeps.length = 0;
});

describe('normalizeAddress', () => {
  it('trims and lowercases email addresses', () => {
    expect(normalizeAddress('email', '  Kari.Nordmann@Example.NO ')).toBe('kari.nordmann@example.no');
  });

  it('keeps phone numbers as given, trimmed', () => {
    expect(normalizeAddress('sms', ' +4791234567')).toBe('+4791234567');
  });
});

describe('SuppressionList.suppress', () => {
  it('stores the normalized address only if it is not listed yet', async () => {
    ddbMock.on(PutCommand).resolves({});

    const outcome = await list.suppress({
      address: 'Kari@Example.no',
      channel: 'email',
      reason: 'bounce',
      at: '2027-01-05T08:01:00Z',
      source: 'ses:bounce:0100abc',
    });

    expect(outcome).toEqual({ applied: true });
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: table,
      Item: {
        address: 'kari@example.no',
        channel: 'email',
        reason: 'bounce',
        at: '2027-01-05T08:01:00Z',
        source: 'ses:bounce:0100abc',
      },
      ConditionExpression: 'attribute_not_exists(#address)',
      ExpressionAttributeNames: { '#address': 'address' },
    });
  });

  it('keeps the first entry when the address is already listed', async () => {
    ddbMock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    const outcome = await list.suppress({
      address: '+4791234567',
      channel: 'sms',
      reason: 'sms-stop',
      at: '2027-01-06T08:00:00Z',
      source: 'sms:keyword:STOP',
    });

    expect(outcome).toEqual({ applied: false });
  });
});

describe('SuppressionList.suppressedAmong', () => {
  it('asks for at most 100 distinct keys per BatchGet and answers the addresses as given', async () => {
    const addresses = Array.from({ length: 230 }, (_, i) => `customer-${i}@example.no`);
    // The same mailbox twice, in other cases: one key, both spellings in the answer.
    addresses.push('CUSTOMER-7@example.no', '+4791234567');
    ddbMock.on(BatchGetCommand).callsFake((input) => {
      const keys = keysOf(input);
      const listed = keys.filter(
        (key) => key === 'customer-7@example.no' || key === 'customer-150@example.no',
      );
      return Promise.resolve({ Responses: { [table]: listed.map((address) => ({ address })) } });
    });

    const suppressed = await list.suppressedAmong(addresses);

    const batches = ddbMock.commandCalls(BatchGetCommand).map((call) => keysOf(call.args[0].input));
    expect(batches.map((keys) => keys.length)).toEqual([100, 100, 31]);
    expect(new Set(batches.flat()).size).toBe(231);
    expect(ddbMock.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[table]).toMatchObject({
      ProjectionExpression: '#address',
      ConsistentRead: true,
    });
    expect([...suppressed].sort()).toEqual(
      ['CUSTOMER-7@example.no', 'customer-150@example.no', 'customer-7@example.no'].sort(),
    );
  });

  it('asks again for unprocessed keys, backing off between rounds', async () => {
    ddbMock
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [table]: [{ address: 'a@example.no' }] },
        UnprocessedKeys: { [table]: { Keys: [{ address: 'b@example.no' }, { address: 'c@example.no' }] } },
      })
      .resolvesOnce({
        Responses: { [table]: [] },
        UnprocessedKeys: { [table]: { Keys: [{ address: 'c@example.no' }] } },
      })
      .resolvesOnce({ Responses: { [table]: [{ address: 'c@example.no' }] } });

    const suppressed = await list.suppressedAmong([
      'a@example.no',
      'b@example.no',
      'c@example.no',
      'd@example.no',
    ]);

    expect([...suppressed].sort()).toEqual(['a@example.no', 'c@example.no']);
    const calls = ddbMock.commandCalls(BatchGetCommand).map((call) => keysOf(call.args[0].input));
    expect(calls).toEqual([
      ['a@example.no', 'b@example.no', 'c@example.no', 'd@example.no'],
      ['b@example.no', 'c@example.no'],
      ['c@example.no'],
    ]);
    expect(sleeps).toEqual([10, 20]);
  });

  it('gives up with a TransientError when keys stay unprocessed', async () => {
    ddbMock.on(BatchGetCommand).resolves({
      Responses: { [table]: [] },
      UnprocessedKeys: { [table]: { Keys: [{ address: 'b@example.no' }] } },
    });

    await expect(list.suppressedAmong(['b@example.no'])).rejects.toBeInstanceOf(TransientError);
    expect(ddbMock.commandCalls(BatchGetCommand)).toHaveLength(5);
  });

  it('makes no call for an empty list', async () => {
    await expect(list.suppressedAmong([])).resolves.toEqual(new Set());
    expect(ddbMock.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});
