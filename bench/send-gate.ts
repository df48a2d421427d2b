/**
 * Benchmark: the send gate. Two parts:
 *
 * 1. the pure contact policy (`decideContact`): decisions per second over varied, seeded inputs;
 * 2. end to end on the embedded runtime: `Message Requested` events (service, marketing and replays) for
 *    a generated customer base through `runScenario`, with messages per second, ledger and DynamoDB
 *    writes per message, what AWS would bill, and the modelled cost per 1,000 messages next to the
 *    price of the email or SMS itself.
 *
 *   npm exec -- node bench/send-gate.ts [--customers 2000] [--decisions 200000] [--seed 2027]
 */

import { ENV } from '#domain/config/env-names.ts';
import { DEFAULT_MARKETS_CONFIG } from '#domain/config/markets.ts';
import { decideContact, type PolicyInput } from '#domain/contact-policy/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { MessageRecord, Scenario } from '#domain/contracts/index.ts';
import {
  type CustomerContact,
  dedupeKeyOf,
  type MessageKind,
  type OptOut,
  PURPOSE_OF_KIND,
  type SentMessage,
} from '#domain/messaging/types.ts';
import { LocalRuntime } from '#local/runtime.ts';
import { runScenario, type ScenarioProgress } from '#local/scenario-runner.ts';
import { createRandom } from '#local/services/random.ts';
import { type Customer, generateScenarioDetailed } from './generate-scenario.ts';
import {
  ASSUMED_NORDIC_SMS_PART_PRICE_USD,
  type CostLine,
  DEFAULT_ASSUMPTIONS,
  modelCost,
  providerCost,
  SES_EMAIL_PRICE_USD,
  smsParts,
  US_EAST_1_PRICES,
} from './lib/aws-cost.ts';
import { phaseProfiler } from './lib/cpu-profile.ts';
import { callsPerItemRows, countDynamoWrites } from './lib/dynamo-writes.ts';
import { multipleOf, sendGateFloor } from './lib/floors.ts';
import { peakRssBytes, sampleHeap } from './lib/memory.ts';
import { type BenchmarkResult, type Cell, integerOptions, MB, median, publishResult } from './lib/report.ts';

/** Options of one send-gate run. */
export interface SendGateOptions {
  /** Customers of the end-to-end scenario; each gets one `invoice-explanation` request. */
  customers: number;
  /** `retention-offer` (marketing) requests of the end-to-end scenario. */
  marketing: number;
  /** Requests sent a second time (replays: the ledger must answer `duplicate`). */
  replays: number;
  /** Policy decisions timed per run of part 1. */
  decisions: number;
  seed: number;
}

const DEFAULTS: SendGateOptions = {
  customers: 2_000,
  marketing: 500,
  replays: 200,
  decisions: 200_000,
  seed: 2027,
};
/** Distinct policy inputs built before timing; the timed loop cycles through them. */
const POLICY_INPUTS = 10_000;
const POLICY_RUNS = 3;
const PROGRESS_EVERY_MS = 10_000;

const log = (text: string) => process.stderr.write(`[send-gate] ${text}\n`);

function parseOptions(argv: string[]): SendGateOptions {
  return integerOptions(argv, {
    customers: DEFAULTS.customers,
    marketing: DEFAULTS.marketing,
    replays: DEFAULTS.replays,
    decisions: DEFAULTS.decisions,
    seed: DEFAULTS.seed,
  });
}

// ---------------------------------------------------------------------------------------------------
// Part 1: the pure contact policy

function pickFrom<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

const MARKET_ZONES = [
  { market: 'NO', timeZone: 'Europe/Oslo', locale: 'nb-NO' },
  { market: 'SE', timeZone: 'Europe/Stockholm', locale: 'sv-SE' },
  { market: 'FI', timeZone: 'Europe/Helsinki', locale: 'en-GB' },
  { market: 'DK', timeZone: 'Europe/Copenhagen', locale: 'en-GB' },
] as const;
const KINDS = Object.keys(PURPOSE_OF_KIND) as MessageKind[];
const DAY_MS = 86_400_000;
/** The policy inputs' instants fall in January 2027, at any minute of the day (quiet hours included). */
const POLICY_MONTH_START = Date.parse('2027-01-01T00:00:00Z');

