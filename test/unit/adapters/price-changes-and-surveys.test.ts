import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoPriceChangeRepository,
  DynamoSurveyRepository,
} from '../../../functions/adapters/dynamo/index.ts';
import { TransientError } from '../../../functions/domain/errors.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { priceChangeAnnounced, surveyResponseReceived } from '../../helpers/events.ts';

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

describe('SurveyRepository', () => {
  const repository = new DynamoSurveyRepository(ddb, TEST_TABLES.surveysTable);

  it('stores the response with respondedAt as at', async () => {
    ddbMock.on(PutCommand).resolves({});

    await repository.recordResponse(surveyResponseReceived());

    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'surveys-test',
      Item: {
        surveyId: 's-9',
        customerId: 'c-1001',
        at: '2027-01-14T18:30:00+01:00',
        scale: 'csat-5',
        score: 4,
        comment: 'Quick answer, thanks.',
      },
    });
  });

  it('stores no comment attribute when the customer left none', async () => {
    ddbMock.on(PutCommand).resolves({});
    const { comment: _comment, ...withoutComment } = surveyResponseReceived();

    await repository.recordResponse(withoutComment);

    const item = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect('comment' in item).toBe(false);
    expect(item.score).toBe(4);
  });
});
