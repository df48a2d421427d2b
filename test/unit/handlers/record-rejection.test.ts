import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidEventError } from '#domain/errors.ts';
import { eventIdOf } from '#handlers/common/event-id.ts';
import { createHandler as createIngest } from '#handlers/ingest-event.ts';
import { createHandler, parseCause } from '#handlers/record-rejection.ts';
import { TEST_TABLES, testDeps } from '../../helpers/deps.ts';
import { eventBridgeEvent, invoiceIssued } from '../../helpers/events.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const deps = testDeps();
const handler = createHandler(deps);
const ingest = createIngest(deps);

/** The error IngestEvent throws for `event`. */
async function ingestError(event: unknown): Promise<Error> {
  const error = await ingest(event).catch((caught: unknown) => caught);
  if (!(error instanceof InvalidEventError)) throw new Error('expected the event to be invalid');
  return error;
}

/** What a Step Functions Catch with ResultPath `$.error` makes of a Lambda error on AWS. */
function caughtOnAws(error: Error) {
  return {
    Error: error.name,
    Cause: JSON.stringify({
      errorType: error.name,
      errorMessage: error.message,
      trace: [`${error.name}: ${error.message}`, '    at validate (/var/task/index.mjs:1:1)'],
    }),
  };
}

/** The one rejection item written. */
function storedItem() {
  const calls = ddbMock.commandCalls(PutCommand);
  expect(calls).toHaveLength(1);
  expect(calls[0]?.args[0].input.TableName).toBe(TEST_TABLES.rejectionsTable);
  return calls[0]?.args[0].input.Item ?? {};
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
});

describe('RecordRejection', () => {
  it('records the field errors of an InvalidEventError from the AWS Cause format', async () => {
    const detail = { ...invoiceIssued(), currency: 'USD', reading: 'guessed' };
    const event = eventBridgeEvent('Invoice Issued', detail, 'evt-bad');
    const error = await ingestError(event);

    const result = await handler({ ...event, error: caughtOnAws(error) });

    const item = storedItem();
    const expected = (error as InvalidEventError).errors;
    expect(result).toEqual({ rejectionId: 'evt-bad', errors: expected.length });
    expect(item).toMatchObject({
      rejectionId: 'evt-bad',
      eventId: 'evt-bad',
      detailType: 'Invoice Issued',
      source: 'events',
      errors: expected,
      receivedAt: '2027-01-05T08:00:00.000Z',
      detail: JSON.stringify(detail),
    });
    expect((item.errors as { path: string }[]).map((fieldError) => fieldError.path)).toEqual(
      expect.arrayContaining(['currency', 'reading']),
    );
  });

  it('records a garbage cause as one error on detail with the raw cause cut short', async () => {
    const event = eventBridgeEvent('Invoice Issued', { invoiceId: 'inv-1' }, 'evt-garbage');
    const cause = `<html>502 Bad Gateway</html>${'x'.repeat(5000)}`;

    const result = await handler({ ...event, error: { Error: 'Lambda.Unknown', Cause: cause } });

    expect(result).toEqual({ rejectionId: 'evt-garbage', errors: 1 });
    const [only] = storedItem().errors as { path: string; message: string }[];
    expect(only?.path).toBe('detail');
    expect(only?.message.startsWith('<html>502 Bad Gateway</html>xxx')).toBe(true);
    expect(only?.message.length).toBeLessThanOrEqual(1000);
  });

  it('records the message of an error that is not a validation error', async () => {
    const cause = JSON.stringify({
      errorType: 'TransientError',
      errorMessage: 'DynamoDB PutItem failed transiently',
      trace: [],
    });

    const parsed = parseCause(cause);

    expect(parsed).toEqual({ errors: [{ path: 'detail', message: 'DynamoDB PutItem failed transiently' }] });
  });

  it('accepts a cause that is the validation payload itself', () => {
    const cause = JSON.stringify({
      detailType: 'Contract Renewed',
      errors: [{ path: 'renewedAt', message: 'is required' }],
    });

    expect(parseCause(cause)).toEqual({
      detailType: 'Contract Renewed',
      errors: [{ path: 'renewedAt', message: 'is required' }],
    });
  });

  it('records an error even when the catch gave no cause at all', async () => {
    const result = await handler({
      'detail-type': 'Invoice Issued',
      detail: {},
      error: { Error: 'States.Runtime' },
    });

    expect(result.errors).toBe(1);
    expect(storedItem().errors).toEqual([{ path: 'detail', message: 'rejected without a cause' }]);
  });

  it('derives the rejection id from the event when it came without one, as IngestEvent does', async () => {
    const event = { 'detail-type': 'Invoice Issued', detail: { ...invoiceIssued(), currency: 'USD' } };
    const error = await ingestError(event);
    const other = { 'detail-type': 'Invoice Issued', detail: { ...invoiceIssued(), currency: 'GBP' } };

    const first = await handler({ ...event, error: caughtOnAws(error) });
    const again = await handler({ ...event, error: caughtOnAws(error) });
    const different = await handler({ ...other, error: caughtOnAws(error) });

    expect(first.rejectionId).toBe(eventIdOf(event));
    expect(first.rejectionId).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(again.rejectionId).toBe(first.rejectionId);
    expect(different.rejectionId).not.toBe(first.rejectionId);
  });

  it('falls back to the detail type named in the cause when the event has none', async () => {
    const cause = caughtOnAws(new InvalidEventError('Invoice Issued', [{ path: 'amount', message: 'bad' }]));

    await handler({ detail: { amount: 'x' }, error: cause });

    expect(storedItem().detailType).toBe('Invoice Issued');
  });
});
