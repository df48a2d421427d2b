import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidEventError, TransientError } from '#domain/errors.ts';
import { createHandler } from '#handlers/ingest-event.ts';
import { fixedClock, TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import {
  contactPreferencesChanged,
  contractRenewed,
  customerUpserted,
  eventBridgeEvent,
  invoiceIssued,
  invoiceRunSubmitted,
  priceChangeAnnounced,
  supportTicketOpened,
  supportTicketResolved,
  supportTicketUpdated,
  surveyResponseReceived,
} from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const handler = createHandler(testDeps({ clock: fixedClock('2027-01-05T08:00:03Z') }));

/** Table and key of every write the handler made, in order. */
function writes() {
  return ddbMock
    .calls()
    .map((call) => call.args[0])
    .filter(
      (command) =>
        command instanceof PutCommand || command instanceof UpdateCommand || command instanceof DeleteCommand,
    )
    .map((command) => {
      const input = command.input as {
        TableName?: string;
        Item?: Record<string, unknown>;
        Key?: Record<string, unknown>;
      };
      return { table: input.TableName, key: input.Key ?? input.Item };
    });
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(QueryCommand).resolves({ Items: [] });
  ddbMock.on(PutCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
  ddbMock.on(GetCommand).resolves({ Item: { version: 'v1' } });
});

describe('IngestEvent', () => {
  it('stores a Customer Upserted event and answers with the customer id', async () => {
    const result = await handler(eventBridgeEvent('Customer Upserted', customerUpserted()));

    expect(result).toEqual({ eventId: 'evt-0001', detailType: 'Customer Upserted', key: 'c-1001' });
    const items = ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items.map((item) => item?.sk)).toEqual([
      expect.stringMatching(/^product#\d{15}\.[0-9a-f]{16}#p-1$/),
      expect.stringMatching(/^product#\d{15}\.[0-9a-f]{16}#p-2$/),
      'profile',
    ]);
    // The upsert's time is the event's (which decides between two upserts), not when it was stored.
    expect(items[2]?.updatedAt).toBe('2027-01-05T08:00:00.000Z');
  });

  it('times a direct start without an event time by when it is stored', async () => {
    const { time: _time, ...untimed } = eventBridgeEvent('Customer Upserted', customerUpserted());
    await handler(untimed);
    const profile = ddbMock.commandCalls(PutCommand).at(-1)?.args[0].input.Item;
    expect(profile?.updatedAt).toBe('2027-01-05T08:00:03.000Z');
  });

  it.each([
    [
      'Contact Preferences Changed',
      contactPreferencesChanged(),
      'c-1001',
      TEST_TABLES.customersTable,
      { sk: 'optout#sms#marketing' },
    ],
    [
      'Invoice Issued',
      invoiceIssued(),
      'inv-2027-01-c-1001',
      TEST_TABLES.invoicesTable,
      { sk: '2026-12-01#inv-2027-01-c-1001' },
    ],
    [
      'Price Change Announced',
      priceChangeAnnounced(),
      'pc-2027-02-var-no1',
      TEST_TABLES.priceChangesTable,
      { priceChangeId: 'pc-2027-02-var-no1' },
    ],
    ['Support Ticket Opened', supportTicketOpened(), 't-77', TEST_TABLES.ticketsTable, { ticketId: 't-77' }],
    [
      'Support Ticket Updated',
      supportTicketUpdated({ status: 'open' }),
      't-77',
      TEST_TABLES.ticketsTable,
      { ticketId: 't-77' },
    ],
    [
      'Support Ticket Resolved',
      supportTicketResolved(),
      't-77',
      TEST_TABLES.ticketsTable,
      { ticketId: 't-77' },
    ],
    ['Contract Renewed', contractRenewed(), 'c-1001', TEST_TABLES.customersTable, { sk: 'product#v1#p-1' }],
    [
      'Survey Response Received',
      surveyResponseReceived(),
      's-9',
      TEST_TABLES.surveysTable,
      { surveyId: 's-9' },
    ],
  ])(
    'stores %s in its table and answers with the entity id',
    async (detailType, detail, key, table, written) => {
      const result = await handler(eventBridgeEvent(detailType, detail, 'evt-42'));

      expect(result).toEqual({ eventId: 'evt-42', detailType, key });
      const made = writes();
      expect(made).toHaveLength(1);
      expect(made[0]?.table).toBe(table);
      expect(made[0]?.key).toMatchObject(written);
    },
  );

  it('stores nothing for an Invoice Run Submitted event', async () => {
    const result = await handler(eventBridgeEvent('Invoice Run Submitted', invoiceRunSubmitted()));

    expect(result).toEqual({ eventId: 'evt-0001', detailType: 'Invoice Run Submitted', key: 'run-2027-01' });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('rejects an invalid detail with InvalidEventError carrying the field errors, and stores nothing', async () => {
    const detail = { ...invoiceIssued(), amount: 999 };

    const error = await handler(eventBridgeEvent('Invoice Issued', detail)).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).name).toBe('InvalidEventError');
    const message = JSON.parse((error as Error).message) as {
      detailType: string;
      errors: { path: string }[];
    };
    expect(message.detailType).toBe('Invoice Issued');
    expect(message.errors.map((fieldError) => fieldError.path)).toContain('amount');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('rejects an unknown detail type', async () => {
    const error = await handler(eventBridgeEvent('Meter Read', { meterId: 'm-1' })).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors.map((fieldError) => fieldError.path)).toEqual(['detail-type']);
  });

  it("rejects a Stille Alert from another source: it is stille's own, and says so", async () => {
    const error = await handler({
      ...eventBridgeEvent('Stille Alert', { kind: 'detractor', at: '2027-01-05T08:00:00Z' }),
      source: 'crm',
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors).toEqual([
      {
        path: 'source',
        message:
          'must be stille\'s own (a source beginning with "stille") for a "Stille Alert": only stille\'s functions and workflows raise alerts, got "crm"',
      },
    ]);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('rejects an input that is not an event at all', async () => {
    await expect(handler('just a string')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(handler(null)).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('gives a direct start without an id the same event id every time', async () => {
    const input = { 'detail-type': 'Invoice Issued', detail: invoiceIssued() };
    const reordered = {
      detail: Object.fromEntries(Object.entries(invoiceIssued()).reverse()),
      'detail-type': 'Invoice Issued',
    };

    const first = await handler(input);
    const again = await handler(reordered);
    const other = await handler({
      'detail-type': 'Invoice Issued',
      detail: invoiceIssued({ invoiceId: 'inv-other' }),
    });

    expect(first.eventId).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(again.eventId).toBe(first.eventId);
    expect(other.eventId).not.toBe(first.eventId);
  });

  it('lets a throttled write fail the task as TransientError so the workflow retries', async () => {
    ddbMock.on(PutCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const error = await handler(eventBridgeEvent('Invoice Issued', invoiceIssued())).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).name).toBe('TransientError');
  });

  it('runs with the minimal context of the embedded runtime, or none', async () => {
    const minimal = {
      functionName: 'IngestEvent',
      awsRequestId: 'req-1',
      // A simulated clock may be far past the deadline: the handler must still run to the end.
      getRemainingTimeInMillis: () => -5_000,
    };
    // A write that takes a few milliseconds, as a real one does: long enough for a wrongly armed deadline to fire.
    ddbMock.on(PutCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 20)));

    await expect(
      handler(eventBridgeEvent('Invoice Issued', invoiceIssued()), minimal as never),
    ).resolves.toMatchObject({
      key: 'inv-2027-01-c-1001',
    });
    await expect(handler(eventBridgeEvent('Invoice Issued', invoiceIssued()))).resolves.toMatchObject({
      key: 'inv-2027-01-c-1001',
    });
  });
});
