import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  batchPutItems,
  callDynamo,
  collect,
  isTransientDynamoError,
  queryItems,
} from '#adapters/dynamo/calls.ts';
import { TransientError } from '#domain/errors.ts';
import { testDeps } from '../../helpers/deps.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const { ddb } = testDeps();

/** An SDK-shaped service error with the given name and HTTP status. */
function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode } });
}

beforeEach(() => {
  ddbMock.reset();
});

describe('DynamoDB error mapping', () => {
  it.each([
    new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } }),
    serviceError('ThrottlingException', 400),
    new RequestLimitExceeded({ message: 'account limit', $metadata: { httpStatusCode: 400 } }),
    new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
    serviceError('SomethingUnmodelled', 503),
  ])('turns $name into a TransientError that keeps the SDK error as cause', async (sdkError) => {
    ddbMock.on(GetCommand).rejects(sdkError);

    const call = callDynamo('GetItem t', () =>
      ddb.send(new GetCommand({ TableName: 't', Key: { id: '1' } })),
    );

    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).name).toBe('TransientError');
    expect((error as TransientError).cause).toBe(sdkError);
    expect((error as TransientError).message).toContain(sdkError.name);
  });

  it('lets client errors and conditional-check failures through unchanged', async () => {
    const validation = serviceError('ValidationException', 400);
    const conditional = new ConditionalCheckFailedException({
      message: 'no',
      $metadata: { httpStatusCode: 400 },
    });
    ddbMock.on(GetCommand).rejectsOnce(validation).rejectsOnce(conditional);
    const get = () =>
      callDynamo('GetItem t', () => ddb.send(new GetCommand({ TableName: 't', Key: { id: '1' } })));

    await expect(get()).rejects.toBe(validation);
    await expect(get()).rejects.toBe(conditional);
  });

  it('does not treat plain programming errors as transient', () => {
    expect(isTransientDynamoError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDynamoError('ThrottlingException')).toBe(false);
    expect(isTransientDynamoError(serviceError('ResourceNotFoundException', 400))).toBe(false);
  });
});

describe('queryItems', () => {
  it('follows LastEvaluatedKey until the last page', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ n: 1 }, { n: 2 }], LastEvaluatedKey: { pk: 'a', sk: '2' } })
      .resolvesOnce({ Items: [{ n: 3 }], LastEvaluatedKey: { pk: 'a', sk: '3' } })
      .resolvesOnce({ Items: [] });

    const items = await collect(queryItems(ddb, { TableName: 't', KeyConditionExpression: 'pk = :p' }));

    expect(items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const startKeys = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey);
    expect(startKeys).toEqual([undefined, { pk: 'a', sk: '2' }, { pk: 'a', sk: '3' }]);
  });

  it('maps a throttled page to a TransientError', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ n: 1 }], LastEvaluatedKey: { pk: 'a' } })
      .rejectsOnce(serviceError('ThrottlingException', 400));

    await expect(collect(queryItems(ddb, { TableName: 't' }))).rejects.toBeInstanceOf(TransientError);
  });
});

describe('batchPutItems', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `k-${i}` }));
  const noWait = { sleep: async () => undefined, retryDelayMs: 10 };

  it('puts 25 items a BatchWriteItem and sends nothing for no items', async () => {
    ddbMock.on(BatchWriteCommand).resolves({});
    await batchPutItems(ddb, 'T', items(0), noWait);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(0);

    await batchPutItems(ddb, 'T', items(51), noWait);
    const sizes = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.T?.length);
    expect(sizes.sort()).toEqual([1, 25, 25]);
  });

  it('sends the unprocessed items again, after doubling delays, until none is left', async () => {
    const waits: number[] = [];
    const left = { PutRequest: { Item: { pk: 'k-3' } } };
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { T: [left] } })
      .resolvesOnce({ UnprocessedItems: { T: [left] } })
      .resolves({});

    await batchPutItems(ddb, 'T', items(5), {
      retryDelayMs: 10,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    const calls = ddbMock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.T);
    expect(calls.map((requests) => requests?.length)).toEqual([5, 1, 1]);
    expect(calls[2]).toEqual([left]);
    expect(waits).toEqual([10, 20]);
  });

  it('gives up as a TransientError when items stay unprocessed, for the workflow to retry', async () => {
    ddbMock
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { T: [{ PutRequest: { Item: { pk: 'k-0' } } }] } });

    const error = await batchPutItems(ddb, 'T', items(2), noWait).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/1 items unprocessed after 6 rounds/);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(6);
  });

  it('turns throttling of the call itself into a TransientError', async () => {
    ddbMock.on(BatchWriteCommand).rejects(serviceError('ProvisionedThroughputExceededException', 400));

    await expect(batchPutItems(ddb, 'T', items(3), noWait)).rejects.toBeInstanceOf(TransientError);
  });
});