/**
 * Varied policy inputs: ~2 % unknown customers; consents, opt-outs (~12 %), suppressed addresses
 * (~5 % of emails, ~2 % of phones), 0–3 recent sends, SMS preference for a quarter of those with a
 * phone, every kind of message, and instants at any time of day.
 */
export function buildPolicyInputs(count: number, seed: number): PolicyInput[] {
  const random = createRandom(seed);
  const suppressed = new Set<string>();
  const customers: CustomerContact[] = [];
  for (let i = 0; i < 1_000; i++) {
    const zone = pickFrom(MARKET_ZONES, random);
    const email = random() < 0.9 ? `Customer.${i}@Example.org` : undefined;
    const phone = random() < 0.8 ? `+47${String(90_000_000 + i)}` : undefined;
    if (email && random() < 0.05) suppressed.add(email.toLowerCase());
    if (phone && random() < 0.02) suppressed.add(phone);
    const optOuts: OptOut[] = [];
    if (random() < 0.12) {
      optOuts.push({
        channel: random() < 0.7 ? 'email' : 'sms',
        purpose: pickFrom(['marketing', 'surveys', 'all'] as const, random),
        optedOut: true,
        at: '2026-11-02T10:00:00Z',
      });
    }
    customers.push({
      customerId: `c-${i}`,
      name: `Customer ${i}`,
      market: zone.market,
      segment: random() < 0.9 ? 'household' : 'business',
      locale: zone.locale,
      timeZone: zone.timeZone,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      preferredChannel: phone && random() < 0.25 ? 'sms' : 'email',
      consents: { marketing: random() < 0.5, surveys: random() < 0.6 },
      paymentMethod: 'e-invoice',
      optOuts,
    });
  }

  const inputs: PolicyInput[] = [];
  for (let i = 0; i < count; i++) {
    const now = new Date(POLICY_MONTH_START + Math.floor(random() * 30 * 24 * 60) * 60_000);
    const customer = random() < 0.02 ? undefined : pickFrom(customers, random);
    const kind = pickFrom(KINDS, random);
    const customerId = customer?.customerId ?? `c-unknown-${i}`;
    const trigger = { detailType: 'Benchmark', id: `b-${i}` };
    const recentSends: SentMessage[] = [];
    const sends = Math.floor(random() * 4);
    for (let s = 0; s < sends; s++) {
      const sentKind = pickFrom(KINDS, random);
      recentSends.push({
        kind: sentKind,
        purpose: PURPOSE_OF_KIND[sentKind],
        channel: random() < 0.8 ? 'email' : 'sms',
        sentAt: new Date(now.getTime() - Math.floor(random() * 60 * DAY_MS)).toISOString(),
      });
    }
    inputs.push({
      request: {
        kind,
        purpose: PURPOSE_OF_KIND[kind],
        customerId,
        trigger,
        facts: {},
        dedupeKey: dedupeKeyOf({ kind, trigger, customerId }),
        requestedAt: now.toISOString(),
      },
      customer,
      suppressedAddresses: suppressed,
      recentSends,
      now,
      config: DEFAULT_MARKETS_CONFIG,
    });
  }
  return inputs;
}

interface PolicyFigures {
  inputs: number;
  decisionsPerRun: number;
  runsMs: number[];
  decisionsPerSecond: number;
  /** Over the distinct inputs: how many of each action, and of each suppression reason. */
  actions: Record<string, number>;
  reasons: Record<string, number>;
}

function measurePolicy(options: SendGateOptions): PolicyFigures {
  const inputs = buildPolicyInputs(POLICY_INPUTS, options.seed);
  const actions: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const input of inputs) {
    const decision = decideContact(input);
    actions[decision.action] = (actions[decision.action] ?? 0) + 1;
    if (decision.action === 'suppress') reasons[decision.reason] = (reasons[decision.reason] ?? 0) + 1;
  }
  const runsMs: number[] = [];
  // Keeps the decisions observable, so the loop cannot be optimized away.
  let sends = 0;
  for (let run = 0; run < POLICY_RUNS; run++) {
    const started = performance.now();
    for (let i = 0; i < options.decisions; i++) {
      const input = inputs[i % inputs.length];
      if (input !== undefined && decideContact(input).action === 'send') sends++;
    }
    runsMs.push(performance.now() - started);
  }
  if (sends === 0 && options.decisions > 0) log('no decision was "send": the inputs are not varied enough');
  const medianMs = median(runsMs);
  return {
    inputs: inputs.length,
    decisionsPerRun: options.decisions,
    runsMs,
    decisionsPerSecond: medianMs > 0 ? options.decisions / (medianMs / 1000) : 0,
    actions,
    reasons,
  };
}

