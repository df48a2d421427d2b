import { describe, expect, it } from 'vitest';
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { LedgerEntry } from '#adapters/dynamo/messages.ts';
import type { Alert, Scenario } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import type { SendStats } from '#local/services/faults.ts';
import { batchCustomer } from '../helpers/events.ts';
import { invoiceFacts, retentionFacts } from '../unit/templates/fixtures.ts';

// The ledger against what the local providers really accepted, message by message, under provider
// faults and replays: every request arrives twice at the same instant and once more minutes later.
// More seeds: STILLE_LEDGER_SEEDS=20 npx vitest run test/e2e/ledger-matches-providers.test.ts
const SEEDS = Array.from({ length: Number(process.env.STILLE_LEDGER_SEEDS ?? 5) }, (_, i) => 101 + i * 7919);
const CUSTOMERS = 120;
const T0 = '2027-01-05T10:00:00Z'; // 11:00 in Oslo and Stockholm: no quiet hours
const LATER = '2027-01-05T10:04:00Z'; // past the in-flight lease

/** Every message request of the scenario, by dedupe key (`kind#trigger.id#customerId`). */
interface Requested {
  dedupeKey: string;
  customerId: string;
  kind: 'invoice-explanation' | 'retention-offer';
  /** Marketing without consent: the contact policy suppresses it. */
  expectSuppressed: boolean;
}

function scenario(): { scenario: Scenario; requested: Requested[] } {
  const customers = Array.from({ length: CUSTOMERS }, (_, i) =>
    batchCustomer(i, {
      preferredChannel: i % 3 === 0 ? 'sms' : 'email',
      consents: { marketing: i % 4 !== 3, surveys: false },
    }),
  );
  const requested: Requested[] = [];
  const events = customers.flatMap((customer, i) => {
    const requests = [
      {
        kind: 'invoice-explanation' as const,
        customerId: customer.customerId,
        trigger: { detailType: 'Invoice Issued', id: `inv-${i}` },
        facts: { ...invoiceFacts(), invoiceId: `inv-${i}` },
      },
      ...(i % 2 === 1
        ? [
            {
              kind: 'retention-offer' as const,
              customerId: customer.customerId,
              trigger: { detailType: 'Campaign', id: `spring-${i}` },
              facts: { ...retentionFacts(), offerId: `off-${i}` },
            },
          ]
        : []),
    ];
    for (const request of requests) {
      requested.push({
        dedupeKey: `${request.kind}#${request.trigger.id}#${request.customerId}`,
        customerId: request.customerId,
        kind: request.kind,
        expectSuppressed: request.kind === 'retention-offer' && !customer.consents.marketing,
      });
    }
    // The same request twice at the same instant (a duplicated delivery), and replayed minutes later.
    return requests.flatMap((detail) =>
      [T0, T0, LATER].map((at) => ({ at, source: 'billing', detailType: 'Message Requested', detail })),
    );
  });
  return {
    scenario: {
      name: 'ledger against providers, with faults and replays',
      start: '2027-01-05T09:00:00Z',
      until: '2027-01-05T11:00:00Z',
      customers,
      events,
      faults: {
        email: { throttleRate: 0.4, errorRate: 0.2 },
        sms: { errorRate: 0.45 },
      },
    } as Scenario,
    requested,
  };
}

/** What one run measured, and everything in it that disagrees with the providers. */
interface Comparison {
  problems: string[];
  counts: { sent: number; suppressed: number; failed: number; accepted: number };
  stats: { email: SendStats; sms: SendStats };
}

