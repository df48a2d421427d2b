import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessageRecord, RejectedEvent, Scenario, SimulationReport } from '#domain/contracts/index.ts';
import type { CliIO } from '#local/cli/main.ts';
import { generateScenario } from '../../../bench/generate-scenario.ts';

/** A message record with sensible defaults; tests override what they look at. */
export function message(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const customerId = overrides.customerId ?? 'c-000001';
  const invoiceId = `inv-2027-01-${customerId}`;
  return {
    messageId: `m-${customerId}-${overrides.kind ?? 'invoice-explanation'}`,
    dedupeKey: `invoice-explanation#${invoiceId}`,
    customerId,
    kind: 'invoice-explanation',
    purpose: 'service',
    status: 'sent',
    reason: null,
    channel: 'email',
    to: `${customerId}@example.no`,
    locale: 'nb-NO',
    subject: 'Fakturaen din for desember',
    text: 'Fakturaen er 1 240,50 kr.',
    html: '<p>Fakturaen er <strong>1 240,50 kr</strong>.</p>',
    sentAt: '2027-01-05T08:00:03Z',
    trigger: { detailType: 'Invoice Issued', id: invoiceId },
    facts: {
      invoiceId,
      amount: 1240.5,
      expectedAmount: 980,
      difference: 260.5,
      causes: [{ code: 'consumption', amount: 260.5 }],
    },
    ...overrides,
  };
}

/** A report with a mix of statuses, two rejections and an alert, built from the scenario's customers. */
export function reportFor(scenario: Scenario): SimulationReport {
  const ids = scenario.customers.map((c) => String(c.customerId));
  const messages: MessageRecord[] = ids.map((customerId) => message({ customerId }));
  messages.push(
    message({
      customerId: ids[0] ?? 'c-000001',
      kind: 'survey-request',
      purpose: 'survey',
      status: 'suppressed',
      reason: 'no-consent',
      channel: null,
      to: null,
      subject: null,
      text: null,
      html: null,
      sentAt: null,
      facts: { surveyId: 's-1', trigger: 'ticket' },
    }),
    message({
      customerId: ids[1] ?? 'c-000002',
      kind: 'support-delay-notice',
      status: 'failed',
      reason: 'provider-error',
      channel: 'sms',
      to: '+4791234567',
      html: null,
      subject: null,
      text: 'Vi har ikke svart deg ennå.',
      sentAt: null,
      facts: { ticketId: 't-1', responseDueAt: '2027-01-07T10:00:00Z', overdueHours: 5 },
    }),
  );
  const rejected: RejectedEvent[] = [
    {
      index: 3,
      source: 'events',
      detailType: 'Invoice Issued',
      errors: [{ path: 'amount', message: 'lines add up to 10.00 but amount is 12.00' }],
    },
    {
      index: 0,
      source: 'file',
      location: 's3://stille-runs/runs/2027-02.jsonl',
      line: 17,
      detailType: 'Invoice Issued',
      errors: [
        { path: 'dueDate', message: 'must be a date as YYYY-MM-DD, got "20.01.2027"' },
        { path: 'period.to', message: 'must not be before period.from' },
      ],
    },
  ];
  return {
    messages,
    rejected,
    alerts: [
      {
        kind: 'late-price-notice',
        at: '2027-01-18T10:00:00Z',
        priceChangeId: 'pc-2027-02-var-se4',
        noticeDays: 14,
      },
    ],
    executions: {
      started: ids.length + 4,
      succeeded: ids.length + 4,
      failed: 0,
      standardTransitions: 12_345,
      expressExecutions: 7,
      lambdaInvocations: 321,
    },
  };
}

/** A small valid scenario, as the generator makes them. */
export function smallScenario(customers = 3): Scenario {
  return generateScenario({ customers, seed: 7, start: '2027-01-01T00:00:00Z', months: 1 });
}

/** Collects what the CLI writes. */
export function captureIO(isTTY = false): CliIO & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk) },
    isTTY,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** A temporary working directory, removed by `cleanup`. */
export async function tempDir(): Promise<{
  dir: string;
  write: (name: string, text: string) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stille-cli-'));
  return {
    dir,
    write: async (name, text) => {
      const file = path.join(dir, name);
      await writeFile(file, text);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
