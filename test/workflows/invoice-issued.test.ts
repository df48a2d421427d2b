import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { InvoiceIssued } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';
import { customerUpserted } from '../helpers/events.ts';
import { historyBefore, monthlyInvoice } from '../helpers/invoice-history.ts';
import { publish, startRuntime, statesOf } from '../helpers/local-runtime.ts';

/** The January invoices go out on 5 February; they are due on the 20th. */
const START = '2027-02-05T08:00:00Z';
const CUSTOMERS = ['c-surprise', 'c-winter', 'c-dup', 'c-invalid'];

describe('InvoiceIssued workflow (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  const repositories = () => repositoriesFrom(runtime.deps);

  /** Publishes an invoice, then lets what it started (the send gate) finish. */
  async function issue(invoice: unknown): Promise<ExecutionRecord | undefined> {
    const records = await publish(runtime, 'Invoice Issued', invoice as Record<string, unknown>);
    await runtime.clock.whenIdle();
    expect(records).toHaveLength(1);
    return records[0];
  }

  /** The send gate executions started for an invoice's explanation. */
  const sendGateFor = (invoiceId: string) =>
    runtime.stepFunctions
      .executions()
      .filter(
        (r) =>
          r.stateMachine.startsWith('SendMessage') &&
          (r.input as { detail?: { trigger?: { id?: string } } }).detail?.trigger?.id === invoiceId,
      );

  const emailsTo = async (customerId: string) =>
    (await runtime.services.email.sent()).filter((email) => email.to.includes(`${customerId}@example.no`));

  beforeAll(async () => {
    runtime = await startRuntime({ start: START });
    for (const customerId of CUSTOMERS) {
      await publish(
        runtime,
        'Customer Upserted',
        customerUpserted({ customerId, email: `${customerId}@example.no` }),
      );
      // 13 months of history, stored as the InvoiceRun and earlier events would have left it.
      for (const invoice of historyBefore('2027-01', 13, { customerId })) {
        await repositories().invoices.put(invoice);
      }
    }
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('explains an invoice 60 % above the same month last year, by email through the send gate', async () => {
    const invoice = monthlyInvoice('2027-01', { customerId: 'c-surprise', kwh: 3200 });

    const record = await issue(invoice);

    expect(record?.type).toBe('EXPRESS');
    expect(record?.stateMachine).toMatch(/^InvoiceIssued/);
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'ExplainInvoice', 'IsSurprising', 'Explained']);
    expect(record?.output).toMatchObject({
      stored: { detailType: 'Invoice Issued', key: invoice.invoiceId },
      explanation: {
        invoiceId: invoice.invoiceId,
        explained: true,
        reasons: ['above-expected'],
        duplicate: false,
        pastDue: false,
      },
    });

    const [gate] = sendGateFor(invoice.invoiceId);
    expect(sendGateFor(invoice.invoiceId)).toHaveLength(1);
    expect(statesOf(gate)).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    const message = await repositories().messages.get(`invoice-explanation#${invoice.invoiceId}#c-surprise`);
    expect(message).toMatchObject({ status: 'sent', channel: 'email', kind: 'invoice-explanation' });
    expect(message?.facts).toMatchObject({
      invoiceId: invoice.invoiceId,
      amount: 3249,
      expectedAmount: 2049,
    });
    const emails = await emailsTo('c-surprise');
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe(message?.subject);
  });

  it('sends nothing for a normal winter invoice (January twice July, as last January)', async () => {
    const invoice = monthlyInvoice('2027-01', { customerId: 'c-winter' });

    const record = await issue(invoice);

    expect(statesOf(record)).toEqual(['ValidateAndStore', 'ExplainInvoice', 'IsSurprising', 'AsUsual']);
    expect(record?.output).toMatchObject({
      explanation: { explained: false, reasons: [], duplicate: false },
    });
    expect(sendGateFor(invoice.invoiceId)).toEqual([]);
    expect(await emailsTo('c-winter')).toEqual([]);
    const stored = await repositories().invoices.history('c-winter');
    expect(stored.map((i) => i.invoiceId)).toContain(invoice.invoiceId);
  });

  it('explains an invoice for a period already invoiced as a duplicate, and alerts billing', async () => {
    const december = monthlyInvoice('2026-12', {
      customerId: 'c-dup',
      invoiceId: 'inv-c-dup-2026-12-again',
      issuedAt: '2027-02-05T07:30:00Z',
      dueDate: '2027-02-20',
    });

    const record = await issue(december);

    expect(statesOf(record)).toEqual(['ValidateAndStore', 'ExplainInvoice', 'IsSurprising', 'Explained']);
    expect(record?.output).toMatchObject({
      explanation: { explained: true, reasons: ['duplicate'], duplicate: true, pastDue: false },
    });
    const alerts = runtime.alerts().filter((a) => a.kind === 'duplicate-invoice');
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'duplicate-invoice',
        customerId: 'c-dup',
        invoiceId: december.invoiceId,
        duplicates: [expect.objectContaining({ invoiceId: 'inv-c-dup-2026-12' })],
      }),
    ]);
    const message = await repositories().messages.get(`invoice-explanation#${december.invoiceId}#c-dup`);
    expect(message?.status).toBe('sent');
    const causes = (message?.facts as { causes?: { code: string }[] } | undefined)?.causes ?? [];
    expect(causes.map((c) => c.code)).toContain('duplicate');
    expect(await emailsTo('c-dup')).toHaveLength(1);
  });

  it('records an invalid invoice as rejected, and explains nothing', async () => {
    const invalid: InvoiceIssued = { ...monthlyInvoice('2027-01', { customerId: 'c-invalid' }), amount: 1 };

    const record = await issue(invalid);

    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
    expect(sendGateFor(invalid.invoiceId)).toEqual([]);
    const stored = await repositories().invoices.history('c-invalid');
    expect(stored.map((i) => i.invoiceId)).not.toContain(invalid.invoiceId);
  });

  it('replays an explained invoice without sending a second message', async () => {
    const invoice = monthlyInvoice('2027-01', { customerId: 'c-surprise', kwh: 3200 });

    const record = await issue(invoice);

    expect(statesOf(record)).toEqual(['ValidateAndStore', 'ExplainInvoice', 'IsSurprising', 'Explained']);
    const gates = sendGateFor(invoice.invoiceId);
    expect(gates).toHaveLength(2);
    // The send gate reads no ledger before deciding: the replay's claim finds the message sent.
    expect(statesOf(gates[1])).toEqual(['IsEvent', 'Decide', 'RouteDecision', 'Deliver', 'Sent']);
    expect(gates[1]?.output).toMatchObject({ status: 'sent', duplicate: true });
    expect(await emailsTo('c-surprise')).toHaveLength(1);
  });
});
