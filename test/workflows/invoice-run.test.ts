import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { putJsonLines } from '#local/services/index.ts';
import { customerUpserted } from '../helpers/events.ts';
import { historyBefore, monthlyInvoice } from '../helpers/invoice-history.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';

/** Line `i` of a run: 40 customers, each with 30 invoices of 30 products (none overlapping another). */
function invoice(i: number, customerId = `c-${i % 40}`) {
  return {
    invoiceId: `inv-run-${i}`,
    customerId,
    productId: `p-${Math.floor(i / 40)}`,
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

  it('explains exactly the surprising invoices of a run, in Express children and send gates only', async () => {
    const customers = Array.from({ length: 10 }, (_, i) => `c-hist-${i}`);
    for (const customerId of customers) {
      await publish(
        runtime,
        'Customer Upserted',
        customerUpserted({ customerId, email: `${customerId}@example.no` }),
      );
      for (const old of historyBefore('2027-01', 13, { customerId })) {
        await repositoriesFrom(runtime.deps).invoices.put(old);
      }
    }
    const surprising = new Set(['c-hist-1', 'c-hist-4', 'c-hist-7']);
    const rows = customers.map((customerId) =>
      monthlyInvoice('2027-01', {
        customerId,
        ...(surprising.has(customerId) ? { kwh: 3200 } : {}),
        issuedAt: '2027-02-05T06:00:00Z',
        dueDate: '2027-02-20',
      }),
    );
    await putJsonLines(runtime.s3, 's3://stille-runs/runs/2027-02-hist.jsonl', rows);
    const before = runtime.stepFunctions.executions().length;
    const countsBefore = { ...runtime.stepFunctions.counters };

    const [record] = await publish(
      runtime,
      'Invoice Run Submitted',
      { runId: 'run-hist', location: 's3://stille-runs/runs/2027-02-hist.jsonl', count: rows.length },
      'evt-run-hist',
    );
    await runtime.clock.whenIdle();

    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['PrepareRun', 'ProcessInvoices', 'RunProcessed']);
    const started = runtime.stepFunctions.executions().slice(before);
    // The run is the only Standard execution: the invoices are handled in one Express child, and each
    // explanation goes through its own (Express) send gate.
    expect(started.filter((r) => r.type === 'STANDARD')).toEqual([record]);
    const gates = started.filter((r) => r.stateMachine.startsWith('SendMessage'));
    expect(gates.every((r) => r.type === 'EXPRESS')).toBe(true);
    expect(
      gates.map((r) => (r.input as { detail: { customerId: string } }).detail.customerId).sort(),
    ).toEqual([...surprising].sort());
    expect(runtime.stepFunctions.counters.expressExecutions - countsBefore.expressExecutions).toBe(
      1 + surprising.size,
    );
    expect(started.filter((r) => r.stateMachine.startsWith('InvoiceIssued'))).toEqual([]);

    const sentTo = (await runtime.services.email.sent())
      .flatMap((email) => email.to)
      .filter((to) => to.startsWith('c-hist-'));
    expect(sentTo.sort()).toEqual([...surprising].map((c) => `${c}@example.no`).sort());
    const ledger = repositoriesFrom(runtime.deps).messages;
    expect(await ledger.get('invoice-explanation#inv-c-hist-1-2027-01#c-hist-1')).toMatchObject({
      status: 'sent',
      facts: expect.objectContaining({ amount: 3249, expectedAmount: 2049 }),
    });
    expect(await ledger.get('invoice-explanation#inv-c-hist-0-2027-01#c-hist-0')).toBeUndefined();
  });

  it('sends one e-mail that tells the whole story when billing puts an invoice in the run twice', async () => {
    const customerId = 'c-twice';
    await publish(
      runtime,
      'Customer Upserted',
      customerUpserted({ customerId, email: `${customerId}@example.no` }),
    );
    for (const old of historyBefore('2027-01', 13, { customerId })) {
      await repositoriesFrom(runtime.deps).invoices.put(old);
    }
    // January 60 % above usual, and the same invoice again under a second id, issued an hour later.
    const original = monthlyInvoice('2027-01', { customerId, kwh: 3200, issuedAt: '2027-02-05T06:00:00Z' });
    const copy = { ...original, invoiceId: `${original.invoiceId}-2`, issuedAt: '2027-02-05T07:00:00Z' };
    await putJsonLines(runtime.s3, 's3://stille-runs/runs/2027-02-twice.jsonl', [original, copy]);

    const [record] = await publish(
      runtime,
      'Invoice Run Submitted',
      { runId: 'run-twice', location: 's3://stille-runs/runs/2027-02-twice.jsonl', count: 2 },
      'evt-run-twice',
    );
    await runtime.clock.whenIdle();

    expect(record?.status).toBe('SUCCEEDED');
    const emails = (await runtime.services.email.sent()).filter((email) =>
      email.to.includes(`${customerId}@example.no`),
    );
    expect(emails).toHaveLength(1);
    const [email] = emails;
    // What to do first, then both invoices: the copy and the first one with its comparison.
    expect(email?.text).toContain('Ikke betal for den samme perioden to ganger.');
    expect(email?.text).toContain(copy.invoiceId);
    expect(email?.text).toContain(original.invoiceId);
    // Not "all is well, nothing to do" for the original alongside "do not pay twice" for the copy.
    expect(email?.text).not.toContain('trenger du ikke gjøre noe');
    const ledger = repositoriesFrom(runtime.deps).messages;
    expect(await ledger.get(`invoice-explanation#${original.invoiceId}#${customerId}`)).toBeUndefined();
    expect(await ledger.get(`invoice-explanation#${copy.invoiceId}#${customerId}`)).toMatchObject({
      status: 'sent',
      facts: expect.objectContaining({
        original: expect.objectContaining({ invoiceId: original.invoiceId }),
      }),
    });
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