// ---------------------------------------------------------------------------------------------------
// Part 2: end to end on the embedded runtime

/** Customers are published at the start; the first message request comes an hour later. */
const SCENARIO_START = '2027-01-04T23:00:00Z';
const REQUEST_DAY = Date.parse('2027-01-05T00:00:00Z');
const SCENARIO_UNTIL = '2027-01-07T00:00:00Z';
const CAMPAIGN_AT = '2027-01-05T09:00:00Z';

/** The facts of an invoice explanation: 310 above usual, mostly consumption (as test/unit/templates/fixtures.ts). */
function invoiceFacts(invoiceId: string, currency: 'NOK' | 'SEK'): Record<string, unknown> {
  return {
    invoiceId,
    currency,
    amount: 1240.5,
    expectedAmount: 930.5,
    difference: 310,
    dueDate: '2027-01-20',
    period: { from: '2026-12-01', to: '2026-12-31' },
    causes: [
      { code: 'consumption', amount: 214.5, quantity: 1650, expectedQuantity: 1230, unit: 'kWh' },
      { code: 'price', amount: 75.5, unitPrice: 0.62, expectedUnitPrice: 0.5675, unit: 'kWh' },
      { code: 'fees', amount: 20 },
    ],
  };
}

function retentionFacts(currency: 'NOK' | 'SEK'): Record<string, unknown> {
  return {
    currency,
    offerId: 'loyal-2027-01',
    reasons: ['long-tenure'],
    offer: {
      name: { 'nb-NO': 'Lojalitetsrabatt', 'sv-SE': 'Lojalitetsrabatt', 'en-GB': 'Loyalty discount' },
      discountPercent: 10,
      bindingMonths: 0,
      validUntil: '2027-02-28',
    },
  };
}

interface SendGateScenario {
  scenario: Scenario;
  requests: { service: number; marketing: number; replays: number };
  smsPreferring: number;
  marketingConsent: number;
}

/**
 * The generated customers (their events dropped), marketing consent for every second one, one
 * `invoice-explanation` per customer at a minute spread over a day (so SMS at night are deferred), the
 * marketing campaign at 09:00 UTC to customers with and without consent, and replays of earlier requests
 * five minutes after them.
 */
export function sendGateScenario(options: SendGateOptions): SendGateScenario {
  const { scenario: generated } = generateScenarioDetailed({
    customers: options.customers,
    seed: options.seed,
    start: SCENARIO_START,
    months: 1,
    historyMonths: [0, 0],
  });
  // The generator's customers are `Customer Upserted` details; the scenario type only says "objects".
  const customers = (generated.customers as Customer[]).map((customer, i) => ({
    ...customer,
    consents: { ...customer.consents, marketing: i % 2 === 0 },
  }));
  type Event = Scenario['events'][number];
  const service: Event[] = customers.map((customer, i) => {
    const customerId = customer.customerId;
    const currency = customer.market === 'SE' ? 'SEK' : 'NOK';
    const invoiceId = `inv-2027-01-${customerId}`;
    return {
      at: new Date(REQUEST_DAY + ((i * 37) % 1_440) * 60_000).toISOString(),
      source: 'billing',
      detailType: DETAIL_TYPE.messageRequested,
      detail: {
        kind: 'invoice-explanation',
        customerId,
        trigger: { detailType: DETAIL_TYPE.invoiceIssued, id: invoiceId },
        facts: invoiceFacts(invoiceId, currency),
      },
    };
  });
  // Every second customer of the campaign has consent (`i` even), the other has not.
  const marketing: Event[] = customers.slice(0, options.marketing).map((customer) => ({
    at: CAMPAIGN_AT,
    source: 'crm',
    detailType: DETAIL_TYPE.messageRequested,
    detail: {
      kind: 'retention-offer',
      purpose: 'marketing',
      customerId: customer.customerId,
      trigger: { detailType: 'Campaign Scheduled', id: 'winter-2027' },
      facts: retentionFacts(customer.market === 'SE' ? 'SEK' : 'NOK'),
    },
  }));
  const originals = [...service, ...marketing];
  const step = Math.max(1, Math.floor(originals.length / Math.max(1, options.replays)));
  const replays: Event[] = [];
  for (let i = 0; i < options.replays && i * step < originals.length; i++) {
    const original = originals[i * step];
    if (original)
      replays.push({ ...original, at: new Date(Date.parse(original.at) + 300_000).toISOString() });
  }
  const events = [...originals, ...replays]
    .map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.at.localeCompare(b.event.at) || a.i - b.i)
    .map(({ event }) => event);
  return {
    scenario: {
      name: `Send gate: ${customers.length} customers`,
      start: SCENARIO_START,
      until: SCENARIO_UNTIL,
      customers,
      events,
    } as Scenario,
    requests: { service: service.length, marketing: marketing.length, replays: replays.length },
    smsPreferring: customers.filter((c) => c.preferredChannel === 'sms').length,
    marketingConsent: customers.filter((c) => c.consents.marketing).length,
  };
}