async function compare(seed: number): Promise<Comparison> {
  const { scenario: plan, requested } = scenario();
  // Accepted messages by dedupe key. A customer gets at most one message of each kind, so the customer and
  // kind an e-mail's tags and an SMS's context name identify the message (the SMS also names its key).
  const misnamed: string[] = [];
  const accepted = new Map<string, string[]>();
  const entries = new Map<string, LedgerEntry>();
  let stats = {} as Comparison['stats'];
  const report = await runScenario(plan, {
    seed,
    inspect: async (runtime) => {
      const keyOf = (customerId: string | undefined, kind: string | undefined) =>
        requested.find((r) => r.customerId === customerId && r.kind === kind)?.dedupeKey ??
        `unrequested ${kind} to ${customerId}`;
      const add = (key: string, providerMessageId: string) =>
        accepted.set(key, [...(accepted.get(key) ?? []), providerMessageId]);
      for (const email of await runtime.services.email.sent()) {
        add(keyOf(email.tags.customerId, email.tags.kind), email.messageId);
      }
      for (const sms of runtime.services.sms.sent()) {
        const key = keyOf(sms.context.customerId, sms.context.kind);
        if (sms.context.dedupeKey !== key) misnamed.push(`${key}: an SMS names ${sms.context.dedupeKey}`);
        add(key, sms.messageId);
      }
      for await (const entry of repositoriesFrom(runtime.deps).messages.entries()) {
        entries.set(entry.dedupeKey, entry);
      }
      stats = { email: runtime.services.email.stats(), sms: runtime.services.sms.stats() };
    },
  });

  const failedAlerts = new Map<string, Alert[]>();
  for (const alert of report.alerts.filter((a) => a.kind === 'delivery-failed')) {
    const key = String(alert.dedupeKey);
    failedAlerts.set(key, [...(failedAlerts.get(key) ?? []), alert]);
  }
  const problems: string[] = [...misnamed];
  const counts = { sent: 0, suppressed: 0, failed: 0, accepted: 0 };
  for (const key of accepted.keys()) {
    if (!requested.some((r) => r.dedupeKey === key)) problems.push(`${key}: accepted, never requested`);
  }
  for (const { dedupeKey: key, expectSuppressed } of requested) {
    const ids = accepted.get(key) ?? [];
    const entry = entries.get(key);
    const alerts = failedAlerts.get(key)?.length ?? 0;
    const status = entry?.state === 'final' ? entry.status : `${entry?.state ?? 'absent'} (not final)`;
    if (ids.length > 0) counts.accepted++;
    if (status === 'sent' || status === 'suppressed' || status === 'failed') counts[status]++;
    if (ids.length > 1) problems.push(`${key}: accepted ${ids.length} times`);
    if (ids.length === 1 && status !== 'sent') problems.push(`${key}: accepted, ledger says ${status}`);
    if (ids.length === 1 && status === 'sent' && entry?.providerMessageId !== ids[0]) {
      problems.push(
        `${key}: ledger names provider id ${entry?.providerMessageId}, provider accepted ${ids[0]}`,
      );
    }
    if (ids.length === 0 && status === 'sent') problems.push(`${key}: ledger says sent, never accepted`);
    if (ids.length === 0 && status !== 'sent' && status !== 'suppressed' && status !== 'failed') {
      problems.push(`${key}: not accepted, ledger says ${status}`);
    }
    if (status === 'suppressed' && !(expectSuppressed && entry?.reason === 'no-consent')) {
      problems.push(`${key}: suppressed (${entry?.reason}) without cause`);
    }
    if (expectSuppressed && status !== 'suppressed')
      problems.push(`${key}: no consent, ledger says ${status}`);
    if (status === 'failed' && alerts !== 1)
      problems.push(`${key}: failed with ${alerts} delivery-failed alerts`);
    if (status !== 'failed' && alerts > 0) {
      problems.push(`${key}: ${status} with ${alerts} delivery-failed alerts`);
    }
  }
  if (report.executions.failed > 0) problems.push(`${report.executions.failed} executions failed`);
  return { problems, counts, stats };
}

describe('the ledger against what the providers accepted, under faults and replays', () => {
  it.each(SEEDS)(
    'records every accepted message sent once and every other one suppressed or failed with its alert (seed %i)',
    async (seed) => {
      const { problems, counts, stats } = await compare(seed);

      // The faults happened, on both channels, and the comparison covered every kind of outcome.
      expect(stats.email.throttled + stats.email.failed).toBeGreaterThan(0);
      expect(stats.sms.failed).toBeGreaterThan(0);
      expect(counts.sent).toBeGreaterThan(0);
      expect(counts.suppressed).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
