import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collect, DynamoCustomerRepository } from '#adapters/dynamo/index.ts';
import { profileVersion } from '#domain/customers/profile-version.ts';
import { TransientError } from '#domain/errors.ts';
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
  const version = profileVersion(customerUpserted(), now);

  it("writes this version's products under keys of their own, then the profile that names them", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const detail = customerUpserted();
    // The detail without its products.
    const { products: _products, ...profile } = detail;

    expect(await repository.upsert(detail, now)).toEqual({ applied: true });

    const puts = ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.every((input) => input.TableName === table)).toBe(true);
    expect(puts.map((input) => input.Item)).toEqual([
      {
        customerId: 'c-1001',
        sk: `product#${version}#p-1`,
        version,
        productId: 'p-1',
        kind: 'electricity',
        tariffId: 'var-no1',
        contract: 'open-ended',
        bindingEndsOn: null,
      },
      {
        customerId: 'c-1001',
        sk: `product#${version}#p-2`,
        version,
        productId: 'p-2',
        kind: 'broadband',
        tariffId: 'bb-500',
        contract: 'fixed-term',
        bindingEndsOn: '2027-06-30',
      },
      {
        ...profile,
        sk: 'profile',
        updatedAt: '2027-01-05T08:00:00.000Z',
        version,
        productIds: ['p-1', 'p-2'],
      },
    ]);
    // Products without a condition (no other version writes their keys); the profile only over an older one.
    expect(puts.slice(0, 2).every((input) => input.ConditionExpression === undefined)).toBe(true);
    expect(puts[2]).toMatchObject({
      ConditionExpression: 'attribute_not_exists(sk) OR attribute_not_exists(#v) OR #v <= :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': version },
    });
  });

  it('then deletes the products of older versions, and leaves those of its own or a later one', async () => {
    const older = profileVersion(customerUpserted({ name: 'Before' }), new Date('2027-01-04T00:00:00Z'));
    const newer = profileVersion(customerUpserted({ name: 'After' }), new Date('2027-01-06T00:00:00Z'));
    ddbMock.on(QueryCommand).resolves({
      Items: [
        { sk: `product#${older}#p-old`, version: older },
        { sk: 'product#p-stored-before-versions' },
        { sk: `product#${version}#p-1`, version },
        { sk: `product#${newer}#p-9`, version: newer },
      ],
    });

    await repository.upsert(customerUpserted(), now);

    const query = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query?.KeyConditionExpression).toBe('customerId = :c AND begins_with(sk, :p)');
    expect(query?.ExpressionAttributeValues).toEqual({ ':c': 'c-1001', ':p': 'product#' });
    const deleted = ddbMock.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.sk);
    expect(deleted).toEqual([`product#${older}#p-old`, 'product#p-stored-before-versions']);
  });

  it('takes its own products away, and reports not applied, when a later profile stands', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: `product#${version}#p-1`, version }] });
    ddbMock
      .on(PutCommand, { Item: { sk: 'profile' } })
      .rejects(new ConditionalCheckFailedException({ message: 'later', $metadata: { httpStatusCode: 400 } }));

    expect(await repository.upsert(customerUpserted(), now)).toEqual({ applied: false });
    const deleted = ddbMock.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.sk);
    expect(deleted).toEqual([`product#${version}#p-1`]);
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

  it('takes only the products of the version the profile names, in one consistent query', async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [
        { customerId: 'c-1001', sk: 'product#v1#p-gone', version: 'v1', productId: 'p-gone' },
        { customerId: 'c-1001', sk: 'product#v2#p-1', version: 'v2', productId: 'p-1' },
        { customerId: 'c-1001', sk: 'product#v3#p-next', version: 'v3', productId: 'p-next' },
        { customerId: 'c-1001', sk: 'profile', name: 'Kari', version: 'v2', productIds: ['p-1'] },
      ],
    });

    const customer = await repository.get('c-1001');

    expect(customer?.products).toEqual([{ customerId: 'c-1001', productId: 'p-1' }]);
    expect(customer).not.toHaveProperty('version');
    expect(customer).not.toHaveProperty('productIds');
    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('reads again when the profile names a product the read passed before it was written', async () => {
    const profile = { customerId: 'c-1001', sk: 'profile', name: 'Kari', version: 'v2', productIds: ['p-1'] };
    const product = { customerId: 'c-1001', sk: 'product#v2#p-1', version: 'v2', productId: 'p-1' };
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [profile] })
      .resolves({ Items: [product, profile] });

    expect((await repository.get('c-1001'))?.products.map((p) => p.productId)).toEqual(['p-1']);
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('gives up with a TransientError on a customer that keeps changing under the read', async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [{ customerId: 'c-1001', sk: 'profile', version: 'v2', productIds: ['p-1'] }],
    });

    await expect(repository.get('c-1001')).rejects.toBeInstanceOf(TransientError);
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
  beforeEach(() => {
    ddbMock.on(GetCommand).resolves({ Item: { version: 'v7' } });
  });

  it("sets the binding end and makes the contract fixed-term on the standing profile's product", async () => {
    ddbMock.on(UpdateCommand).resolves({});

    const outcome = await repository.renewContract(contractRenewed());

    expect(outcome).toEqual({ applied: true });
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { customerId: 'c-1001', sk: 'profile' },
      ConsistentRead: true,
    });
    const input = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ customerId: 'c-1001', sk: 'product#v7#p-1' });
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

  it('renews nothing for a customer without a profile', async () => {
    ddbMock.on(GetCommand).resolves({});

    expect(await repository.renewContract(contractRenewed())).toEqual({ applied: false });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('renews the product of the version that stands by the time it is written', async () => {
    ddbMock
      .on(GetCommand)
      .resolvesOnce({ Item: { version: 'v7' } })
      .resolves({ Item: { version: 'v8' } });
    ddbMock.on(UpdateCommand).resolves({});

    expect(await repository.renewContract(contractRenewed())).toEqual({ applied: true });
    expect(ddbMock.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.sk)).toEqual([
      'product#v7#p-1',
      'product#v8#p-1',
    ]);
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

    ddbMock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: {
        [table]: (input.RequestItems?.[table]?.Keys ?? []).map((key) => ({ customerId: key.customerId })),
      },
    }));

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

