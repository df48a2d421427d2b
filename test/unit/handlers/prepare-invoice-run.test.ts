import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '#domain/errors.ts';
import { createHandler } from '#handlers/prepare-invoice-run.ts';
import { testDeps } from '../../helpers/deps.ts';
import { eventBridgeEvent, invoiceIssued, invoiceRunSubmitted } from '../../helpers/events.ts';

const handler = createHandler(testDeps());

async function rejection(input: unknown): Promise<InvalidEventError> {
  const error = await handler(input).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidEventError);
  return error as InvalidEventError;
}

describe('PrepareInvoiceRun', () => {
  it('answers with the run, its event id and the bucket and key of its file', async () => {
    const run = invoiceRunSubmitted({
      runId: 'run-2027-02',
      location: 's3://stille-runs/runs/2027/02.jsonl',
      count: 250_000,
    });

    const result = await handler(eventBridgeEvent('Invoice Run Submitted', run, 'evt-run'));

    expect(result).toEqual({
      runId: 'run-2027-02',
      eventId: 'evt-run',
      bucket: 'stille-runs',
      key: 'runs/2027/02.jsonl',
      count: 250_000,
      location: 's3://stille-runs/runs/2027/02.jsonl',
    });
  });

  it('rejects any other detail type', async () => {
    const error = await rejection(eventBridgeEvent('Invoice Issued', invoiceIssued()));

    expect(error.errors).toEqual([
      { path: 'detail-type', message: 'expected "Invoice Run Submitted", got "Invoice Issued"' },
    ]);
  });

  it('rejects a run whose location is not an S3 URI', async () => {
    const error = await rejection(
      eventBridgeEvent(
        'Invoice Run Submitted',
        invoiceRunSubmitted({ location: 'https://example.com/run.jsonl' }),
      ),
    );

    expect(error.errors.map((fieldError) => fieldError.path)).toEqual(['location']);
  });

  it('rejects a run without a count', async () => {
    const { count: _count, ...withoutCount } = invoiceRunSubmitted();

    const error = await rejection({ 'detail-type': 'Invoice Run Submitted', detail: withoutCount });

    expect(error.errors.map((fieldError) => fieldError.path)).toEqual(['count']);
  });
});