/** The runtime counters at one moment, to take the customers' share out of the message figures. */
interface Snapshot {
  executions: ReturnType<LocalRuntime['counts']>;
  lambdaByFunction: Record<string, number>;
  busEvents: number;
}

function snapshot(runtime: LocalRuntime): Snapshot {
  return {
    executions: { ...runtime.counts() },
    lambdaByFunction: { ...runtime.lambda.counters.byFunction },
    busEvents: customBusEvents(runtime),
  };
}

/** Events put on the app's buses (custom events, billed); AWS services' events on `default` are free. */
function customBusEvents(runtime: LocalRuntime): number {
  return runtime.bus.log
    .counts()
    .filter((entry) => entry.bus !== 'default')
    .reduce((sum, entry) => sum + entry.count, 0);
}

function statusesOf(messages: readonly MessageRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) {
    const key = message.reason ? `${message.status} (${message.reason})` : message.status;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

async function measureEndToEnd(options: SendGateOptions) {
  const profiler = phaseProfiler();
  const heap = sampleHeap(100);
  const built = sendGateScenario(options);
  const { scenario } = built;
  log(
    `scenario: ${scenario.customers.length} customers, ${scenario.events.length} Message Requested events; running…`,
  );

  // runScenario creates its runtime itself. The benchmark needs it while the scenario runs, to take the
  // counters once the customers are stored and before the first message request is published: it wraps
  // the runtime's `runUntil`, whose `startWork(at)` publishes what is due at `at`.
  const writes = countDynamoWrites();
  let before: Snapshot | undefined;
  let messagesStartedAt: number | undefined;
  let cpuAtMessages: NodeJS.CpuUsage | undefined;
  const originalStart = LocalRuntime.start;
  LocalRuntime.start = async (runtimeOptions) => {
    const runtime = await originalStart.call(LocalRuntime, runtimeOptions);
    const runUntil = runtime.runUntil.bind(runtime);
    runtime.runUntil = (until, nextWorkAt, startWork) =>
      runUntil(until, nextWorkAt, (at) => {
        if (before === undefined && at > Date.parse(scenario.start)) {
          // The clock only leaves the start once nothing runs: every customer is stored by now.
          before = snapshot(runtime);
          messagesStartedAt = performance.now();
          void profiler.start();
          cpuAtMessages = process.cpuUsage();
          writes.start();
        }
        startWork?.(at);
      });
    return runtime;
  };

  let lastLogAt = performance.now();
  const onProgress = (progress: ScenarioProgress) => {
    const now = performance.now();
    if (now - lastLogAt >= PROGRESS_EVERY_MS) {
      lastLogAt = now;
      log(
        `${progress.eventsStarted}/${progress.eventsTotal} events started, clock ${progress.clock}, ` +
          `${progress.executionsRunning} running, heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }
  };

  let after: Snapshot | undefined;
  let messagesCpu: NodeJS.CpuUsage | undefined;
  let inspectStartedAt = 0;
  let emailsSent = 0;
  let smsSent = 0;
  let smsPartsSent = 0;
  let messagesTable = '';
  let lambdaMemory: Record<string, number> = {};
  const cpuBefore = process.cpuUsage();
  const runStart = performance.now();
  const report = await runScenario(scenario, {
    seed: options.seed,
    onProgress,
    inspect: async (rt) => {
      inspectStartedAt = performance.now();
      if (cpuAtMessages) messagesCpu = process.cpuUsage(cpuAtMessages);
      await profiler.stop();
      writes.stop();
      after = snapshot(rt);
      emailsSent = (await rt.services.email.sent()).length;
      const texts = rt.services.sms.sent();
      smsSent = texts.length;
      smsPartsSent = texts.reduce((sum, text) => sum + smsParts(text.body), 0);
      messagesTable = rt.environment[ENV.messagesTable] ?? '';
      lambdaMemory = Object.fromEntries(rt.lambda.functions().map((fn) => [fn.logicalId, fn.memorySizeMb]));
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  LocalRuntime.start = originalStart;
  writes.stop();
  writes.restore();
  const memory = heap.stop();
  if (!before || !after || messagesStartedAt === undefined) {
    throw new Error('The scenario never left its start: no message request ran');
  }

  const messagesMs = inspectStartedAt - messagesStartedAt;
  const messagesCpuMs = messagesCpu ? (messagesCpu.user + messagesCpu.system) / 1000 : 0;
  // The same requests through the pure logic alone, in the same process, after the run.
  const floor = sendGateFloor(scenario.customers, scenario.events);
  const customersMs = messagesStartedAt - runStart;
  const messages = report.messages.length;
  const perMessage = (value: number) => (messages > 0 ? value / messages : 0);
  const dynamo = writes.counts();
  const ledger = dynamo.byTable[messagesTable] ?? { requests: 0, items: 0, writeRequestUnits: 0 };
  const totalWriteItems = Object.values(dynamo.byTable).reduce((sum, t) => sum + t.items, 0);
  const delta = (key: keyof Snapshot['executions']) =>
    (after?.executions[key] ?? 0) - (before?.executions[key] ?? 0);
  const lambda = Object.entries(after.lambdaByFunction)
    .map(([fn, count]) => ({
      function: fn,
      invocations: count - (before?.lambdaByFunction[fn] ?? 0),
      memoryMb: lambdaMemory[fn] ?? 128,
    }))
    .filter((fn) => fn.invocations > 0);
  const lambdaInvocations = lambda.reduce((sum, fn) => sum + fn.invocations, 0);
  const busEvents = after.busEvents - before.busEvents;

  const cost = modelCost({
    eventsPublished: busEvents,
    standardTransitions: delta('standardTransitions'),
    expressExecutions: delta('expressExecutions'),
    lambda,
    dynamoWriteRequestUnits: dynamo.writeRequestUnits,
  });
  const providers = providerCost({ emailsSent, smsSent, smsParts: smsPartsSent });

  return {
    built,
    report,
    messages,
    messagesMs,
    customersMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    messagesCpuMs,
    floor,
    messagesPerSecond: messagesMs > 0 ? messages / (messagesMs / 1000) : 0,
    requestsPerSecond: messagesMs > 0 ? scenario.events.length / (messagesMs / 1000) : 0,
    statuses: statusesOf(report.messages),
    dynamo,
    messagesTable,
    ledger,
    ledgerWritesPerMessage: perMessage(ledger.items),
    totalWriteItems,
    writesPerMessage: perMessage(totalWriteItems),
    executions: {
      started: delta('started'),
      succeeded: delta('succeeded'),
      failed: delta('failed'),
      expressExecutions: delta('expressExecutions'),
      standardTransitions: delta('standardTransitions'),
      lambdaInvocations,
    },
    lambda,
    busEvents,
    emailsSent,
    smsSent,
    smsPartsSent,
    cost,
    providers,
    perMessage,
    peakHeapUsedBytes: memory.peakHeapUsedBytes,
  };
}

// ---------------------------------------------------------------------------------------------------

export async function runSendGateBenchmark(options: SendGateOptions): Promise<BenchmarkResult> {
  log(`timing decideContact: ${POLICY_RUNS} × ${options.decisions} decisions over ${POLICY_INPUTS} inputs`);
  const policy = measurePolicy(options);
  log(`${Math.round(policy.decisionsPerSecond).toLocaleString('en-GB')} decisions/s`);
  const e2e = await measureEndToEnd(options);

  const share = (n: number) => `${((n / policy.inputs) * 100).toFixed(1)} %`;
  const usd = (value: number) => Number(value.toPrecision(3));
  const per1000 = (value: number) => usd(e2e.perMessage(value) * 1000);
  const orchestrationUsd = e2e.cost.totalUsd;
  const providerUsd = e2e.providers.reduce((sum, line) => sum + line.usd, 0);
  const emailOnly = e2e.providers[0];
  const costRows = (lines: CostLine[]): Cell[][] =>
    lines.map((line) => [
      line.item,
      Math.round(line.quantity * 100) / 100,
      line.unit,
      usd(line.usd),
      per1000(line.usd),
    ]);

  const policyRows: Cell[][] = [
    ['distinct inputs (seeded, cycled)', policy.inputs, ''],
    ['decisions per run', policy.decisionsPerRun, ''],
    ['runs (ms)', policy.runsMs.map((ms) => Math.round(ms)).join(', '), ''],
    ['decisions per second (median of runs)', Math.round(policy.decisionsPerSecond), 'decisions/s'],
    ...Object.entries(policy.actions).map(([action, n]): Cell[] => [`  ${action}`, n, share(n)]),
    ...Object.entries(policy.reasons)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, n]): Cell[] => [`    suppress: ${reason}`, n, share(n)]),
  ];

  const { requests } = e2e.built;
  const e2eRows: Cell[][] = [
    ['customers (published first, not counted below)', e2e.built.scenario.customers.length, ''],
    [
      '  preferring SMS / with marketing consent',
      `${e2e.built.smsPreferring} / ${e2e.built.marketingConsent}`,
      '',
    ],
    [
      'Message Requested events (service + marketing + replays)',
      `${requests.service} + ${requests.marketing} + ${requests.replays}`,
      'events',
    ],
    ['messages recorded in the ledger', e2e.messages, 'messages'],
    ...Object.entries(e2e.statuses).map(([status, n]): Cell[] => [`  ${status}`, n, '']),
    ['emails / SMS handed to the providers', `${e2e.emailsSent} / ${e2e.smsSent}`, ''],
    ['customers phase (runtime start, Customer Upserted)', Math.round(e2e.customersMs), 'ms'],
    ['message phase wall time', Math.round(e2e.messagesMs), 'ms'],
    ['messages per second (messages / message phase)', Math.round(e2e.messagesPerSecond), 'messages/s'],
    ['requests per second (events / message phase)', Math.round(e2e.requestsPerSecond), 'requests/s'],
    ['CPU time of the process (whole run)', Math.round(e2e.cpuMs), 'ms'],
    ['CPU time of the message phase', Math.round(e2e.messagesCpuMs), 'ms'],
    ['  per message', Math.round((e2e.messagesCpuMs * 1000) / Math.max(1, e2e.messages)), 'µs CPU'],
    [
      'pure floor per request (validate, decide, sign, render; same data)',
      Math.round(e2e.floor.cpuMicrosPerItem),
      'µs CPU',
    ],
    [
      'runtime per message as a multiple of the floor (goal ≤ 25)',
      multipleOf((e2e.messagesCpuMs * 1000) / Math.max(1, e2e.messages), e2e.floor),
      '×',
    ],
    ['ledger (Messages table) write items', e2e.ledger.items, ''],
    ['ledger writes per message', Number(e2e.ledgerWritesPerMessage.toFixed(2)), 'writes'],
    ['DynamoDB write items, all tables', e2e.totalWriteItems, ''],
    ['DynamoDB writes per message, all tables', Number(e2e.writesPerMessage.toFixed(2)), 'writes'],
    ...callsPerItemRows('DynamoDB and PutEvents calls per message', e2e.dynamo.calls, e2e.messages),
    [
      'executions started / succeeded / failed',
      `${e2e.executions.started} / ${e2e.executions.succeeded} / ${e2e.executions.failed}`,
      '',
    ],
    ['Express executions', e2e.executions.expressExecutions, ''],
    ['  per message', Number(e2e.perMessage(e2e.executions.expressExecutions).toFixed(2)), ''],
    ['Standard transitions', e2e.executions.standardTransitions, ''],
    ['  per message', Number(e2e.perMessage(e2e.executions.standardTransitions).toFixed(3)), ''],
    ['Lambda invocations', e2e.executions.lambdaInvocations, ''],
    ['  per message', Number(e2e.perMessage(e2e.executions.lambdaInvocations).toFixed(2)), ''],
    ['custom events on the bus (requests, requeues, alerts)', e2e.busEvents, 'events'],
    ['alerts in the report', e2e.report.alerts.length, ''],
    ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
    ['peak heap used (sampled every 100 ms)', Math.round(e2e.peakHeapUsedBytes / MB), 'MB'],
  ];

  const costTable: Cell[][] = [
    ...costRows(e2e.cost.lines),
    ['orchestration total', '', '', usd(orchestrationUsd), per1000(orchestrationUsd)],
    ...costRows(e2e.providers),
    ['providers total', '', '', usd(providerUsd), per1000(providerUsd)],
    ['all', '', '', usd(orchestrationUsd + providerUsd), per1000(orchestrationUsd + providerUsd)],
  ];

  return {
    benchmark: 'send-gate',
    tables: [
      {
        title: 'Send gate: the contact policy (decideContact), in process',
        columns: ['figure', 'value', 'share'],
        rows: policyRows,
      },
      {
        title: `Send gate end to end on the embedded runtime (message phase only)`,
        columns: ['figure', 'value', 'unit'],
        rows: e2eRows,
      },
      {
        title: `Modelled cost of the message phase (${e2e.cost.region} list prices, USD)`,
        columns: ['item', 'quantity', 'unit', 'USD for the run', 'USD per 1,000 messages'],
        rows: costTable,
      },
    ],
    data: {
      options,
      policy,
      endToEnd: {
        requests,
        customers: e2e.built.scenario.customers.length,
        smsPreferring: e2e.built.smsPreferring,
        marketingConsent: e2e.built.marketingConsent,
        messages: e2e.messages,
        statuses: e2e.statuses,
        customersPhaseMs: e2e.customersMs,
        messagesPhaseMs: e2e.messagesMs,
        messagesPerSecond: e2e.messagesPerSecond,
        cpuMs: e2e.cpuMs,
        messagesCpuMs: e2e.messagesCpuMs,
        floor: e2e.floor,
        dynamoWrites: e2e.dynamo,
        messagesTable: e2e.messagesTable,
        ledgerWritesPerMessage: e2e.ledgerWritesPerMessage,
        writesPerMessage: e2e.writesPerMessage,
        executions: e2e.executions,
        lambdaByFunction: e2e.lambda,
        busEvents: e2e.busEvents,
        emailsSent: e2e.emailsSent,
        smsSent: e2e.smsSent,
        smsParts: e2e.smsPartsSent,
        alerts: e2e.report.alerts.length,
        rejected: e2e.report.rejected.length,
        peakRssBytes: peakRssBytes(),
        peakHeapUsedBytes: e2e.peakHeapUsedBytes,
        cost: { ...e2e.cost, prices: US_EAST_1_PRICES, assumptions: DEFAULT_ASSUMPTIONS },
        providerCost: e2e.providers,
        orchestrationUsdPerThousandMessages: e2e.perMessage(orchestrationUsd) * 1000,
        emailUsdPerThousandEmails: SES_EMAIL_PRICE_USD * 1000,
        emailOnlyUsd: emailOnly?.usd ?? 0,
      },
    },
    notes: [
      'Part 1 times decideContact alone (no I/O); the shares are over the distinct inputs.',
      'Part 2 counts only what happens after the customers are stored: the Message Requested events, the ' +
        'DeferredSend waits and requeues, and the report. Per message = divided by ledger records (a replay ' +
        'adds no record).',
      `Orchestration: ${e2e.cost.region} list prices (bench/lib/aws-cost.ts), ${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms ` +
        'assumed per Lambda invocation; DynamoDB reads are not priced.',
      `Providers: SES $${(SES_EMAIL_PRICE_USD * 1000).toFixed(2)} per 1,000 emails; SMS prices depend on the ` +
        `destination country: $${ASSUMED_NORDIC_SMS_PART_PRICE_USD} per part is an ASSUMED price for Norway/Sweden, not a quote.`,
    ],
  };
}

if (import.meta.main) {
  publishResult(await runSendGateBenchmark(parseOptions(process.argv.slice(2))));
}
