import { describe, expect, it } from 'vitest';
import type { Scenario } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import type { SentEmail, SentSms } from '#local/services/index.ts';
import { batchCustomer } from '../helpers/events.ts';
import { invoiceFacts } from '../unit/templates/fixtures.ts';

const CUSTOMERS = 80;

function scenario(): Scenario {
  const customers = Array.from({ length: CUSTOMERS }, (_, i) =>
    batchCustomer(i, { preferredChannel: i % 4 === 0 ? 'sms' : 'email' }),
  );
  const events = customers.flatMap((customer, i) => {
    const request = {
      kind: 'invoice-explanation',
      customerId: customer.customerId,
      trigger: { detailType: 'Invoice Issued', id: `inv-${i}` },
      facts: { ...invoiceFacts(), invoiceId: `inv-${i}` },
    };
    // Every request arrives twice: a replayed event must not send twice either.
    return [
      { at: '2027-01-05T10:00:00Z', source: 'billing', detailType: 'Message Requested', detail: request },
      { at: '2027-01-05T10:05:00Z', source: 'billing', detailType: 'Message Requested', detail: request },
    ];
  });
  return {
    name: 'send gate under provider faults',
    start: '2027-01-05T09:00:00Z',
    until: '2027-01-05T12:00:00Z',
    customers,
    events,
    faults: { email: { throttleRate: 0.2 }, sms: { errorRate: 0.1 } },
  } as Scenario;
}

describe('the send gate under provider faults', () => {
  it('delivers every message exactly once with 20 % email throttling and 10 % SMS errors', async () => {
    let emails: SentEmail[] = [];
    let texts: SentSms[] = [];
    let stats = { email: { throttled: 0, failed: 0 }, sms: { throttled: 0, failed: 0 } };
    const report = await runScenario(scenario(), {
      seed: 42,
      inspect: async (runtime) => {
        emails = await runtime.services.email.sent();
        texts = runtime.services.sms.sent();
        stats = { email: runtime.services.email.stats(), sms: runtime.services.sms.stats() };
      },
    });

    // The faults really happened, and were retried.
    expect(stats.email.throttled).toBeGreaterThan(0);
    expect(stats.sms.failed).toBeGreaterThan(0);

    // One ledger record per message, every one sent.
    expect(report.messages).toHaveLength(CUSTOMERS);
    expect(report.messages.every((m) => m.status === 'sent')).toBe(true);
    expect(new Set(report.messages.map((m) => m.dedupeKey)).size).toBe(CUSTOMERS);

    // The providers accepted each message exactly once.
    const byRecipient = new Map<string, number>();
    for (const to of [...emails.flatMap((e) => e.to), ...texts.map((t) => t.to)]) {
      byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    }
    expect(byRecipient.size).toBe(CUSTOMERS);
    expect([...byRecipient.values()].every((count) => count === 1)).toBe(true);
    expect(texts).toHaveLength(CUSTOMERS / 4);
    expect(report.alerts.filter((a) => a.kind === 'delivery-failed')).toEqual([]);
    expect(report.executions.failed).toBe(0);
  }, 300_000);
});
