import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPriceChangeRepository } from '#adapters/dynamo/index.ts';
import { TransientError } from '#domain/errors.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { priceChangeAnnounced } from '../../helpers/events.ts';

// The survey repository's conditional writes are tested on dynalite (repositories-on-dynalite.test.ts).

const ddbMock = mockClient(DynamoDBDocumentClient);
const { ddb } = testDeps();

beforeEach(() => {
  ddbMock.reset();
});

describe('PriceChangeRepository', () => {
  const repository = new DynamoPriceChangeRepository(ddb, TEST_TABLES.priceChangesTable);

  it('stores the announcement as it is, keyed by its id', async () => {
    ddbMock.on(PutCommand).resolves({});
    const detail = priceChangeAnnounced();

    await repository.put(detail);

    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'price-changes-test',
      Item: detail,
    });
  });

  it('reads an announcement back consistently, or undefined', async () => {
    const detail = priceChangeAnnounced();
    ddbMock.on(GetCommand, { Key: { priceChangeId: detail.priceChangeId } }).resolves({ Item: detail });
    ddbMock.on(GetCommand, { Key: { priceChangeId: 'pc-none' } }).resolves({});

    expect(await repository.get(detail.priceChangeId)).toEqual(detail);
    expect(await repository.get('pc-none')).toBeUndefined();
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('surfaces throughput errors as TransientError', async () => {
    ddbMock.on(PutCommand).rejects(
      Object.assign(new Error('slow'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(repository.put(priceChangeAnnounced())).rejects.toBeInstanceOf(TransientError);
  });
});
