import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '#adapters/dynamo/index.ts';
import type { InvoiceIssued } from '#domain/contracts/index.ts';
import { InvalidEventError } from '#domain/errors.ts';
import { createHandler } from '#handlers/explain-invoice.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';
import { customerUpserted, eventBridgeEvent } from '../../helpers/events.ts';
import { historyBefore, monthlyInvoice } from '../../helpers/invoice-history.ts';

const eventBridgeMock = mockClient(EventBridgeClient);

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-published' }] });
});

/** Customer c-1001 with 13 months of invoices; counts the reads. */
function repositoriesWith(stored: InvoiceIssued[]) {
  const reads: string[] = [];
  const { products, ...profile } = customerUpserted();
  const repositories = {
    customers: {
      get: async (customerId: string) => {
        reads.push(`customer ${customerId}`);
        return customerId === 'c-1001'
          ? {
              ...profile,
              updatedAt: '2027-01-01T00:00:00Z',
              products: products.map((p) => ({ ...p, customerId })),
              optOuts: [],
            }
          : undefined;
      },
    },
    invoices: {
      history: async (customerId: string) => {
        reads.push(`history ${customerId}`);
        return stored.filter((invoice) => invoice.customerId === customerId);
      },
    },
    // No price-change notices were sent.
    messages: { sentFacts: async () => [] },
    seasonalProfiles: { samples: async () => [], putSample: async () => undefined },
  } as unknown as Repositories;
  return { repositories, reads };
}

/** The workflow input as ExplainInvoice gets it: the event, with what ValidateAndStore stored. */
function workflowInput(invoice: unknown) {
  return {
    ...eventBridgeEvent('Invoice Issued', invoice),
    stored: { detailType: 'Invoice Issued', key: (invoice as { invoiceId?: string }).invoiceId },
  };
}

const history = historyBefore('2027-01', 13);
const deps = () => testDeps({ clock: fixedClock('2027-02-05T08:00:00Z') });

describe('ExplainInvoice', () => {
  it('requests an explanation of a surprising invoice on the stille bus and returns the outcome', async () => {
    const invoice = monthlyInvoice('2027-01', { kwh: 3200 });
    const { repositories } = repositoriesWith([...history, invoice]);
    const handler = createHandler(deps(), repositories);

    const outcome = await handler(workflowInput(invoice));

    expect(outcome).toEqual({
      invoiceId: invoice.invoiceId,
      explained: true,
      reasons: ['above-expected'],
      duplicate: false,
      pastDue: false,
    });
    const entries = eventBridgeMock
      .commandCalls(PutEventsCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      EventBusName: 'bus-test',
      Source: 'stille',
      DetailType: 'Message Requested',
    });
    expect(JSON.parse(entries[0]?.Detail ?? '{}')).toMatchObject({
      kind: 'invoice-explanation',
      customerId: 'c-1001',
      trigger: { detailType: 'Invoice Issued', id: invoice.invoiceId },
      facts: { invoiceId: invoice.invoiceId, currency: 'NOK', reasons: ['above-expected'] },
    });
  });

  it('publishes nothing for an invoice as usual, and accepts a direct start without an envelope', async () => {
    const invoice = monthlyInvoice('2027-01');
    const { repositories } = repositoriesWith([...history, invoice]);
    const handler = createHandler(deps(), repositories);

    const outcome = await handler({ 'detail-type': 'Invoice Issued', detail: invoice });

    expect(outcome).toMatchObject({ explained: false, reasons: [], duplicate: false });
    expect(eventBridgeMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('treats an invalid detail as a bug: InvalidEventError, and nothing read or published', async () => {
    const { repositories, reads } = repositoriesWith(history);
    const handler = createHandler(deps(), repositories);

    const error = await handler(workflowInput({ ...monthlyInvoice('2027-01'), amount: 1 })).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors.map((e) => e.path)).toEqual(['amount']);
    expect(reads).toEqual([]);
    expect(eventBridgeMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('refuses an event of another detail-type', async () => {
    const { repositories, reads } = repositoriesWith(history);
    const handler = createHandler(deps(), repositories);

    const error = await handler(eventBridgeEvent('Customer Upserted', customerUpserted())).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).errors).toEqual([
      { path: 'detail-type', message: expect.stringContaining('Invoice Issued') },
    ]);
    expect(reads).toEqual([]);
  });

  it('fails with a TransientError when the bus refuses the request, so the workflow retries', async () => {
    eventBridgeMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const invoice = monthlyInvoice('2027-01', { kwh: 3200 });
    const { repositories } = repositoriesWith([...history, invoice]);
    const handler = createHandler(deps(), repositories);

    await expect(handler(workflowInput(invoice))).rejects.toMatchObject({ name: 'TransientError' });
  });
});
