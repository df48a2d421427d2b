/**
 * Benchmark: support delays and surveys on the embedded runtime. A seeded support month — tickets
 * answered in time, late, very late, resolved or waiting on the customer, opened by day and by night,
 * resolutions and renewals followed by surveys — through the real SupportTicket and Survey workflows
 * (`runScenario`). Reports the Standard state transitions per ticket and per survey (what AWS bills
 * for these long waits), by outcome, the DeferredSend transitions of SMS held over quiet hours, what was
 * sent and suppressed, and the modelled Step Functions cost per 1,000 tickets.
 *
 *   npm run bench -- support
 *   npm exec -- node bench/support.ts [--customers 400] [--tickets 800] [--renewals 200] [--seed 2027]
 */
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CustomerUpserted, MessageRecord, Scenario } from '#domain/contracts/index.ts';
import { runScenario } from '#local/scenario-runner.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';
import { US_EAST_1_PRICES } from './lib/aws-cost.ts';
import { Random } from './lib/random.ts';
import { type BenchmarkResult, type Cell, integerOptions, publishResult } from './lib/report.ts';

/** Options of one run. */
export interface SupportBenchOptions {
  customers: number;
  tickets: number;
  renewals: number;
  seed: number;
}

const DEFAULTS: SupportBenchOptions = { customers: 400, tickets: 800, renewals: 200, seed: 2027 };
const START = Date.parse('2027-03-01T00:00:00Z');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Tickets open over this many days; the clock runs a week longer, so every wait ends. */
const TICKET_DAYS = 21;

const log = (text: string) => process.stderr.write(`[support] ${text}\n`);

/** What happens to a ticket after it is opened. */
type TicketFate = 'in-time' | 'late' | 'very-late' | 'resolved-in-time' | 'waiting-on-customer' | 'never';
const FATES: ReadonlyArray<readonly [TicketFate, number]> = [
  ['in-time', 45],
  ['late', 20],
  ['very-late', 10],
  ['resolved-in-time', 10],
  ['waiting-on-customer', 5],
  ['never', 10],
];
const RESPONSE_HOURS = { urgent: 2, high: 8, normal: 24, low: 72 } as const;

const iso = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');

