import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CustomerRecord,
  collect,
  DynamoCustomerRepository,
  type Repositories,
  repositoriesFrom,
} from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import { profileVersion } from '#domain/customers/profile-version.ts';
import { surveyAfterTicket } from '#domain/surveys/surveys.ts';
import { type LocalDynamoDb, startDynamoDb } from '#local/services/dynamodb.ts';
import { TEST_TABLES } from '../../helpers/deps.ts';
import {
  contactPreferencesChanged,
  contractRenewed,
  customerUpserted,
  invoiceIssued,
  supportTicketOpened,
  supportTicketResolved,
  supportTicketUpdated,
  surveyResponseReceived,
} from '../../helpers/events.ts';

// The same repositories against dynalite: the condition and update expressions are evaluated for real.
let dynamo: LocalDynamoDb;
let client: DynamoDBClient;
let repositories: Repositories;
let documentClient: DynamoDBDocumentClient;

async function createTable(name: string, hash: string, range?: string, byTariff = false) {
  const attributes = new Set([
    hash,
    ...(range ? [range] : []),
    ...(byTariff ? ['tariffId', 'customerId'] : []),
  ]);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((attribute) => ({
        AttributeName: attribute,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: hash, KeyType: 'HASH' },
        ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : []),
      ],
      ...(byTariff
        ? {
            GlobalSecondaryIndexes: [
              {
                IndexName: 'byTariff',
                KeySchema: [
                  { AttributeName: 'tariffId', KeyType: 'HASH' },
                  { AttributeName: 'customerId', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              },
            ],
          }
        : {}),
    }),
  );
}

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(TEST_TABLES.customersTable, 'customerId', 'sk', true);
  await createTable(TEST_TABLES.invoicesTable, 'customerId', 'sk');
  await createTable(TEST_TABLES.ticketsTable, 'ticketId');
  await createTable(TEST_TABLES.rejectionsTable, 'rejectionId');
  await createTable(TEST_TABLES.surveysTable, 'surveyId');
  const ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  documentClient = ddb;
  repositories = repositoriesFrom({ ddb, tables: TEST_TABLES });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

