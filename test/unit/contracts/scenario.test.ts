import { describe, expect, it } from 'vitest';
import {
  EXIT_INVALID_SCENARIO,
  EXIT_SCENARIO_RAN,
  parseScenario,
  type Scenario,
  SimulationReportSchema,
} from '#domain/contracts/index.ts';
import type { FieldError } from '#domain/errors.ts';
import { customerUpserted, invoiceIssued } from './fixtures.ts';

/** The scenario example of docs/contracts.md, filled in. */
function januaryRun(): Record<string, unknown> {
  return {
    name: 'January invoice run',
    start: '2027-01-01T00:00:00Z',
    until: '2027-03-01T00:00:00Z',
    customers: [customerUpserted()],
    history: { invoices: [invoiceIssued()] },
    events: [
      {
        at: '2027-01-05T08:00:00Z',
        source: 'billing',
        detailType: 'Invoice Issued',
        detail: invoiceIssued(),
      },
    ],
    files: { 's3://bucket/runs/2027-01.jsonl': [invoiceIssued()] },
    faults: { email: { throttleRate: 0.2, errorRate: 0.05 }, sms: { throttleRate: 0.1 } },
  };
}

function parsed(json: unknown): Scenario {
  const result = parseScenario(json);
  if (!result.ok) throw new Error(`expected a valid scenario, got ${JSON.stringify(result.errors)}`);
  return result.scenario;
}

function errorsOf(json: unknown): FieldError[] {
  const result = parseScenario(json);
  if (result.ok) throw new Error('expected an invalid scenario');
  return result.errors;
}

describe('parseScenario', () => {
  it('accepts the contract example', () => {
    const scenario = parsed(januaryRun());
    expect(scenario.name).toBe('January invoice run');
    expect(scenario.events).toHaveLength(1);
    expect(scenario.files?.['s3://bucket/runs/2027-01.jsonl']).toHaveLength(1);
    expect(scenario.faults?.email?.throttleRate).toBe(0.2);
  });

  it('fills in the source of an event and empty customers and events', () => {
    const scenario = parsed({
      name: 'Preview',
      start: '2027-01-01T00:00:00Z',
      until: '2027-01-01T00:00:00Z',
      events: [{ at: '2027-01-01T00:00:00Z', detailType: 'Contract Renewed', detail: {} }],
    });
    expect(scenario.events[0]?.source).toBe('scenario');
    expect(scenario.customers).toEqual([]);
    expect(
      parsed({ name: 'Empty', start: '2027-01-01T00:00:00Z', until: '2027-01-02T00:00:00Z' }).events,
    ).toEqual([]);
  });

  it('leaves customers, details and detail types to the workflows', () => {
    const scenario = parsed({
      ...januaryRun(),
      customers: [{ customerId: 'c-1' }],
      events: [
        { at: '2027-01-05T08:00:00Z', detailType: 'Invoice Paid', detail: { anything: true } },
        { at: '2027-01-05T08:00:00Z', detailType: 'Invoice Issued', detail: 'not an object' },
        { at: '2027-01-05T08:00:00Z', detailType: 'Invoice Issued' },
      ],
    });
    expect(scenario.customers).toEqual([{ customerId: 'c-1' }]);
    expect(scenario.events.map((e) => e.detailType)).toEqual([
      'Invoice Paid',
      'Invoice Issued',
      'Invoice Issued',
    ]);
  });

  it('rejects until before start, at until', () => {
    const errors = errorsOf({ ...januaryRun(), until: '2026-12-31T23:59:59Z' });
    expect(errors).toEqual([
      {
        path: 'until',
        message: 'must not be before start (2027-01-01T00:00:00Z), got "2026-12-31T23:59:59Z"',
      },
    ]);
  });

  it('compares start and until as instants, offsets included', () => {
    expect(
      parsed({
        ...januaryRun(),
        events: [],
        start: '2027-01-01T01:00:00+01:00',
        until: '2027-01-01T00:30:00Z',
      }).until,
    ).toBe('2027-01-01T00:30:00Z');
  });

  it('rejects an event outside the simulated stretch, at its at', () => {
    const run = januaryRun();
    const events = run.events as Array<Record<string, unknown>>;
    const late = { ...run, events: [...events, { ...events[0], at: '2027-03-01T00:00:01Z' }] };
    expect(errorsOf(late)).toEqual([
      {
        path: `events[${events.length}].at`,
        message:
          'must be between start (2027-01-01T00:00:00Z) and until (2027-03-01T00:00:00Z), got "2027-03-01T00:00:01Z"',
      },
    ]);
  });

  it('rejects an event time without offset, at its index', () => {
    const run = januaryRun();
    const events = run.events as Record<string, unknown>[];
    run.events = [events[0], events[0], { ...events[0], at: '2027-01-05T08:00:00' }];
    expect(errorsOf(run).map((e) => e.path)).toEqual(['events[2].at']);
  });

  it('rejects customers and history invoices that are not objects', () => {
    const errors = errorsOf({
      ...januaryRun(),
      customers: [customerUpserted(), 'c-2'],
      history: { invoices: [[]] },
    });
    expect(errors.map((e) => e.path)).toEqual(['customers[1]', 'history.invoices[0]']);
  });

  it('rejects a file that is not keyed by an S3 location', () => {
    const errors = errorsOf({ ...januaryRun(), files: { 's3://Bucket/runs.jsonl': [] } });
    expect(errors.map((e) => e.path)).toEqual(['files["s3://Bucket/runs.jsonl"]']);
  });

  it('rejects fault rates above 0.9 or below 0', () => {
    const errors = errorsOf({
      ...januaryRun(),
      faults: { email: { throttleRate: 0.95 }, lambda: { throttleRate: -0.1 } },
    });
    expect(errors.map((e) => e.path)).toEqual(['faults.email.throttleRate', 'faults.lambda.throttleRate']);
  });

  it('rejects a name longer than 200 characters and a missing start', () => {
    const run = januaryRun();
    delete run.start;
    run.name = 'n'.repeat(201);
    expect(errorsOf(run)).toEqual([
      { path: 'name', message: 'must be at most 200 characters long, got 201' },
      {
        path: 'start',
        message: 'is required (an ISO 8601 instant with offset, such as "2027-01-05T08:00:00Z")',
      },
    ]);
  });

  it('rejects a file that is not a JSON object, at path scenario', () => {
    for (const json of [null, [], 'scenario.json']) {
      expect(errorsOf(json).map((e) => e.path)).toEqual(['scenario']);
    }
  });

  it('ignores unknown top-level fields', () => {
    expect(parsed({ ...januaryRun(), description: 'for the demo' })).not.toHaveProperty('description');
  });
});

