import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../../../functions/adapters/dynamo/index.ts';
import { InvalidEventError, TransientError } from '../../../functions/domain/errors.ts';
import { createHandler, WRITE_CONCURRENCY } from '../../../functions/handlers/process-invoice-batch.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { invoiceIssued } from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const BATCH_INPUT = {
  runId: 'run-2027-01',
  eventId: 'evt-run',
  location: 's3://stille-runs/runs/2027-01.jsonl',
};

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
});

function putsTo(table: string) {
  return ddbMock
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === table)
    .map((input) => input.Item ?? {});
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

    expect(result).toEqual({ runId: 'run-2027-01', accepted: 3, rejected: 2 });
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
    });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('fails the whole batch on a storage TransientError so the workflow retries it', async () => {
    const handler = createHandler(testDeps());
    ddbMock.on(PutCommand, { TableName: TEST_TABLES.invoicesTable }).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const Items = Array.from({ length: 40 }, (_, index) => ({
      index,
      invoice: invoiceIssued({ invoiceId: `inv-${index}` }),
    }));

    const error = await handler({ Items, BatchInput: BATCH_INPUT }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientError);
    // No new write starts after the failure: at most the writes already in flight were sent.
    expect(ddbMock.commandCalls(PutCommand).length).toBeLessThanOrEqual(WRITE_CONCURRENCY);
  });

  it(`never has more than ${WRITE_CONCURRENCY} writes in flight`, async () => {
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
    const repositories = {
      invoices: {
        put: async (invoice: { invoiceId: string }) => {
          await slowly(invoice.invoiceId);
          return { created: true };
        },
      },
      rejections: { record: async (rejection: { rejectionId: string }) => slowly(rejection.rejectionId) },
    } as unknown as Repositories;
    const handler = createHandler(testDeps(), repositories);
    const Items = Array.from({ length: 100 }, (_, index) => ({
      index,
      invoice: index % 10 === 0 ? {} : invoiceIssued({ invoiceId: `inv-${index}` }),
    }));

    const result = await handler({ Items, BatchInput: BATCH_INPUT });

    expect(result).toEqual({ runId: 'run-2027-01', accepted: 90, rejected: 10 });
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