describe('repositories on dynalite', () => {
  it('replaces a customer profile and drops products it no longer lists', async () => {
    const { customers } = repositories;
    await customers.upsert(customerUpserted({ customerId: 'c-upsert' }), new Date('2027-01-01T00:00:00Z'));
    const [electricity] = customerUpserted().products;
    await customers.upsert(
      customerUpserted({
        customerId: 'c-upsert',
        name: 'Kari N.',
        products: electricity ? [electricity] : [],
      }),
      new Date('2027-01-02T00:00:00Z'),
    );

    const stored = await customers.get('c-upsert');

    expect(stored?.name).toBe('Kari N.');
    expect(stored?.updatedAt).toBe('2027-01-02T00:00:00.000Z');
    expect(stored?.products.map((product) => product.productId)).toEqual(['p-1']);
    const onBroadband = await collect(customers.customersOnTariff('bb-500'));
    expect(onBroadband.filter((product) => product.customerId === 'c-upsert')).toEqual([]);
    const onVariable = await collect(customers.customersOnTariff('var-no1'));
    expect(onVariable.filter((product) => product.customerId === 'c-upsert')).toEqual([
      {
        customerId: 'c-upsert',
        productId: 'p-1',
        kind: 'electricity',
        tariffId: 'var-no1',
        contract: 'open-ended',
        bindingEndsOn: null,
      },
    ]);
  });

  it('never lets an older preference change overwrite a newer one, whatever the offsets', async () => {
    const { customers } = repositories;
    await customers.upsert(customerUpserted({ customerId: 'c-pref' }), new Date('2027-01-01T00:00:00Z'));
    const newer = contactPreferencesChanged({
      customerId: 'c-pref',
      optedOut: false,
      at: '2027-01-06T10:00:00Z',
    });
    // 10:30+01:00 is 09:30Z: older, though it sorts after as text.
    const older = contactPreferencesChanged({
      customerId: 'c-pref',
      optedOut: true,
      at: '2027-01-06T10:30:00+01:00',
    });

    expect(await customers.recordPreference(newer)).toEqual({ applied: true });
    expect(await customers.recordPreference(older)).toEqual({ applied: false });
    expect(await customers.recordPreference(newer)).toEqual({ applied: true });

    const stored = await customers.get('c-pref');
    expect(stored?.optOuts).toEqual([
      {
        channel: 'sms',
        purpose: 'marketing',
        optedOut: false,
        source: 'sms-stop',
        at: '2027-01-06T10:00:00Z',
      },
    ]);
  });

  it('renews a known product and ignores an unknown one or an older renewal', async () => {
    const { customers } = repositories;
    await customers.upsert(customerUpserted({ customerId: 'c-renew' }), new Date('2027-01-01T00:00:00Z'));

    const renewal = contractRenewed({
      customerId: 'c-renew',
      renewedAt: '2027-01-15T10:00:00Z',
      bindingEndsOn: '2028-01-31',
    });
    expect(await customers.renewContract(renewal)).toEqual({ applied: true });
    const older = contractRenewed({
      customerId: 'c-renew',
      renewedAt: '2027-01-14T10:00:00Z',
      bindingEndsOn: '2027-12-31',
    });
    expect(await customers.renewContract(older)).toEqual({ applied: false });
    expect(
      await customers.renewContract(contractRenewed({ customerId: 'c-renew', productId: 'p-404' })),
    ).toEqual({
      applied: false,
    });

    const stored = await customers.get('c-renew');
    expect(
      stored?.products.map((product) => [product.productId, product.contract, product.bindingEndsOn]),
    ).toEqual([
      ['p-1', 'fixed-term', '2028-01-31'],
      ['p-2', 'fixed-term', '2027-06-30'],
    ]);
  });

  it('merges ticket events that arrive out of order, and replays change nothing', async () => {
    const { tickets } = repositories;
    const ticketId = 't-out-of-order';
    const events = [
      () => tickets.resolved(supportTicketResolved({ ticketId, resolvedAt: '2027-01-12T12:00:00Z' })),
      () =>
        tickets.updated(supportTicketUpdated({ ticketId, status: 'answered', at: '2027-01-11T08:00:00Z' })),
      () => tickets.opened(supportTicketOpened({ ticketId })),
      () =>
        tickets.updated(supportTicketUpdated({ ticketId, status: 'answered', at: '2027-01-10T15:00:00Z' })),
    ];
    for (const apply of events) await apply();
    const merged = await tickets.get(ticketId);
    for (const apply of events) await apply();

    expect(merged).toEqual({
      ticketId,
      customerId: 'c-1001',
      category: 'billing',
      priority: 'high',
      status: 'resolved',
      openedAt: '2027-01-10T09:00:00Z',
      responseDueAt: '2027-01-11T09:00:00Z',
      answeredAt: '2027-01-10T15:00:00Z',
      resolvedAt: '2027-01-12T12:00:00Z',
      updatedAt: '2027-01-12T12:00:00Z',
    });
    expect(await tickets.get(ticketId)).toEqual(merged);
  });

  it('keeps the invoice history in period order and stores a replay once', async () => {
    const { invoices } = repositories;
    const january = invoiceIssued({
      customerId: 'c-hist',
      invoiceId: 'inv-feb',
      period: { from: '2027-01-01', to: '2027-01-31' },
    });
    const december = invoiceIssued({ customerId: 'c-hist', invoiceId: 'inv-jan' });

    expect(await invoices.put(january)).toEqual({ created: true });
    expect(await invoices.put(december)).toEqual({ created: true });
    expect(await invoices.put(january)).toEqual({ created: false });

    expect(await invoices.history('c-hist')).toEqual([december, january]);
  });

  it('stores many invoices at once, an invoice given twice as its last occurrence', async () => {
    const { invoices } = repositories;
    const months = Array.from({ length: 30 }, (_, i) =>
      invoiceIssued({
        customerId: 'c-many',
        invoiceId: `inv-many-${String(i).padStart(2, '0')}`,
        period: { from: `2025-${String((i % 12) + 1).padStart(2, '0')}-01`, to: '2025-12-31' },
        issuedAt: `${2025 + Math.floor(i / 12)}-01-05T08:00:00Z`,
      }),
    );
    const corrected = { ...months[3], amount: (months[3]?.amount ?? 0) + 1 } as (typeof months)[number];

    await invoices.putMany([...months, corrected]);

    const history = await invoices.history('c-many');
    expect(history).toHaveLength(30);
    expect(history.find((invoice) => invoice.invoiceId === corrected.invoiceId)).toEqual(corrected);
  });

  it('records rejections and lists them back', async () => {
    const { rejections } = repositories;
    await rejections.record({
      rejectionId: 'evt-bad',
      eventId: 'evt-bad',
      detailType: 'Invoice Issued',
      source: 'events',
      errors: [{ path: 'amount', message: 'must be a number' }],
      receivedAt: '2027-01-05T08:00:00.000Z',
      detail: { amount: 'twelve' },
    });

    const listed = await rejections.list();

    expect(listed).toEqual([
      {
        rejectionId: 'evt-bad',
        eventId: 'evt-bad',
        detailType: 'Invoice Issued',
        source: 'events',
        errors: [{ path: 'amount', message: 'must be a number' }],
        receivedAt: '2027-01-05T08:00:00.000Z',
        detail: '{"amount":"twelve"}',
        detailTruncated: false,
        expiresAt: Date.parse('2027-04-05T08:00:00Z') / 1000,
      },
    ]);
  });

  it('escalates a ticket once, and lets a failed escalation be claimed again', async () => {
    const { tickets } = repositories;
    await tickets.opened(supportTicketOpened({ ticketId: 't-esc' }));

    expect(await tickets.claimEscalation('t-esc', '2027-01-12T09:00:00.000Z')).toBe(true);
    expect(await tickets.claimEscalation('t-esc', '2027-01-12T09:00:01.000Z')).toBe(false);
    await tickets.releaseEscalation('t-esc', '2027-01-12T09:00:00.000Z');
    expect(await tickets.claimEscalation('t-esc', '2027-01-12T09:00:02.000Z')).toBe(true);
    expect((await tickets.get('t-esc'))?.escalatedAt).toBe('2027-01-12T09:00:02.000Z');
    // A ticket never stored is not escalated (and not created by trying).
    expect(await tickets.claimEscalation('t-unknown', '2027-01-12T09:00:00.000Z')).toBe(false);
    expect(await tickets.get('t-unknown')).toBeUndefined();
  });

  it('keeps a survey’s first answer: a repeat is a duplicate, another score a conflict', async () => {
    const { surveys } = repositories;
    const survey = surveyAfterTicket(supportTicketResolved({ ticketId: 't-sv', customerId: 'c-1001' }));
    expect(await surveys.ask(survey, new Date('2027-01-12T14:00:00Z'))).toBe('created');
    expect(await surveys.ask(survey, new Date('2027-01-13T14:00:00Z'))).toBe('exists');
    const answer = surveyResponseReceived({ surveyId: survey.surveyId, score: 2 });

    expect(await surveys.recordResponse(answer)).toBe('recorded');
    expect(await surveys.recordResponse(answer)).toBe('duplicate');
    expect(await surveys.recordResponse({ ...answer, score: 5 })).toBe('conflict');
    expect(await surveys.recordResponse({ ...answer, customerId: 'c-other' })).toBe('conflict');

    expect(await surveys.get(survey.surveyId)).toEqual({
      surveyId: survey.surveyId,
      customerId: 'c-1001',
      at: '2027-01-12T14:00:00.000Z',
      askedAt: '2027-01-12T14:00:00.000Z',
      scale: 'csat-5',
      trigger: 'ticket',
      ticketId: 't-sv',
      score: 2,
      comment: 'Quick answer, thanks.',
      respondedAt: answer.respondedAt,
    });
  });

  it('takes back only the answer it recorded, so a retry can record it again', async () => {
    const { surveys } = repositories;
    const survey = surveyAfterTicket(supportTicketResolved({ ticketId: 't-sv2' }));
    await surveys.ask(survey, new Date('2027-01-12T14:00:00Z'));
    const { comment: _none, ...answer } = surveyResponseReceived({ surveyId: survey.surveyId });
    await surveys.recordResponse(answer);

    await surveys.withdrawResponse(survey.surveyId, 'some-other-time');
    expect((await surveys.get(survey.surveyId))?.score).toBe(4);
    await surveys.withdrawResponse(survey.surveyId, answer.respondedAt);
    expect(await surveys.get(survey.surveyId)).not.toHaveProperty('score');
    expect(await surveys.recordResponse(answer)).toBe('recorded');
  });

  it('stores a response to a survey stille did not ask, as another system reported it', async () => {
    const answer = surveyResponseReceived({ surveyId: 's-external' });

    expect(await repositories.surveys.recordResponse(answer)).toBe('recorded');
    expect(await repositories.surveys.get('s-external')).toMatchObject({
      customerId: 'c-1001',
      at: answer.respondedAt,
      score: 4,
    });
  });
});

