import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, DynamoCustomerRepository } from '../../../functions/adapters/dynamo/index.ts';
import { TransientError } from '../../../functions/domain/errors.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { contactPreferencesChanged, contractRenewed, customerUpserted } from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const table = TEST_TABLES.customersTable;
const repository = new DynamoCustomerRepository(testDeps().ddb, table);
const now = new Date('2027-01-05T08:00:00Z');

beforeEach(() => {
  ddbMock.reset();
});

describe('CustomerRepository.upsert', () => {
  it('writes the profile without products and one item per product', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const detail = customerUpserted();

    await repository.upsert(detail, now);

    const items = ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(items.every((input) => input.TableName === table)).toBe(true);
    expect(items.map((input) => input.Item)).toEqual([
      {
        customerId: 'c-1001',
        sk: 'profile',
        name: 'Kari Nordmann',
        market: 'NO',
        segment: 'household',
        locale: 'nb-NO',
        timeZone: 'Europe/Oslo',
        email: 'kari@example.no',
        phone: '+4791234567',
        preferredChannel: 'email',
        consents: { marketing: false, surveys: true },
        customerSince: '2019-03-01',
        paymentMethod: 'paper-invoice',
        updatedAt: '2027-01-05T08:00:00.000Z',
      },
      {
        customerId: 'c-1001',
        sk: 'product#p-1',
        productId: 'p-1',
        kind: 'electricity',
        tariffId: 'var-no1',
        contract: 'open-ended',
        bindingEndsOn: null,
      },
      {
        customerId: 'c-1001',
        sk: 'product#p-2',
        productId: 'p-2',
        kind: 'broadband',
        tariffId: 'bb-500',
        contract: 'fixed-term',
        bindingEndsOn: '2027-06-30',
      },
    ]);
    expect(ddbMock.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('deletes the product items the new profile no longer lists', async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [{ sk: 'product#p-1' }, { sk: 'product#p-old' }, { sk: 'product#p-2' }],
    });

    await repository.upsert(customerUpserted(), now);

    const query = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query?.KeyConditionExpression).toBe('customerId = :c AND begins_with(sk, :p)');
    expect(query?.ExpressionAttributeValues).toEqual({ ':c': 'c-1001', ':p': 'product#' });
    const deletes = ddbMock.commandCalls(DeleteCommand).map((call) => call.args[0].input);
    expect(deletes).toEqual([{ TableName: table, Key: { customerId: 'c-1001', sk: 'product#p-old' } }]);
  });

  it('removes every product of a customer whose profile lists none', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'product#p-1' }, { sk: 'product#p-2' }] });

    await repository.upsert(customerUpserted({ products: [] }), now);

    const deleted = ddbMock.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.sk);
    expect(deleted).toEqual(['product#p-1', 'product#p-2']);
    expect(ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.sk)).toEqual(['profile']);
  });

  it('surfaces a throttled write as a TransientError', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(PutCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    await expect(repository.upsert(customerUpserted(), now)).rejects.toBeInstanceOf(TransientError);
  });
});

describe('CustomerRepository.get', () => {
  it('assembles the profile, its products and its opt-outs without internal attributes', async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [
        {
          customerId: 'c-1001',
          sk: 'optout#sms#marketing',
          channel: 'sms',
          purpose: 'marketing',
          optedOut: true,
          source: 'sms-stop',
          at: '2027-01-06T10:15:00+01:00',
          atMs: 1_799_000_000_000,
        },
        {
          customerId: 'c-1001',
          sk: 'product#p-1',
          productId: 'p-1',
          kind: 'electricity',
          tariffId: 'var-no1',
          contract: 'fixed-term',
          bindingEndsOn: '2028-01-31',
          renewedAt: '2027-01-15T10:00:00Z',
          renewedAtMs: 1,
        },
        { customerId: 'c-1001', sk: 'profile', name: 'Kari Nordmann', updatedAt: '2027-01-05T08:00:00.000Z' },
      ],
    });

    const customer = await repository.get('c-1001');

    expect(customer).toEqual({
      customerId: 'c-1001',
      name: 'Kari Nordmann',
      updatedAt: '2027-01-05T08:00:00.000Z',
      products: [
        {
          customerId: 'c-1001',
          productId: 'p-1',
          kind: 'electricity',
          tariffId: 'var-no1',
          contract: 'fixed-term',
          bindingEndsOn: '2028-01-31',
          renewedAt: '2027-01-15T10:00:00Z',
        },
      ],
      optOuts: [
        {
          channel: 'sms',
          purpose: 'marketing',
          optedOut: true,
          source: 'sms-stop',
          at: '2027-01-06T10:15:00+01:00',
        },
      ],
    });
  });

  it('answers undefined for a customer without a profile', async () => {
    ddbMock
      .on(QueryCommand)
      .resolves({ Items: [{ customerId: 'c-9', sk: 'optout#email#all', optedOut: true }] });

    expect(await repository.get('c-9')).toBeUndefined();
  });
});

