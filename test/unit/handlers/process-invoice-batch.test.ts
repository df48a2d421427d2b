import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import type { EventPublisher } from '#adapters/event-publisher.ts';
import type { CustomerUpserted, InvoiceIssued } from '#domain/contracts/index.ts';
import { InvalidEventError, TransientError } from '#domain/errors.ts';
import { createHandler, groupByCustomer, WRITE_CONCURRENCY } from '#handlers/process-invoice-batch.ts';
import { fixedClock, TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { customerUpserted, invoiceIssued } from '../../helpers/events.ts';
import { historyBefore, monthlyInvoice } from '../../helpers/invoice-history.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const BATCH_INPUT = {
  runId: 'run-2027-01',
  eventId: 'evt-run',
  location: 's3://stille-runs/runs/2027-01.jsonl',
};

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
  ddbMock.on(BatchWriteCommand).resolves({});
  // No customer profile and no earlier invoice: nothing to explain.
  ddbMock.on(QueryCommand).resolves({ Items: [] });
});

const NOTHING_EXPLAINED = { explained: 0, duplicates: 0, pastDue: 0 };

function putsTo(table: string) {
  const single = ddbMock
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === table)
    .map((input) => input.Item ?? {});
  const batched = ddbMock
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => call.args[0].input.RequestItems?.[table] ?? [])
    .map((request) => request.PutRequest?.Item ?? {});
  return [...single, ...batched];
}