/**
 * The customer repository on a client that holds every call for a few milliseconds chosen by `seed`, so
 * that two upserts started together interleave their reads and writes differently with every seed.
 */
function jitteredCustomers(seed: number): DynamoCustomerRepository {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const send = async (command: unknown) => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 6)));
    // The real client's send, with whatever command the repository built.
    return documentClient.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
  };
  // Only `send` is called by the repository.
  return new DynamoCustomerRepository(
    { send } as unknown as DynamoDBDocumentClient,
    TEST_TABLES.customersTable,
  );
}

describe('customer upserts at the same moment (dynalite, interleaved)', () => {
  const product = (productId: string, tariffId: string): CustomerUpserted['products'][number] => ({
    productId,
    kind: 'electricity',
    tariffId,
    contract: 'open-ended',
    bindingEndsOn: null,
  });
  const earlier = (customerId: string) =>
    customerUpserted({
      customerId,
      name: 'Earlier',
      products: [product('p-shared', 'var-race'), product('p-only-earlier', 'tariff-earlier')],
    });
  const later = (customerId: string) =>
    customerUpserted({
      customerId,
      name: 'Later',
      products: [product('p-shared', 'var-race'), product('p-only-later', 'tariff-later')],
    });
  const T1 = new Date('2027-01-05T08:00:00Z');
  const T2 = new Date('2027-01-05T08:00:01Z');
  const onTariff = async (tariffId: string, customerId: string) =>
    (await collect(repositories.customers.customersOnTariff(tariffId)))
      .filter((p) => p.customerId === customerId)
      .map((p) => p.productId);
  const productIds = (record: CustomerRecord | undefined) => record?.products.map((p) => p.productId);

  it.each(Array.from({ length: 12 }, (_, seed) => seed + 1))(
    'leaves the later profile whole, never the union of both (interleaving %i)',
    async (seed) => {
      const customerId = `c-race-${seed}`;
      const customers = jitteredCustomers(seed);
      // Started in either order: the time of the upsert decides, not which write lands last.
      const upserts = [customers.upsert(earlier(customerId), T1), customers.upsert(later(customerId), T2)];
      await Promise.all(seed % 2 === 0 ? upserts : upserts.reverse());

      const stored = await repositories.customers.get(customerId);
      expect(stored?.name).toBe('Later');
      expect(stored?.updatedAt).toBe(T2.toISOString());
      expect(productIds(stored)).toEqual(['p-only-later', 'p-shared']);
      expect(await onTariff('tariff-earlier', customerId)).toEqual([]);
      expect(await onTariff('tariff-later', customerId)).toEqual(['p-only-later']);
      expect(await onTariff('var-race', customerId)).toEqual(['p-shared']);
    },
  );

  it('keeps the later profile when the earlier upsert is replayed after it', async () => {
    const customerId = 'c-race-replay';
    await repositories.customers.upsert(later(customerId), T2);
    expect(await repositories.customers.upsert(earlier(customerId), T1)).toEqual({ applied: false });

    const stored = await repositories.customers.get(customerId);
    expect(stored?.name).toBe('Later');
    expect(productIds(stored)).toEqual(['p-only-later', 'p-shared']);
    expect(await onTariff('tariff-earlier', customerId)).toEqual([]);
  });

  it('picks the same winner for two upserts of the same instant, whatever the order', async () => {
    const customerId = 'c-race-tie';
    const profiles = [earlier(customerId), later(customerId)];
    // Equal times: the profile's content decides, the same on every runtime.
    const [winner] = [...profiles].sort((a, b) => profileVersion(b, T1).localeCompare(profileVersion(a, T1)));
    for (const [seed, order] of [
      [41, [0, 1]],
      [42, [1, 0]],
      [43, [1, 0]],
    ] as const) {
      const customers = jitteredCustomers(seed);
      await Promise.all(order.map((index) => customers.upsert(profiles[index] as CustomerUpserted, T1)));
      const stored = await repositories.customers.get(customerId);
      expect(stored?.name).toBe(winner?.name);
      expect(productIds(stored)).toEqual(winner?.products.map((p) => p.productId).sort());
    }
  });

  it('shows a reader during the upserts one profile whole, never products of both', async () => {
    const customerId = 'c-race-read';
    await repositories.customers.upsert(earlier(customerId), T1);
    const customers = jitteredCustomers(77);
    const seen: string[][] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const record = await repositories.customers.get(customerId);
        seen.push([record?.name ?? '', ...(productIds(record) ?? [])]);
        // The product both profiles have is listed once, whichever profile stands.
        seen.push(['listed', ...(await onTariff('var-race', customerId))]);
      }
    })();
    await customers.upsert(later(customerId), T2);
    done = true;
    await reader;

    for (const view of seen) {
      expect([
        ['Earlier', 'p-only-earlier', 'p-shared'],
        ['Later', 'p-only-later', 'p-shared'],
        ['listed', 'p-shared'],
      ]).toContainEqual(view);
    }
  });
});