describe('CustomerRepository.customersOnTariff, as profiles change', () => {
  it("yields only the products of each customer's standing profile version", async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [
        { customerId: 'c-1', sk: 'product#v1#p-1', version: 'v1', productId: 'p-1', tariffId: 't' },
        { customerId: 'c-1', sk: 'product#v2#p-1', version: 'v2', productId: 'p-1', tariffId: 't' },
        { customerId: 'c-2', sk: 'product#v5#p-2', version: 'v5', productId: 'p-2', tariffId: 't' },
        { customerId: 'c-3', sk: 'product#v1#p-3', version: 'v1', productId: 'p-3', tariffId: 't' },
      ],
    });
    // c-1 stands at v2; c-2's v5 lost to a later profile; c-3 was never committed (no profile).
    ddbMock.on(BatchGetCommand).resolves({
      Responses: {
        [table]: [
          { customerId: 'c-1', version: 'v2' },
          { customerId: 'c-2', version: 'v6' },
        ],
      },
    });

    const products = await collect(repository.customersOnTariff('t'));

    expect(products).toEqual([{ customerId: 'c-1', productId: 'p-1', tariffId: 't' }]);
    const batch = ddbMock.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[table];
    expect(batch?.Keys).toEqual([
      { customerId: 'c-1', sk: 'profile' },
      { customerId: 'c-2', sk: 'profile' },
      { customerId: 'c-3', sk: 'profile' },
    ]);
    expect(batch?.ConsistentRead).toBe(true);
  });
});
