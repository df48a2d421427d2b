import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { OfferCatalogPublishedSchema, validateEvent } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import { RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import { createHandler } from '#handlers/ingest-event.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';
import { fixedClock, TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { customerUpserted, eventBridgeEvent } from '../../helpers/events.ts';

let dynamo: LocalDynamoDb;
let client: DynamoDBClient;
let repositories: Repositories;
let ingest: ReturnType<typeof createHandler>;

const catalog = (catalogId: string) =>
  OfferCatalogPublishedSchema.parse({
    catalogId,
    offers: [
      {
        offerId: `bonus-${catalogId}`,
        name: { 'en-GB': 'Bonus' },
        market: 'NO',
        benefit: { type: 'bonus', amount: 100 },
        validUntil: '2027-06-30',
      },
    ],
  });

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const [name, range] of [
    [TEST_TABLES.customersTable, 'sk'],
    [TEST_TABLES.campaignsTable, 'sk'],
  ] as const) {
    const hash = name === TEST_TABLES.customersTable ? 'customerId' : 'campaignId';
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: hash, AttributeType: 'S' },
          { AttributeName: range, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: hash, KeyType: 'HASH' },
          { AttributeName: range, KeyType: 'RANGE' },
        ],
      }),
    );
  }
  const ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  repositories = repositoriesFrom({ ddb, tables: TEST_TABLES });
  ingest = createHandler(testDeps({ clock: fixedClock('2027-03-01T08:00:00Z') }), repositories);
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

describe('retention on dynalite', () => {
  it('keeps the newer catalog whatever order the publications arrive in, and schedules the program with it', async () => {
    const { retention, campaigns } = repositories;
    expect(await retention.publishCatalog(catalog('2027-04'), new Date('2027-04-01T08:00:00Z'))).toEqual({
      applied: true,
    });
    expect(await retention.publishCatalog(catalog('2027-03'), new Date('2027-03-01T08:00:00Z'))).toEqual({
      applied: false,
    });
    expect((await retention.currentCatalog())?.catalog.catalogId).toBe('2027-04');

    // Through IngestEvent: the catalog, then the program's daily campaign with its holdout.
    await ingest({
      ...eventBridgeEvent(DETAIL_TYPE.offerCatalogPublished, { ...catalog('2027-05'), holdoutPercent: 15 }),
      time: '2027-05-01T08:00:00Z',
    });
    expect((await retention.currentCatalog())?.catalog.catalogId).toBe('2027-05');
    const program = await campaigns.get(RETENTION_PROGRAM_ID);
    expect(program?.definition).toMatchObject({
      kind: 'retention-offer',
      holdoutPercent: 15,
      audience: { everyone: true },
      schedule: { cron: '0 5 * * ? *', timeZone: 'UTC' },
    });
  });

  it('stores an ended contract next to the customer, the later end of a product standing', async () => {
    await repositories.customers.upsert(
      customerUpserted({ customerId: 'c-ended' }),
      new Date('2027-01-01T00:00:00Z'),
    );
    const ended = { customerId: 'c-ended', productId: 'p-1', reason: 'switched-supplier' as const };
    await repositories.retention.endContract({ ...ended, endedAt: '2027-03-10T00:00:00Z' });
    expect(
      await repositories.retention.endContract({
        ...ended,
        endedAt: '2027-03-01T00:00:00Z',
        reason: 'moved',
      }),
    ).toEqual({ applied: false });
    const stored = await repositories.customers.get('c-ended');
    expect(stored?.ended).toEqual([
      { productId: 'p-1', endedAt: '2027-03-10T00:00:00Z', reason: 'switched-supplier' },
    ]);
    // The scan of every customer (a campaign run) brings it too, and the profile is as it was.
    const all = await collect(repositories.customers.all());
    expect(all.find((customer) => customer.customerId === 'c-ended')?.ended).toHaveLength(1);
    expect(stored?.products.map((product) => product.productId)).toEqual(['p-1', 'p-2']);
  });

  it('keeps the churn risk per customer', async () => {
    await repositories.customers.upsert(
      customerUpserted({ customerId: 'c-risk' }),
      new Date('2027-01-01T00:00:00Z'),
    );
    const risk = {
      churnRisk: 'medium',
      score: 2,
      signalKeys: ['binding-ending#p-2', 'high-invoice#inv-1'],
      catalogId: '2027-05',
      derivedAt: '2027-05-02T05:00:00.000Z',
    };
    await repositories.retention.putRisk('c-risk', risk);
    expect((await repositories.customers.get('c-risk'))?.risk).toEqual(risk);
  });

  it('refuses a campaign under the program’s id, and a retention-offer campaign naming no offer of the catalog', async () => {
    const campaign = {
      campaignId: RETENTION_PROGRAM_ID,
      name: 'Mine',
      kind: 'retention-offer',
      offerId: 'bonus-2027-05',
      audience: { everyone: true },
      schedule: { at: '2027-03-05T09:00:00Z' },
      fallbackLocale: 'nb-NO',
    };
    expect(validateEvent(DETAIL_TYPE.campaignScheduled, campaign).ok).toBe(true);
    const at = (detail: unknown) => ({
      ...eventBridgeEvent(DETAIL_TYPE.campaignScheduled, detail),
      time: '2027-03-01T08:00:00Z',
    });
    await expect(ingest(at(campaign))).rejects.toThrow(InvalidEventError);
    const unknownOffer = { ...campaign, campaignId: 'cmp-x', offerId: 'nope' };
    const error = await ingest(at(unknownOffer)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors[0]).toMatchObject({ path: 'offerId' });
    expect((error as InvalidEventError).errors[0]?.message).toContain('bonus-2027-05');
    const known = { ...campaign, campaignId: 'cmp-bonus' };
    await expect(ingest(at(known))).resolves.toMatchObject({
      key: 'cmp-bonus',
    });
  });
});
