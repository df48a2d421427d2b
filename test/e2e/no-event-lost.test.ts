import { describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import { generateScenarioDetailed } from '../../bench/generate-scenario.ts';

describe('a scenario with invalid events', () => {
  it('rejects exactly the invalid events, with field errors, and stores every valid one', async () => {
    const { scenario, invalid } = generateScenarioDetailed({
      name: 'e2e: nothing lost',
      customers: 30,
      seed: 7,
      start: '2027-01-01T00:00:00Z',
      months: 2,
      includeInvalid: 4,
      invoiceRunMonths: [1],
      historyMonths: [3, 6],
    });
    // A bad line inside the billing run file too: rejected with its line, the rest of the file stored.
    const [location, rows] = Object.entries(scenario.files ?? {})[0] ?? [];
    expect(location).toBeDefined();
    const fileRows = rows as Array<Record<string, unknown>>;
    fileRows[4] = { ...fileRows[4], dueDate: '2027-02-30' };

    const stored = { customers: 0, invoices: 0, runLines: 0 };
    const report = await runScenario(scenario, {
      inspect: async (runtime) => {
        const repositories = repositoriesFrom(runtime.deps);
        for (const customer of scenario.customers) {
          if ((await repositories.customers.get(String(customer.customerId))) !== undefined)
            stored.customers++;
        }
        const invoiceIds = new Set<string>();
        for (const customer of scenario.customers) {
          for (const inv of await repositories.invoices.history(String(customer.customerId)))
            invoiceIds.add(inv.invoiceId);
        }
        for (const event of scenario.events) {
          const detail = event.detail as { invoiceId?: string } | undefined;
          if (event.detailType === 'Invoice Issued' && validateEvent(event.detailType, detail).ok) {
            if (invoiceIds.has(String(detail?.invoiceId))) stored.invoices++;
          }
        }
        for (const row of fileRows) if (invoiceIds.has(String(row.invoiceId))) stored.runLines++;
      },
    });

    // Exactly the four planted events (an unknown type is reported at detail-type) and the bad run line.
    const expected = invalid.map((note) => ({
      index: note.index,
      detailType: note.detailType,
      path: note.path ?? 'detail-type',
    }));
    const rejectedEvents = report.rejected
      .filter((r) => r.source === 'events')
      .map((r) => ({ index: r.index, detailType: r.detailType, path: r.errors[0]?.path }));
    expect(rejectedEvents).toEqual(expected);
    expect(report.rejected.filter((r) => r.source !== 'events')).toEqual([
      expect.objectContaining({ source: 'file', line: 5, location, detailType: 'Invoice Issued' }),
    ]);
    expect(report.rejected.find((r) => r.source === 'file')?.errors[0]?.path).toBe('dueDate');

    const validInvoiceEvents = scenario.events.filter(
      (e) => e.detailType === 'Invoice Issued' && validateEvent(e.detailType, e.detail).ok,
    ).length;
    expect(stored.customers).toBe(scenario.customers.length);
    expect(stored.invoices).toBe(validInvoiceEvents);
    expect(stored.runLines).toBe(fileRows.length - 1);
    expect(report.executions.failed).toBe(0);
  }, 300_000);
});