describe('ProcessInvoiceBatch', () => {
  it('stores the good lines and records each bad line with its id and line number', async () => {
    const handler = createHandler(testDeps());
    const lines = [
      invoiceIssued({ invoiceId: 'inv-a' }),
      { ...invoiceIssued({ invoiceId: 'inv-b' }), amount: 5 },
      invoiceIssued({ invoiceId: 'inv-c', customerId: 'c-2' }),
      'not an object',
      invoiceIssued({ invoiceId: 'inv-e' }),
    ];
    // Batches after the first carry the file position of each line, not their place in the batch.
    const Items = lines.map((invoice, position) => ({ index: 1000 + position, invoice }));

    const result = await handler({ Items, BatchInput: BATCH_INPUT });

    expect(result).toEqual({ runId: 'run-2027-01', accepted: 3, rejected: 2, ...NOTHING_EXPLAINED });
    expect(
      putsTo(TEST_TABLES.invoicesTable)
        .map((item) => item.invoiceId)
        .sort(),
    ).toEqual(['inv-a', 'inv-c', 'inv-e']);
    const rejections = putsTo(TEST_TABLES.rejectionsTable).sort((a, b) => Number(a.line) - Number(b.line));
    expect(rejections.map((item) => [item.rejectionId, item.line])).toEqual([
      ['evt-run#line-1002', 1002],
      ['evt-run#line-1004', 1004],
    ]);
    expect(rejections[0]).toMatchObject({
      eventId: 'evt-run',
      detailType: 'Invoice Issued',
      source: 'file',
      location: 's3://stille-runs/runs/2027-01.jsonl',
      receivedAt: '2027-01-05T08:00:00.000Z',
      detail: JSON.stringify(lines[1]),
    });
    expect(((rejections[0]?.errors ?? []) as { path: string }[]).map((error) => error.path)).toEqual([
      'amount',
    ]);
    expect(rejections[1]?.errors).toEqual([
      { path: 'detail', message: expect.stringContaining('JSON object') },
    ]);
  });

  it('accepts an empty batch', async () => {
    const handler = createHandler(testDeps());

    expect(await handler({ Items: [], BatchInput: BATCH_INPUT })).toEqual({
      runId: 'run-2027-01',
      accepted: 0,
      rejected: 0,
      ...NOTHING_EXPLAINED,
    });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('stores a batch’s invoices 25 a BatchWriteItem, not one request each', async () => {
    const handler = createHandler(testDeps());
    const Items = Array.from({ length: 60 }, (_, index) => ({
      index,
      invoice: invoiceIssued({ invoiceId: `inv-${index}`, customerId: `c-${index % 7}` }),
    }));

    await handler({ Items, BatchInput: BATCH_INPUT });

    const calls = ddbMock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems);
    expect(calls.map((request) => request?.[TEST_TABLES.invoicesTable]?.length)).toEqual([25, 25, 10]);
    expect(putsTo(TEST_TABLES.invoicesTable)).toHaveLength(60);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('fails the whole batch on a storage TransientError so the workflow retries it', async () => {
    const handler = createHandler(testDeps());
    ddbMock.on(BatchWriteCommand).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const Items = Array.from({ length: 200 }, (_, index) => ({
      index,
      invoice: invoiceIssued({ invoiceId: `inv-${index}` }),
    }));

    const error = await handler({ Items, BatchInput: BATCH_INPUT }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    // No new write starts after the failure: at most the calls already in flight were sent.
    expect(ddbMock.commandCalls(BatchWriteCommand).length).toBeLessThan(200 / 25);
    // Nothing was explained from a batch that was not stored.
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it(`stores the valid invoices at once and never has more than ${WRITE_CONCURRENCY} rejection writes in flight`, async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const stored: string[] = [];
    const slowly = async (id: string) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      stored.push(id);
      inFlight -= 1;
    };
    const batches: number[] = [];
    const repositories = {
      customers: { get: async () => undefined },
      invoices: {
        putMany: async (invoices: { invoiceId: string }[]) => {
          batches.push(invoices.length);
          stored.push(...invoices.map((invoice) => invoice.invoiceId));
        },
        history: async () => [],
      },
      rejections: { record: async (rejection: { rejectionId: string }) => slowly(rejection.rejectionId) },
      // No price-change notices were sent.
      messages: { sentFacts: async () => [] },
      seasonalProfiles: { samples: async () => [], putSample: async () => undefined },
    } as unknown as Repositories;
    const handler = createHandler(testDeps(), repositories);
    const Items = Array.from({ length: 100 }, (_, index) => ({
      index,
      invoice: index % 3 === 0 ? {} : invoiceIssued({ invoiceId: `inv-${index}` }),
    }));

    const result = await handler({ Items, BatchInput: BATCH_INPUT });

    expect(result).toEqual({ runId: 'run-2027-01', accepted: 66, rejected: 34, ...NOTHING_EXPLAINED });
    expect(batches).toEqual([66]);
    expect(stored).toHaveLength(100);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(WRITE_CONCURRENCY);
  });

  it('rejects a malformed batch envelope as an InvalidEventError', async () => {
    const handler = createHandler(testDeps());

    const error = await handler({ Items: [{ invoice: {} }], BatchInput: { runId: 'run-1' } }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors.map((fieldError) => fieldError.path)).toEqual([
      'Items[0].index',
      'BatchInput.eventId',
      'BatchInput.location',
    ]);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('rejects a batch larger than the workflow sends', async () => {
    const handler = createHandler(testDeps());
    const Items = Array.from({ length: 501 }, (_, index) => ({ index, invoice: {} }));

    await expect(handler({ Items, BatchInput: BATCH_INPUT })).rejects.toBeInstanceOf(InvalidEventError);
  });
});

/** In-memory customers and invoices that log every call, and a publisher that keeps what it published. */
function inMemory(customers: CustomerUpserted[], stored: InvoiceIssued[] = []) {
  const invoices = new Map(stored.map((invoice) => [invoice.invoiceId, invoice]));
  const calls: string[] = [];
  const published: { detailType: string; detail: Record<string, unknown> }[] = [];
  const repositories = {
    customers: {
      get: async (customerId: string) => {
        calls.push(`customer ${customerId}`);
        const found = customers.find((c) => c.customerId === customerId);
        if (!found) return undefined;
        const { products, ...profile } = found;
        return {
          ...profile,
          updatedAt: '2027-01-01T00:00:00Z',
          products: products.map((product) => ({ ...product, customerId })),
          optOuts: [],
        };
      },
    },
    invoices: {
      put: async (invoice: InvoiceIssued) => {
        calls.push(`put ${invoice.invoiceId}`);
        invoices.set(invoice.invoiceId, invoice);
        return { created: true };
      },
      putMany: async (many: InvoiceIssued[]) => {
        for (const invoice of many) {
          calls.push(`put ${invoice.invoiceId}`);
          invoices.set(invoice.invoiceId, invoice);
        }
      },
      history: async (customerId: string) => {
        calls.push(`history ${customerId}`);
        return [...invoices.values()].filter((invoice) => invoice.customerId === customerId);
      },
    },
    rejections: { record: async () => undefined },
    // No price-change notices were sent.
    messages: { sentFacts: async () => [] },
    seasonalProfiles: { samples: async () => [], putSample: async () => undefined },
  } as unknown as Repositories;
  const publish = async (detailType: string, detail: Record<string, unknown>) => {
    published.push({ detailType, detail });
    return `evt-${published.length}`;
  };
  const publisher: EventPublisher = {
    publish,
    requestMessage: (request) => publish('Message Requested', { ...request }),
    requestMessages: async (requests) => {
      for (const request of requests) await publish('Message Requested', { ...request });
    },
    alert: (alert) => publish('Stille Alert', alert),
  };
  return { repositories, publisher, calls, published };
}

const items = (invoices: unknown[]) => invoices.map((invoice, index) => ({ index, invoice }));
const requestedIds = (published: { detailType: string; detail: Record<string, unknown> }[]) =>
  published
    .filter((p) => p.detailType === 'Message Requested')
    .map((p) => (p.detail.trigger as { id: string }).id)
    .sort();

describe('ProcessInvoiceBatch explanations', () => {
  const customers = ['c-a', 'c-b', 'c-c'].map((customerId) => customerUpserted({ customerId }));
  const histories = customers.flatMap(({ customerId }) => historyBefore('2027-01', 13, { customerId }));
  const deps = () => testDeps({ clock: fixedClock('2027-02-05T08:00:00Z') });

  it('explains exactly the surprising invoices of a batch and counts them', async () => {
    const memory = inMemory(customers, histories);
    const handler = createHandler(deps(), memory.repositories, memory.publisher);
    const surprising = monthlyInvoice('2027-01', { customerId: 'c-a', kwh: 3200 });
    const usual = monthlyInvoice('2027-01', { customerId: 'c-b' });
    const alsoSurprising = monthlyInvoice('2027-01', { customerId: 'c-c', kwh: 3000 });

    const result = await handler({
      Items: items([surprising, usual, { ...usual, invoiceId: 'bad', amount: 1 }, alsoSurprising]),
      BatchInput: BATCH_INPUT,
    });

    expect(result).toEqual({
      runId: 'run-2027-01',
      accepted: 3,
      rejected: 1,
      explained: 2,
      duplicates: 0,
      pastDue: 0,
    });
    expect(requestedIds(memory.published)).toEqual([alsoSurprising.invoiceId, surprising.invoiceId].sort());
    expect(memory.published.every((p) => p.detailType === 'Message Requested')).toBe(true);
  });

  it('stores the whole batch before explaining, so two overlapping invoices of one batch see each other', async () => {
    const memory = inMemory(customers, histories);
    const handler = createHandler(deps(), memory.repositories, memory.publisher);
    const first = monthlyInvoice('2027-01', { customerId: 'c-a' });
    const again = monthlyInvoice('2027-01', {
      customerId: 'c-a',
      invoiceId: 'inv-c-a-2027-01-again',
      issuedAt: '2027-02-05T07:00:00Z',
    });

    // The duplicate comes first in the file: it is still the one issued later.
    const result = await handler({ Items: items([again, first]), BatchInput: BATCH_INPUT });

    expect(result).toMatchObject({ accepted: 2, explained: 1, duplicates: 1, pastDue: 0 });
    const lastPut = memory.calls.findLastIndex((call) => call.startsWith('put '));
    const firstRead = memory.calls.findIndex((call) => call.startsWith('history '));
    expect(lastPut).toBeLessThan(firstRead);
    expect(memory.calls.filter((call) => call === 'history c-a')).toHaveLength(1);
    expect(memory.calls.filter((call) => call === 'customer c-a')).toHaveLength(1);
    const alerts = memory.published.filter((p) => p.detailType === 'Stille Alert').map((p) => p.detail);
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'duplicate-invoice',
        invoiceId: again.invoiceId,
        duplicates: [expect.objectContaining({ invoiceId: first.invoiceId })],
      }),
    ]);
    expect(requestedIds(memory.published)).toEqual([again.invoiceId]);
  });

  it('explains one customer’s invoices in billing-period order, each once', async () => {
    const memory = inMemory(customers, histories);
    const handler = createHandler(deps(), memory.repositories, memory.publisher);
    const january = monthlyInvoice('2027-01', { customerId: 'c-a', kwh: 3200 });
    // Surprising even against January's new level (a lasting change is explained once).
    const february = monthlyInvoice('2027-02', { customerId: 'c-a', kwh: 5200, dueDate: '2027-03-20' });
    const december = monthlyInvoice('2026-12', {
      customerId: 'c-a',
      invoiceId: 'inv-c-a-2026-12-b',
      kwh: 4000,
      issuedAt: '2027-02-05T07:00:00Z',
      dueDate: '2027-02-25',
    });

    const result = await handler({
      Items: items([february, january, december, january]),
      BatchInput: BATCH_INPUT,
    });

    expect(result).toMatchObject({ accepted: 4, explained: 3, duplicates: 1 });
    expect(
      memory.published
        .filter((p) => p.detailType === 'Message Requested')
        .map((p) => (p.detail.trigger as { id: string }).id),
    ).toEqual([december.invoiceId, january.invoiceId, february.invoiceId]);
  });

  it('counts surprising invoices past their due date without requesting a message', async () => {
    const memory = inMemory(customers, histories);
    const handler = createHandler(
      testDeps({ clock: fixedClock('2027-02-21T08:00:00Z') }),
      memory.repositories,
      memory.publisher,
    );
    const late = monthlyInvoice('2027-01', { customerId: 'c-a', kwh: 3200 });

    const result = await handler({ Items: items([late]), BatchInput: BATCH_INPUT });

    expect(result).toMatchObject({ accepted: 1, explained: 0, duplicates: 0, pastDue: 1 });
    expect(memory.published).toEqual([]);
  });

  it('fails the batch when an explanation cannot be published, so the workflow retries it', async () => {
    const memory = inMemory(customers, histories);
    const failing: EventPublisher = {
      publish: async () => {
        throw new TransientError('PutEvents Message Requested failed');
      },
      requestMessage: async () => {
        throw new TransientError('PutEvents Message Requested failed');
      },
      requestMessages: async () => {
        throw new TransientError('PutEvents Message Requested failed');
      },
      alert: async () => {
        throw new TransientError('PutEvents Stille Alert failed');
      },
    };
    const handler = createHandler(deps(), memory.repositories, failing);
    const surprising = monthlyInvoice('2027-01', { customerId: 'c-a', kwh: 3200 });

    await expect(handler({ Items: items([surprising]), BatchInput: BATCH_INPUT })).rejects.toBeInstanceOf(
      TransientError,
    );
  });
});

describe('groupByCustomer', () => {
  it('groups by customer in order of first appearance and drops a repeated invoice id', () => {
    const a1 = invoiceIssued({ invoiceId: 'a1', customerId: 'c-a' });
    const b1 = invoiceIssued({ invoiceId: 'b1', customerId: 'c-b' });
    const a2 = invoiceIssued({ invoiceId: 'a2', customerId: 'c-a' });

    expect(
      groupByCustomer([a1, b1, a2, a1]).map((g) => [g.customerId, g.invoices.map((i) => i.invoiceId)]),
    ).toEqual([
      ['c-a', ['a1', 'a2']],
      ['c-b', ['b1']],
    ]);
  });
});