describe('CustomerRepository.recordPreference', () => {
  it('writes the opt-out item only if no later change is stored', async () => {
    ddbMock.on(PutCommand).resolves({});
    const detail = contactPreferencesChanged();

    const outcome = await repository.recordPreference(detail);

    expect(outcome).toEqual({ applied: true });
    const input = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    const atMs = Date.parse('2027-01-06T09:15:00Z');
    expect(input).toEqual({
      TableName: table,
      Item: {
        customerId: 'c-1001',
        sk: 'optout#sms#marketing',
        channel: 'sms',
        purpose: 'marketing',
        optedOut: true,
        source: 'sms-stop',
        at: '2027-01-06T10:15:00+01:00',
        atMs,
      },
      ConditionExpression: 'attribute_not_exists(sk) OR atMs <= :atMs',
      ExpressionAttributeValues: { ':atMs': atMs },
    });
  });

  it('reports an older change as not applied instead of failing', async () => {
    ddbMock
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'newer stored', $metadata: { httpStatusCode: 400 } }),
      );

    expect(await repository.recordPreference(contactPreferencesChanged())).toEqual({ applied: false });
  });
});

describe('CustomerRepository.renewContract', () => {
  it('sets the binding end and makes the contract fixed-term on an existing product', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    const outcome = await repository.renewContract(contractRenewed());

    expect(outcome).toEqual({ applied: true });
    const input = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ customerId: 'c-1001', sk: 'product#p-1' });
    expect(input?.UpdateExpression).toBe(
      'SET bindingEndsOn = :b, renewedAt = :r, renewedAtMs = :rMs, #contract = :fixed',
    );
    expect(input?.ExpressionAttributeNames).toEqual({ '#contract': 'contract' });
    expect(input?.ExpressionAttributeValues).toEqual({
      ':b': '2028-01-31',
      ':r': '2027-01-15T10:00:00Z',
      ':rMs': Date.parse('2027-01-15T10:00:00Z'),
      ':fixed': 'fixed-term',
    });
    expect(input?.ConditionExpression).toBe(
      'attribute_exists(sk) AND (attribute_not_exists(renewedAtMs) OR renewedAtMs <= :rMs)',
    );
  });

  it('leaves the contract kind alone for an open-ended renewal', async () => {
    ddbMock.on(UpdateCommand).resolves({});

    await repository.renewContract(contractRenewed({ bindingEndsOn: null }));

    const input = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toBe('SET bindingEndsOn = :b, renewedAt = :r, renewedAtMs = :rMs');
    expect(input?.ExpressionAttributeNames).toBeUndefined();
    expect(input?.ExpressionAttributeValues?.[':b']).toBeNull();
  });

  it('reports a renewal of an unknown product as not applied', async () => {
    ddbMock
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'no product', $metadata: { httpStatusCode: 400 } }),
      );

    expect(await repository.renewContract(contractRenewed({ productId: 'p-404' }))).toEqual({
      applied: false,
    });
  });
});

describe('CustomerRepository.customersOnTariff', () => {
  it('queries the byTariff index page by page and yields product records', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          {
            customerId: 'c-1',
            sk: 'product#p-1',
            productId: 'p-1',
            tariffId: 'var-no1',
            contract: 'open-ended',
          },
        ],
        LastEvaluatedKey: { tariffId: 'var-no1', customerId: 'c-1', sk: 'product#p-1' },
      })
      .resolvesOnce({
        Items: [
          {
            customerId: 'c-2',
            sk: 'product#p-7',
            productId: 'p-7',
            tariffId: 'var-no1',
            contract: 'fixed-term',
          },
        ],
      });

    const products = await collect(repository.customersOnTariff('var-no1'));

    expect(products.map((product) => [product.customerId, product.productId])).toEqual([
      ['c-1', 'p-1'],
      ['c-2', 'p-7'],
    ]);
    expect(products.every((product) => !('sk' in product))).toBe(true);
    const inputs = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toMatchObject({
      TableName: table,
      IndexName: 'byTariff',
      KeyConditionExpression: 'tariffId = :t',
      ExpressionAttributeValues: { ':t': 'var-no1' },
    });
    expect(inputs[1]?.ExclusiveStartKey).toEqual({
      tariffId: 'var-no1',
      customerId: 'c-1',
      sk: 'product#p-1',
    });
  });
});