/** A seeded support month: customers, tickets with their fates, resolutions and renewals. */
export function supportScenario(options: SupportBenchOptions): {
  scenario: Scenario;
  fates: Map<string, TicketFate>;
} {
  const random = new Random(options.seed);
  const customers: CustomerUpserted[] = [];
  for (let i = 0; i < options.customers; i++) {
    const sweden = random.chance(0.4);
    const sms = random.chance(0.3);
    const customerId = `c-${String(i).padStart(5, '0')}`;
    customers.push({
      customerId,
      name: sweden ? 'Anna Svensson' : 'Kari Nordmann',
      market: sweden ? 'SE' : 'NO',
      segment: 'household',
      locale: sweden ? 'sv-SE' : 'nb-NO',
      timeZone: sweden ? 'Europe/Stockholm' : 'Europe/Oslo',
      email: `${customerId}@example.${sweden ? 'se' : 'no'}`,
      phone: `+4790${String(i).padStart(6, '0')}`,
      preferredChannel: sms ? 'sms' : 'email',
      consents: { marketing: false, surveys: random.chance(0.7) },
      customerSince: '2020-01-01',
      paymentMethod: 'e-invoice',
      products: [
        {
          productId: 'p-1',
          kind: 'broadband',
          tariffId: 'bb-500',
          contract: 'fixed-term',
          bindingEndsOn: '2027-06-30',
        },
      ],
    });
  }
  const events: Scenario['events'] = [];
  const fates = new Map<string, TicketFate>();
  for (let i = 0; i < options.tickets; i++) {
    const ticketId = `t-${String(i).padStart(5, '0')}`;
    const customerId = random.pick(customers).customerId;
    const priority = random.weighted([
      ['urgent', 1],
      ['high', 3],
      ['normal', 5],
      ['low', 1],
    ] as const);
    // Opened at any hour: due times fall by day and by night.
    const opened = START + random.int(0, TICKET_DAYS * 24 * 60) * 60_000;
    const due = opened + RESPONSE_HOURS[priority] * HOUR_MS;
    const fate = random.weighted(FATES);
    fates.set(ticketId, fate);
    events.push({
      at: iso(opened),
      source: 'support',
      detailType: DETAIL_TYPE.supportTicketOpened,
      detail: {
        ticketId,
        customerId,
        category: 'billing',
        priority,
        openedAt: iso(opened),
        responseDueAt: iso(due),
      },
    });
    const update = (status: string, at: number) =>
      events.push({
        at: iso(at),
        source: 'support',
        detailType: DETAIL_TYPE.supportTicketUpdated,
        detail: { ticketId, customerId, status, at: iso(at) },
      });
    const resolve = (at: number) =>
      events.push({
        at: iso(at),
        source: 'support',
        detailType: DETAIL_TYPE.supportTicketResolved,
        detail: { ticketId, customerId, resolvedAt: iso(at) },
      });
    const before = opened + random.uniform(0.1, 0.9) * (due - opened);
    if (fate === 'in-time') {
      update('answered', before);
      if (random.chance(0.8)) resolve(before + random.uniform(1, 48) * HOUR_MS);
    } else if (fate === 'late') {
      const answered = due + random.uniform(1, 20) * HOUR_MS;
      update('answered', answered);
      if (random.chance(0.8)) resolve(answered + random.uniform(1, 48) * HOUR_MS);
    } else if (fate === 'very-late') {
      const answered = due + random.uniform(25, 60) * HOUR_MS;
      update('answered', answered);
      resolve(answered + random.uniform(1, 24) * HOUR_MS);
    } else if (fate === 'resolved-in-time') {
      resolve(before);
    } else if (fate === 'waiting-on-customer') {
      update('waiting-on-customer', before);
    }
  }
  for (let i = 0; i < options.renewals; i++) {
    const customerId = random.pick(customers).customerId;
    const at = START + random.int(0, TICKET_DAYS * 24 * 60) * 60_000;
    events.push({
      at: iso(at),
      source: 'crm',
      detailType: DETAIL_TYPE.contractRenewed,
      detail: { customerId, productId: 'p-1', renewedAt: iso(at), bindingEndsOn: '2028-06-30' },
    });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return {
    scenario: {
      name: 'Support month (benchmark)',
      start: iso(START),
      until: iso(START + (TICKET_DAYS + 7) * DAY_MS),
      customers,
      events,
    } as Scenario,
    fates,
  };
}

/** Standard transitions of an execution: states entered plus retries (as AWS bills them). */
const transitionsOf = (record: ExecutionRecord) =>
  record.states.length + Object.values(record.retries).reduce((sum, n) => sum + n, 0);

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runSupportBenchmark(options: SupportBenchOptions): Promise<BenchmarkResult> {
  const { scenario, fates } = supportScenario(options);
  log(
    `${options.customers} customers, ${options.tickets} tickets, ${options.renewals} renewals, ${scenario.events.length} events`,
  );
  let records: readonly ExecutionRecord[] = [];
  const started = performance.now();
  const report = await runScenario(scenario, {
    seed: options.seed,
    recordExecutions: true,
    inspect: (runtime) => {
      records = runtime.stepFunctions.executions();
    },
  });
  const wallMs = performance.now() - started;
  log(`ran in ${(wallMs / 1000).toFixed(1)} s`);

  const of = (prefix: string) =>
    records.filter((r) => r.stateMachine.startsWith(prefix) && r.type === 'STANDARD');
  const tickets = of('SupportTicket');
  const surveys = of('Survey');
  const deferred = of('DeferredSend');
  const sum = (rs: readonly ExecutionRecord[]) => rs.reduce((total, r) => total + transitionsOf(r), 0);

  // Tickets by the path their execution took.
  const byPath = new Map<string, { count: number; transitions: number }>();
  for (const record of tickets) {
    const path = record.states.at(-1)?.name ?? '(none)';
    const entry = byPath.get(path) ?? { count: 0, transitions: 0 };
    entry.count++;
    entry.transitions += transitionsOf(record);
    byPath.set(path, entry);
  }
  const messages = report.messages as MessageRecord[];
  const count = (kind: string, predicate: (m: MessageRecord) => boolean = () => true) =>
    messages.filter((m) => m.kind === kind && predicate(m)).length;
  const notices = (n: number) =>
    count(
      'support-delay-notice',
      (m) => m.status === 'sent' && (m.facts as { notice?: number }).notice === n,
    );
  const surveyOutcomes = new Map<string, number>();
  for (const m of messages.filter((m) => m.kind === 'survey-request')) {
    const key = m.status === 'sent' ? 'sent' : `${m.status}: ${m.reason ?? ''}`;
    surveyOutcomes.set(key, (surveyOutcomes.get(key) ?? 0) + 1);
  }
  const fateCounts = new Map<TicketFate, number>();
  for (const fate of fates.values()) fateCounts.set(fate, (fateCounts.get(fate) ?? 0) + 1);
  const supportAlerts = report.alerts.filter((a) => a.kind === 'support-delay').length;

  const ticketTransitions = sum(tickets);
  const surveyTransitions = sum(surveys);
  const deferredTransitions = sum(deferred);
  const perTicket = ticketTransitions / Math.max(1, tickets.length);
  const perSurvey = surveyTransitions / Math.max(1, surveys.length);
  const usdPer1000Tickets = perTicket * 1000 * US_EAST_1_PRICES.standardTransition;
  const usdPer1000Surveys = perSurvey * 1000 * US_EAST_1_PRICES.standardTransition;

  const rows: Cell[][] = [
    ['SupportTicket executions (one per ticket)', tickets.length],
    ['… Standard transitions, total', ticketTransitions],
    ['… transitions per ticket, mean', round(perTicket)],
    ...[...byPath.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, { count: n, transitions }]): Cell[] => [
        `… ending in ${path}: tickets, transitions each`,
        `${n}, ${round(transitions / n)}`,
      ]),
    ['Survey executions (one per resolution or renewal)', surveys.length],
    ['… Standard transitions, total', surveyTransitions],
    ['… transitions per survey, mean', round(perSurvey)],
    ['DeferredSend executions (SMS held over quiet hours)', deferred.length],
    ['… Standard transitions, total', deferredTransitions],
    ['Step Functions Standard, USD per 1,000 tickets', round(usdPer1000Tickets, 4)],
    ['Step Functions Standard, USD per 1,000 surveys', round(usdPer1000Surveys, 4)],
  ];
  const outcomeRows: Cell[][] = [
    ...[...fateCounts.entries()].map(([fate, n]): Cell[] => [`tickets ${fate}`, n]),
    ['delay notices sent: first', notices(1)],
    ['delay notices sent: second', notices(2)],
    ['support-delay alerts', supportAlerts],
    ...[...surveyOutcomes.entries()].sort().map(([k, n]): Cell[] => [`survey requests ${k}`, n]),
    ['executions failed', report.executions.failed],
    ['wall time, s', round(wallMs / 1000, 1)],
  ];
  return {
    benchmark: 'support',
    tables: [
      { title: 'Support delays and surveys: Standard state transitions', columns: ['figure', 'value'], rows },
      { title: 'Support delays and surveys: what happened', columns: ['figure', 'value'], rows: outcomeRows },
    ],
    data: {
      options,
      wallMs,
      tickets: {
        executions: tickets.length,
        transitions: ticketTransitions,
        perTicket,
        byPath: Object.fromEntries(byPath),
      },
      surveys: { executions: surveys.length, transitions: surveyTransitions, perSurvey },
      deferredSend: { executions: deferred.length, transitions: deferredTransitions },
      usdPer1000Tickets,
      usdPer1000Surveys,
      noticesSent: { first: notices(1), second: notices(2) },
      supportAlerts,
      surveyOutcomes: Object.fromEntries(surveyOutcomes),
      fates: Object.fromEntries(fateCounts),
      executions: report.executions,
    },
    notes: [
      'Transitions are states entered plus retries, as Step Functions Standard bills them ($0.025 per 1,000, us-east-1 and eu-north-1).',
      'A ticket answered in time takes 5 transitions (ValidateAndStore, WaitForResponseDue, CheckFirstResponse, StillUnanswered, AnsweredInTime); a late one 6, whether or not the second check finds it still unanswered.',
      'A survey takes 4 (ValidateAndStore, PlanSurvey, WaitBeforeSurvey, RequestSurvey), sent or not: consent, caps and replays are decided by the Express send gate.',
      'Express executions (ingestion, the send gate) and Lambda are not in these figures; see the send-gate benchmark.',
    ],
  };
}

if (import.meta.main) {
  publishResult(await runSupportBenchmark(integerOptions(process.argv.slice(2), { ...DEFAULTS })));
}
