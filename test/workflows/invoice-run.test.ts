import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '../../functions/adapters/dynamo/index.ts';
import type { LocalRuntime } from '../../local/runtime.ts';
import { putJsonLines } from '../../local/services/index.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';

function invoice(i: number, customerId = `c-${i % 40}`) {
  return {
    invoiceId: `inv-run-${i}`,
    customerId,
    productId: 'p-1',
    currency: 'SEK',
    amount: 149,
    issuedAt: '2027-02-05T06:00:00Z',
    dueDate: '2027-02-28',
    period: { from: '2027-01-01', to: '2027-01-31' },
    reading: 'actual',
    lines: [
      { kind: 'energy', description: 'El', quantity: 100, unitPrice: 1, amount: 100 },
      { kind: 'subscription', description: 'Fast avgift', amount: 49 },
    ],
  };
}

describe('InvoiceRun workflow (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ start: '2027-02-05T06:00:00Z' });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('stores every valid line of a run in Express batches and rejects only the bad lines', async () => {
    const rows: unknown[] = Array.from({ length: 1200 }, (_, i) => invoice(i));
    rows[17] = { ...invoice(17), amount: 150 }; // lines add up to 149
    rows[1100] = { ...invoice(1100), period: { from: '2027-01-31', to: '2027-01-01' } };
    await putJsonLines(runtime.s3, 's3://stille-runs/runs/2027-02.jsonl', rows);
    const expressBefore = runtime.stepFunctions.counters.expressExecutions;

    const [record] = await publish(
      runtime,
      'Invoice Run Submitted',
      { runId: 'run-2027-02', location: 's3://stille-runs/runs/2027-02.jsonl', count: 1200 },
      'evt-run',
    );

    expect(record?.type).toBe('STANDARD');
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['PrepareRun', 'ProcessInvoices', 'RunProcessed']);
    // 1200 lines in batches of 500: three Express children, and no Standard execution per invoice.
    expect(runtime.stepFunctions.counters.expressExecutions - expressBefore).toBe(3);

    const history = await repositoriesFrom(runtime.deps).invoices.history('c-0');
    expect(history.map((inv) => inv.invoiceId)).toContain('inv-run-0');
    const rejections = (await repositoriesFrom(runtime.deps).rejections.list()).filter(
      (r) => r.eventId === 'evt-run',
    );
    expect(rejections.map((r) => [r.line, r.errors[0]?.path])).toEqual([
      [18, 'amount'],
      [1101, 'period.to'],
    ]);
    expect(rejections.every((r) => r.location === 's3://stille-runs/runs/2027-02.jsonl')).toBe(true);
  });

  it('records an invalid run submission as rejected without reading any file', async () => {
    const [record] = await publish(runtime, 'Invoice Run Submitted', {
      runId: 'run-x',
      location: 'ftp://nope',
      count: -1,
    });
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['PrepareRun', 'RecordRejection', 'Rejected']);
  });

  it('fails the run with States.ItemReaderFailed when the file does not exist', async () => {
    const [record] = await publish(runtime, 'Invoice Run Submitted', {
      runId: 'run-missing',
      location: 's3://stille-runs/runs/missing.jsonl',
      count: 10,
    });
    expect(record?.status).toBe('FAILED');
    expect(record?.error?.Error).toBe('States.ItemReaderFailed');
    expect(statesOf(record)).toEqual(['PrepareRun', 'ProcessInvoices']);
  });
});