describe('SimulationReportSchema', () => {
  it('accepts a report with rejected events from files and alerts with their own fields', () => {
    const report = {
      messages: [],
      rejected: [
        {
          index: 3,
          detailType: 'Invoice Issued',
          errors: [{ path: 'amount', message: 'lines add up to 1.00 but amount is 2.00' }],
        },
        {
          index: 41,
          detailType: 'Invoice Issued',
          errors: [{ path: 'dueDate', message: 'must be a date as YYYY-MM-DD, got "2027-13-01"' }],
          source: 'file',
          location: 's3://bucket/runs/2027-01.jsonl',
          line: 42,
        },
      ],
      alerts: [
        { kind: 'late-price-notice', at: '2027-01-20T09:00:00.000Z', priceChangeId: 'pc-1', noticeDays: 12 },
      ],
      executions: {
        started: 4,
        succeeded: 3,
        failed: 1,
        standardTransitions: 40,
        expressExecutions: 2,
        lambdaInvocations: 17,
      },
    };
    expect(SimulationReportSchema.parse(report)).toEqual(report);
  });

  it('rejects negative or fractional execution counts and an unknown rejection source', () => {
    const result = SimulationReportSchema.safeParse({
      messages: [],
      rejected: [{ index: 0, detailType: 'x', errors: [], source: 'inbox' }],
      alerts: [],
      executions: {
        started: -1,
        succeeded: 0.5,
        failed: 0,
        standardTransitions: 0,
        expressExecutions: 0,
        lambdaInvocations: 0,
      },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'rejected.0.source',
      'executions.started',
      'executions.succeeded',
    ]);
  });

  it('uses exit status 0 for a scenario that ran and 2 for an invalid file', () => {
    expect([EXIT_SCENARIO_RAN, EXIT_INVALID_SCENARIO]).toEqual([0, 2]);
  });
});
