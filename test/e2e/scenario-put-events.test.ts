import { beforeAll, describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { parseScenario, type SimulationReport } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import { customerUpserted } from '../helpers/events.ts';

/**
 * A scenario's events are what other systems put on the bus with `PutEvents`: what EventBridge would
 * refuse them never reaches a workflow, and the report says why.
 */
describe('a scenario whose events EventBridge would refuse', () => {
  let report: SimulationReport;
  const stored: Record<string, boolean> = {};

  beforeAll(async () => {
    const parsed = parseScenario({
      name: 'e2e: PutEvents rules',
      start: '2027-01-04T08:00:00Z',
      until: '2027-01-04T12:00:00Z',
      customers: [customerUpserted({ customerId: 'c-small' })],
      events: [
        {
          at: '2027-01-04T09:00:00Z',
          source: 'crm',
          detailType: 'Customer Upserted',
          // Valid by the contract (extra fields are ignored), but 300 KB: PutEvents refuses it.
          detail: { ...customerUpserted({ customerId: 'c-huge' }), notes: 'x'.repeat(300 * 1024) },
        },
        {
          at: '2027-01-04T09:00:00Z',
          source: 'crm',
          detailType: 'Customer Upserted',
          detail: customerUpserted({ customerId: 'c-fits' }),
        },
        // stille's own: the bus policy refuses them to every other system.
        {
          at: '2027-01-04T10:00:00Z',
          source: 'crm',
          detailType: 'Stille Alert',
          detail: { kind: 'detractor', at: '2027-01-04T10:00:00Z', customerId: 'c-small' },
        },
        {
          at: '2027-01-04T10:00:00Z',
          source: 'stille',
          detailType: 'Stille Alert',
          detail: { kind: 'support-delay', at: '2027-01-04T10:00:00Z', ticketId: 't-1' },
        },
        {
          at: '2027-01-04T10:00:00Z',
          source: 'stille.crm',
          detailType: 'Customer Upserted',
          detail: customerUpserted({ customerId: 'c-posing' }),
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    report = await runScenario(parsed.scenario, {
      inspect: async (runtime) => {
        const customers = repositoriesFrom(runtime.deps).customers;
        for (const id of ['c-small', 'c-huge', 'c-fits', 'c-posing'])
          stored[id] = (await customers.get(id)) !== undefined;
      },
    });
  }, 120_000);

  it('rejects an event over 256 KB at detail, with its size, and never stores it', () => {
    expect(report.rejected.filter((rejected) => rejected.index === 0)).toEqual([
      {
        index: 0,
        source: 'events',
        detailType: 'Customer Upserted',
        errors: [
          {
            path: 'detail',
            message: expect.stringMatching(
              /^is 307,\d{3} bytes as EventBridge counts a PutEvents entry \(source, detail-type and detail\); EventBridge refuses more than 262,144 \(ValidationException: Total size of the entries in the request is over the limit\.\)$/,
            ),
          },
        ],
      },
    ]);
    expect(stored).toMatchObject({ 'c-small': true, 'c-huge': false, 'c-fits': true });
  });

  it("rejects another system's Stille Alert, whatever source it claims, and reports no alert", () => {
    const refused = (index: number) => report.rejected.find((rejected) => rejected.index === index);
    for (const index of [2, 3]) {
      expect(refused(index)).toEqual({
        index,
        source: 'events',
        detailType: 'Stille Alert',
        errors: [
          {
            path: 'detail-type',
            message:
              'is refused by EventBridge (NotAuthorizedForDetailTypeException: Not authorized for the detail type: statement cdk-OnlyStilleRaisesAlerts of the event bus policy denies it.)',
          },
        ],
      });
    }
    expect(report.alerts).toEqual([]);
  });

  it("rejects any other event under one of stille's sources", () => {
    expect(report.rejected.find((rejected) => rejected.index === 4)?.errors).toEqual([
      {
        path: 'source',
        message:
          'is refused by EventBridge (NotAuthorizedForSourceException: Not authorized for the source: statement cdk-OnlyStilleUsesItsSources of the event bus policy denies it.)',
      },
    ]);
    expect(stored['c-posing']).toBe(false);
    expect(report.rejected).toHaveLength(4);
  });
});
