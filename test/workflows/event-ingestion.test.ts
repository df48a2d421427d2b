import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { DETAIL_TYPES } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { customerUpserted } from '../helpers/events.ts';
import {
  functionId,
  publish,
  putEventsThroughEndpoint,
  startRuntime,
  statesOf,
} from '../helpers/local-runtime.ts';

const customer = (customerId: string) => customerUpserted({ customerId });

describe('EventIngestion workflow (synthesized, on the embedded runtime)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('validates and stores a customer, passing ValidateAndStore then Stored', async () => {
    const [record, ...others] = await publish(runtime, 'Customer Upserted', customer('c-store'));
    expect(others).toHaveLength(0);
    expect(record?.type).toBe('EXPRESS');
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'Stored']);
    const stored = await repositoriesFrom(runtime.deps).customers.get('c-store');
    expect(stored?.name).toBe('Kari Nordmann');
    expect(stored?.products.map((p) => p.tariffId)).toContain('var-no1');
  });

  it('takes the Catch path for an invalid event and records its field errors', async () => {
    const [record] = await publish(
      runtime,
      'Invoice Issued',
      { invoiceId: 'inv-bad', customerId: 'c-1', amount: 'lots' },
      'evt-invalid-invoice',
    );
    expect(record?.status).toBe('SUCCEEDED');
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
    const rejection = await runtime.deps.ddb.send(
      new GetCommand({
        TableName: runtime.deps.tables.rejectionsTable,
        Key: { rejectionId: 'evt-invalid-invoice' },
      }),
    );
    const paths = ((rejection.Item?.errors ?? []) as Array<{ path: string }>).map((error) => error.path);
    expect(paths).toContain('amount');
    expect(paths).toContain('issuedAt');
  });

  it('retries a throttled ValidateAndStore and then stores the event', async () => {
    runtime.lambda.failNext(functionId(runtime, 'ingest-event.ts'), 2, 'Lambda.TooManyRequestsException');
    const [record] = await publish(runtime, 'Customer Upserted', customer('c-retried'));
    expect(record?.status).toBe('SUCCEEDED');
    expect(record?.retries).toEqual({ ValidateAndStore: 2 });
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'Stored']);
    expect(await repositoriesFrom(runtime.deps).customers.get('c-retried')).toBeDefined();
  });

  it('fails the execution when throttling outlasts the retries, storing nothing', async () => {
    runtime.lambda.failNext(functionId(runtime, 'ingest-event.ts'), 20, 'Lambda.TooManyRequestsException');
    const [record] = await publish(runtime, 'Customer Upserted', customer('c-throttled'));
    expect(record?.status).toBe('FAILED');
    expect(record?.error?.Error).toBe('Lambda.TooManyRequestsException');
    expect(await repositoriesFrom(runtime.deps).customers.get('c-throttled')).toBeUndefined();
    // Clear what is left of the scripted throttling for the next tests.
    runtime.lambda.clearFaults();
  });

  it('routes an unknown detail-type through the catch-all rule to a rejection', async () => {
    const result = runtime.putEvent({
      source: 'crm',
      detailType: 'Customer Teleported',
      detail: { a: 1 },
      id: 'evt-unknown',
    });
    expect(result.matchedRules).toHaveLength(1);
    expect(result.matchedRules[0]).toMatch(/UnknownEventTypes/);
    const [record] = await Promise.all(result.executions.map((e) => e.done));
    expect(statesOf(record)).toEqual(['ValidateAndStore', 'RecordRejection', 'Rejected']);
  });

  it('rejects a Stille Alert another system put through PutEvents, and never reports it as an alert', async () => {
    // The local endpoint cannot tell callers apart (on AWS the bus policy refuses this entry): the
    // OutsideAlerts rule sends it to be rejected.
    const answer = await putEventsThroughEndpoint(runtime, [
      {
        EventBusName: 'stille',
        Source: 'crm',
        DetailType: 'Stille Alert',
        Detail: JSON.stringify({ kind: 'detractor', at: '2027-01-01T00:00:00Z', customerId: 'c-x' }),
      },
    ]);
    expect(answer.FailedEntryCount).toBe(0);
    await runtime.clock.whenIdle();
    const eventId = answer.Entries?.[0]?.EventId ?? '';
    const rejection = await runtime.deps.ddb.send(
      new GetCommand({ TableName: runtime.deps.tables.rejectionsTable, Key: { rejectionId: eventId } }),
    );
    expect(rejection.Item).toMatchObject({
      detailType: 'Stille Alert',
      errors: [{ path: 'source', message: expect.stringContaining('only stille') }],
    });
    expect(runtime.alerts().filter((alert) => alert.kind === 'detractor')).toEqual([]);
  });

  it('routes every contract event type to exactly one rule', () => {
    for (const detailType of DETAIL_TYPES) {
      const matched = runtime.bus.rules.filter((rule) =>
        rule.matches(runtime.bus.envelope({ source: 's', detailType, detail: {} }, new Date())),
      );
      expect(matched, detailType).toHaveLength(1);
    }
  });
});
