/**
 * Benchmark: one run of the automatic retention program (`retention-program`) over 100,000 customers,
 * through CampaignSchedule and CampaignRun on the embedded runtime: `Offer Catalog Published` stores the
 * catalog and schedules the program's daily cron, the schedule fires at 05:00 UTC, StartRun evaluates
 * every customer (their sent messages of 90 days in one `sentWithFacts` query, their survey answers,
 * and, only for those an offer may follow, their invoices), writes the snapshot and the churn risks,
 * and the Distributed Map sends the chosen `retention-offer`s through the send gate at 10:00 on each
 * customer's clock. Reports customers evaluated and offers per second, StartRun alone, peak memory,
 * DynamoDB calls per customer, Lambda invocations, Standard transitions, the modelled AWS cost per
 * 1,000 offers and the multiple of the pure floor (`screen`/`evaluate` over the same data in memory).
 *
 *   npm run bench -- retention
 *   npm exec -- node bench/retention.ts [--customers 100000] [--seed 2027]
 *
 * The data: 70 % Norwegian, 30 % Swedish customers with an electricity product; 12 % on a fixed term
 * whose binding ends within 60 days of the run, 8 % on a fixed term ending later, the rest open-ended;
 * 40 % customers for 36 months or more; 80 % with marketing consent, 85 % e-mail, 15 % SMS. 45 % have
 * 12 months of electricity invoices (kWh, unit price, subscription). In the ledger: price-change notices
 * (a tenth of the Norwegians on `var-no1`, with their annual cost before and after), invoice
 * explanations (6 %), support-delay notices (3 %), an older survey request to a fifth, and a
 * retention offer 40 days ago to 2 % (capped). Survey answers from 8 %, 40 % of them detractors. The
 * catalog: a Norwegian fixed price for 24 months (tariff), a Norwegian loyalty discount for 36 months'
 * tenure, a Swedish discount and a Norwegian campaign-only bonus (not automatic). All seeded straight
 * into the tables (bench/lib/seed-tables.ts), not timed.
 */

import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { invoiceSk, messageIdFor, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { dateIn } from '#domain/campaigns/audience.ts';
import { ENV } from '#domain/config/env-names.ts';
import { currencyOfMarket } from '#domain/config/market-table.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CustomerUpserted, InvoiceIssued } from '#domain/contracts/index.ts';
import type { OfferCatalogPublished } from '#domain/contracts/retention.ts';
import { type EvaluatedCustomer, evaluate, screen } from '#domain/retention/evaluate.ts';
import { RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import type { SentWithFacts, SurveyAnswer } from '#domain/retention/signals.ts';
import type { PutEventEntry } from '#local/eventbridge/local-event-bus.ts';
import { LocalRuntime } from '#local/runtime.ts';
import {
  costRows,
  DEFAULT_ASSUMPTIONS,
  modelCost,
  SES_EMAIL_PRICE_USD,
  US_EAST_1_PRICES,
} from './lib/aws-cost.ts';
import { callsPerItemRows, countDynamoWrites } from './lib/dynamo-writes.ts';
import { type Floor, measureFloor, multipleOf } from './lib/floors.ts';
import { outcomeKey } from './lib/ledger.ts';
import { peakRssBytes, sampleHeap } from './lib/memory.ts';
import { Random } from './lib/random.ts';
import { type BenchmarkResult, type Cell, integerOptions, MB, publishResult } from './lib/report.ts';
import {
  type Counters,
  countersOf,
  lambdaUsage,
  orchestrationRows,
  trackStandardTransitions,
} from './lib/runtime-counters.ts';
import { batchPut, customerItems, MONTHLY_KWH } from './lib/seed-tables.ts';

export interface RetentionBenchOptions {
  customers: number;
  seed: number;
  /** 0: the pure floor only, no embedded runtime (the floor at a size the runtime would take too long for). */
  runtime: number;
}

const DEFAULTS: RetentionBenchOptions = { customers: 100_000, seed: 2027, runtime: 1 };
/** The catalog is published at noon the day before; the program's cron fires at 05:00 UTC. */
const PUBLISHED_AT = '2027-03-01T12:00:00Z';
const RUN_AT = '2027-03-02T05:00:00Z';
const PROGRESS_EVERY_MS = 10_000;
const DAY_MS = 86_400_000;
const log = (text: string) => process.stderr.write(`[retention] ${text}\n`);

const CATALOG: OfferCatalogPublished = {
  catalogId: 'cat-2027-03',
  holdoutPercent: 10,
  publishedAt: PUBLISHED_AT,
  offers: [
    {
      offerId: 'fix-24m-no',
      name: { 'nb-NO': 'Fastpris 24 måneder', 'en-GB': 'Fixed price 24 months' },
      market: 'NO',
      eligibility: {
        productKinds: ['electricity'],
        minTenureMonths: 0,
        signals: ['price-increase', 'binding-ending', 'high-invoice'],
      },
      benefit: {
        type: 'tariff',
        tariffId: 'fix-24m-no',
        component: 'energy',
        price: 0.89,
        bindingMonths: 24,
      },
      validUntil: '2027-12-31',
      automatic: true,
    },
    {
      offerId: 'loyal-10-no',
      name: { 'nb-NO': 'Lojalitetsrabatt 10 %', 'en-GB': 'Loyalty discount 10 %' },
      market: 'NO',
      eligibility: { productKinds: ['electricity'], minTenureMonths: 36 },
      benefit: { type: 'discount', percent: 10, months: 6 },
      validUntil: '2027-12-31',
      automatic: true,
    },
    {
      offerId: 'rabatt-15-se',
      name: { 'sv-SE': 'Rabatt 15 %', 'en-GB': 'Discount 15 %' },
      market: 'SE',
      eligibility: { productKinds: ['electricity'], minTenureMonths: 0 },
      benefit: { type: 'discount', percent: 15, months: 3 },
      validUntil: '2027-12-31',
      automatic: true,
    },
    {
      offerId: 'bonus-500-no',
      name: { 'nb-NO': 'Velkomstbonus 500 kr', 'en-GB': 'Bonus NOK 500' },
      market: 'NO',
      eligibility: { minTenureMonths: 0, signals: ['support-delay', 'detractor'] },
      benefit: { type: 'bonus', amount: 500 },
      validUntil: '2027-12-31',
      // Campaign-only: the program never sends it.
      automatic: false,
    },
  ],
};

interface SentItem extends SentWithFacts {
  customerId: string;
  purpose: 'service' | 'survey' | 'marketing';
}

interface SurveyItem extends SurveyAnswer {
  customerId: string;
}

interface RetentionData {
  customers: CustomerUpserted[];
  invoices: InvoiceIssued[];
  sent: SentItem[];
  answers: SurveyItem[];
  bindingEnding: number;
  longTenure: number;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The customers, their invoices, sent messages and survey answers; the same for the same options. */
function generate(options: RetentionBenchOptions): RetentionData {
  const rng = new Random(options.seed);
  const runMs = Date.parse(RUN_AT);
  const data: RetentionData = {
    customers: [],
    invoices: [],
    sent: [],
    answers: [],
    bindingEnding: 0,
    longTenure: 0,
  };
  for (let i = 0; i < options.customers; i++) {
    const customerId = `c-${String(i).padStart(7, '0')}`;
    const norway = rng.chance(0.7);
    const segment = rng.chance(0.9) ? 'household' : 'business';
    const roll = rng.next();
    const contract = roll < 0.12 ? 'ending' : roll < 0.2 ? 'fixed' : 'open';
    const bindingEndsOn =
      contract === 'ending'
        ? isoDay(runMs + rng.int(1, 59) * DAY_MS)
        : contract === 'fixed'
          ? isoDay(runMs + rng.int(90, 700) * DAY_MS)
          : null;
    if (contract === 'ending') data.bindingEnding++;
    const long = rng.chance(0.4);
    if (long) data.longTenure++;
    const customerSince = long
      ? isoDay(Date.parse('2015-01-01') + rng.int(0, 3000) * DAY_MS)
      : isoDay(Date.parse('2024-04-01') + rng.int(0, 900) * DAY_MS);
    const tariffId = norway ? (rng.chance(0.6) ? 'var-no1' : 'spot-no1') : 'spot-se3';
    data.customers.push({
      customerId,
      name: `Kunde ${i}`,
      market: norway ? 'NO' : 'SE',
      segment,
      locale: norway ? (rng.chance(0.9) ? 'nb-NO' : 'en-GB') : rng.chance(0.9) ? 'sv-SE' : 'en-GB',
      timeZone: norway ? 'Europe/Oslo' : 'Europe/Stockholm',
      email: `${customerId}@example.${norway ? 'no' : 'se'}`,
      phone: norway ? `+479${String(1_000_000 + i).slice(-7)}` : `+467${String(10_000_000 + i).slice(-8)}`,
      preferredChannel: rng.chance(0.15) ? 'sms' : 'email',
      consents: { marketing: rng.chance(0.8), surveys: true },
      customerSince,
      paymentMethod: 'e-invoice',
      products: [
        {
          productId: 'p-el',
          kind: 'electricity',
          tariffId,
          contract: bindingEndsOn ? 'fixed-term' : 'open-ended',
          bindingEndsOn,
        },
      ],
    });

    // Twelve months of electricity invoices, February 2026 to January 2027, for 45 %.
    const currency = norway ? 'NOK' : 'SEK';
    const unitPrice = norway ? 0.95 : 1.12;
    const monthly = norway ? 49 : 59;
    const scale = rng.uniform(0.3, 1.6) * (segment === 'business' ? 2 : 1);
    const hasInvoices = rng.chance(0.45);
    let lastInvoice: { invoiceId: string; amount: number } | undefined;
    if (hasInvoices) {
      for (let k = 0; k < 12; k++) {
        const year = k === 11 ? 2027 : 2026;
        const month0 = (1 + k) % 12; // February 2026 … January 2027
        const from = `${year}-${String(month0 + 1).padStart(2, '0')}-01`;
        const to = new Date(Date.UTC(year, month0 + 1, 0)).toISOString().slice(0, 10);
        // Issued on the 5th of the month after.
        const issued = new Date(Date.UTC(year, month0 + 1, 5, 6)).toISOString().replace('.000', '');
        const quantity = Math.round((MONTHLY_KWH[month0] ?? 1000) * scale * rng.uniform(0.9, 1.1));
        const energy = Math.round(quantity * unitPrice * 100) / 100;
        const invoiceId = `inv-${customerId}-${year}-${month0 + 1}`;
        const amount = Math.round((energy + monthly) * 100) / 100;
        data.invoices.push({
          invoiceId,
          customerId,
          productId: 'p-el',
          currency,
          amount,
          issuedAt: issued,
          dueDate: `${issued.slice(0, 8)}20`,
          period: { from, to },
          consumption: { quantity, unit: 'kWh' },
          reading: 'actual',
          lines: [
            { kind: 'energy', description: norway ? 'Strøm' : 'El', quantity, unitPrice, amount: energy },
            { kind: 'subscription', description: norway ? 'Fastbeløp' : 'Fast avgift', amount: monthly },
          ],
        });
        lastInvoice = { invoiceId, amount };
      }
    }

    const sentAt = (daysAgo: number) =>
      new Date(runMs - daysAgo * DAY_MS - rng.int(0, 600) * 60_000).toISOString().replace('.000', '');
    // A price increase on var-no1, noticed 50 days ago, to a tenth of its customers (the rest came later).
    if (tariffId === 'var-no1' && rng.chance(0.1)) {
      const annualKwh = Math.round(16_000 * scale);
      data.sent.push({
        customerId,
        kind: 'price-change-notice',
        purpose: 'service',
        sentAt: sentAt(50),
        facts: {
          priceChangeId: 'pc-2027-01-var-no1',
          productId: 'p-el',
          tariffId,
          component: 'energy',
          oldPrice: 0.95,
          newPrice: 1.04,
          effectiveDate: '2027-02-26',
          annualConsumption: annualKwh,
          unit: 'kWh',
          annualCostBefore: Math.round(annualKwh * 0.95 * 100) / 100,
          annualCostAfter: Math.round(annualKwh * 1.04 * 100) / 100,
          currency,
        },
      });
    }
    if (lastInvoice && rng.chance(0.06 / 0.45)) {
      data.sent.push({
        customerId,
        kind: 'invoice-explanation',
        purpose: 'service',
        sentAt: sentAt(rng.int(20, 40)),
        facts: {
          invoiceId: lastInvoice.invoiceId,
          productId: 'p-el',
          amount: lastInvoice.amount,
          expectedAmount: Math.round(lastInvoice.amount * 0.7 * 100) / 100,
          currency,
          reasons: ['seasonal-consumption'],
        },
      });
    }
    if (rng.chance(0.03)) {
      data.sent.push({
        customerId,
        kind: 'support-delay-notice',
        purpose: 'service',
        sentAt: sentAt(rng.int(3, 80)),
        facts: { ticketId: `t-${customerId}`, promisedBy: sentAt(1), priority: 'normal' },
      });
    }
    if (rng.chance(0.2)) {
      data.sent.push({
        customerId,
        kind: 'survey-request',
        purpose: 'survey',
        sentAt: sentAt(rng.int(1, 85)),
        facts: { surveyId: `s-${customerId}-ask`, scale: 'csat-5' },
      });
    }
    if (rng.chance(0.02)) {
      data.sent.push({
        customerId,
        kind: 'retention-offer',
        purpose: 'marketing',
        sentAt: sentAt(40),
        facts: { offerId: 'fix-24m-no', catalogId: 'cat-2026-12', productId: 'p-el', automatic: true },
      });
    }
    if (rng.chance(0.08)) {
      const detractor = rng.chance(0.4);
      const nps = rng.chance(0.5);
      data.answers.push({
        customerId,
        surveyId: `s-${customerId}`,
        scale: nps ? 'nps-10' : 'csat-5',
        score: nps ? (detractor ? rng.int(0, 6) : rng.int(7, 10)) : detractor ? rng.int(1, 2) : rng.int(3, 5),
        respondedAt: sentAt(rng.int(2, 100)),
      });
    }
  }
  return data;
}

/** A ledger item of a message sent (final, as `markSent` leaves it). */
function sentItem(message: SentItem, customer: CustomerUpserted): Record<string, unknown> {
  const dedupeKey = `${message.kind}#bench#${message.customerId}#${message.sentAt}`;
  return {
    messageId: messageIdFor(dedupeKey),
    dedupeKey,
    customerId: message.customerId,
    kind: message.kind,
    purpose: message.purpose,
    status: 'sent',
    reason: null,
    channel: 'email',
    to: customer.email ?? null,
    locale: customer.locale,
    subject: `${message.kind} (benchmark)`,
    text: `Hei ${customer.name}, dette er en melding av typen ${message.kind}.`,
    html: null,
    sentAt: message.sentAt,
    trigger: { detailType: 'Benchmark', id: dedupeKey.slice(0, 120) },
    facts: message.facts,
    state: 'final',
    attempts: 1,
    claimedAt: message.sentAt,
    claimedBy: 'bench',
    createdAt: message.sentAt,
    providerMessageId: `p-${dedupeKey.length}-${message.sentAt}`,
    detail: null,
    settledAt: message.sentAt,
  };
}

/** A Surveys item of an answered survey stille asked. */
function surveyItem(answer: SurveyItem): Record<string, unknown> {
  const askedAt = new Date(Date.parse(answer.respondedAt) - 3_600_000).toISOString().replace('.000', '');
  return {
    surveyId: answer.surveyId,
    customerId: answer.customerId,
    at: askedAt,
    scale: answer.scale,
    trigger: 'ticket-resolved',
    ticketId: `t-${answer.customerId}-old`,
    askedAt,
    score: answer.score,
    respondedAt: answer.respondedAt,
  };
}

function byCustomer<T extends { customerId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.customerId);
    if (list) list.push(item);
    else map.set(item.customerId, [item]);
  }
  return map;
}

/**
 * The pure floor: each customer screened (signals, churn risk, the rules that need no invoice) and,
 * where an offer may follow, evaluated on their invoices, as StartRun does it, from memory. No SDK,
 * storage or workflow; the send gate is not in it.
 */
function retentionFloor(
  data: RetentionData,
  marketsConfigJson: string | undefined,
): Floor & { offers: number; screenedOut: number } {
  const config = loadMarketsConfig(marketsConfigJson);
  const now = new Date(RUN_AT);
  const since = now.getTime() - 90 * DAY_MS;
  const answersSince = now.getTime() - 120 * DAY_MS;
  const sent = byCustomer(data.sent);
  const answers = byCustomer(data.answers);
  const invoices = byCustomer(data.invoices);
  const offers = CATALOG.offers.filter((offer) => offer.automatic);
  let offered = 0;
  let screenedOut = 0;
  const floor = measureFloor(() => {
    offered = 0;
    screenedOut = 0;
    for (const customer of data.customers) {
      const settings = settingsForMarket(config, customer.market);
      const today = dateIn(now, customer.timeZone);
      const own = (sent.get(customer.customerId) ?? [])
        .filter((message) => Date.parse(message.sentAt) >= since)
        .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
      const answered = (answers.get(customer.customerId) ?? []).filter(
        (answer) => Date.parse(answer.respondedAt) - 3_600_000 >= answersSince,
      );
      const evaluated: EvaluatedCustomer = {
        customerId: customer.customerId,
        market: customer.market,
        segment: customer.segment,
        timeZone: customer.timeZone,
        customerSince: customer.customerSince,
        products: customer.products,
        endedProductIds: new Set(),
      };
      const inputs = {
        customer: evaluated,
        sent: own,
        answers: answered,
        now,
        today,
        weights: settings.churnRisk.weights,
        levels: settings.churnRisk.levels,
        catalogId: CATALOG.catalogId,
        mode: { kind: 'program' as const, offers },
      };
      const screening = screen(inputs);
      if (screening.stop) {
        screenedOut++;
        continue;
      }
      const evaluation = evaluate(
        { ...inputs, currency: currencyOfMarket(customer.market) },
        invoices.get(customer.customerId) ?? [],
      );
      if (evaluation.decision.offer) offered++;
    }
    return data.customers.length;
  });
  return { ...floor, offers: offered, screenedOut };
}

/** Counts S3 requests of every S3 client in the process while active (writes: PUT/LIST, reads: GET/HEAD). */
function countS3Requests(): { counts: { writes: number; reads: number }; active: boolean; restore(): void } {
  const proto = S3Client.prototype as unknown as { send: (...args: unknown[]) => unknown };
  const own = Object.getOwnPropertyDescriptor(proto, 'send');
  const original = proto.send;
  const state = {
    counts: { writes: 0, reads: 0 },
    active: false,
    restore: (): void => {
      if (own) Object.defineProperty(proto, 'send', own);
      else delete (proto as Partial<typeof proto>).send;
    },
  };
  proto.send = function countingSend(this: unknown, ...args: unknown[]) {
    if (state.active) {
      const name = (args[0] as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
      if (/^(Put|Copy|List|CreateMultipart|UploadPart|CompleteMultipart)/.test(name)) state.counts.writes++;
      else if (name.endsWith('Command')) state.counts.reads++;
    }
    return original.apply(this, args);
  };
  return state;
}

/** Times every invocation of StartCampaignRun (wall and process CPU while it ran). */
function timeStartRun(runtime: LocalRuntime): {
  invocations: number;
  wallMs: number;
  cpuMicros: number;
  result?: { action?: string; bucket?: string; waves?: Array<{ key: string; count: number }> };
} {
  const timing: ReturnType<typeof timeStartRun> = { invocations: 0, wallMs: 0, cpuMicros: 0 };
  const fn = runtime.lambda.functions().find((candidate) => candidate.entry.includes('start-campaign-run'));
  if (!fn) throw new Error('The app has no StartCampaignRun function');
  const handler = fn.handler;
  fn.handler = async (event, context) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      const result = await handler(event, context);
      timing.result = result as NonNullable<typeof timing.result>;
      return result;
    } finally {
      const used = process.cpuUsage(cpu);
      timing.invocations++;
      timing.wallMs += performance.now() - started;
      timing.cpuMicros += used.user + used.system;
    }
  };
  return timing;
}

/** `--runtime 0`: the pure floor alone, on the same generated data. */
function floorOnly(
  data: RetentionData,
  generationMs: number,
  options: RetentionBenchOptions,
): BenchmarkResult {
  const floor = retentionFloor(data, undefined);
  const customers = data.customers.length;
  const seconds = (floor.cpuMicrosPerItem * customers) / 1e6;
  return {
    benchmark: 'retention',
    tables: [
      {
        title: `Retention: the pure floor over ${customers} customers (no runtime)`,
        columns: ['figure', 'value', 'unit'],
        rows: [
          ['customers (70 % NO, 30 % SE)', customers, ''],
          [
            '  binding ending within 60 days / customers 36 months or more',
            `${data.bindingEnding} / ${data.longTenure}`,
            '',
          ],
          [
            'stored invoices / sent messages / survey answers',
            `${data.invoices.length} / ${data.sent.length} / ${data.answers.length}`,
            '',
          ],
          ['data generation (not timed)', Math.round(generationMs), 'ms'],
          ['offers chosen (screen, then evaluate)', floor.offers, ''],
          ['  screened out before any invoice', floor.screenedOut, 'customers'],
          ['pure floor per customer (best of 3)', Number(floor.cpuMicrosPerItem.toFixed(2)), 'µs CPU'],
          ['customers per second', Math.round(customers / seconds), 'customers/s'],
          ['offers per second', Math.round(floor.offers / seconds), 'offers/s'],
          ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
        ],
      },
    ],
    data: { options, customers, floor, peakRssBytes: peakRssBytes() },
    notes: [
      'The domain alone (screen, evaluate from functions/domain/retention/evaluate.ts), in memory, default markets configuration.',
    ],
  };
}

export async function runRetentionBenchmark(options: RetentionBenchOptions): Promise<BenchmarkResult> {
  const heap = sampleHeap(100);
  const generationStart = performance.now();
  const data = generate(options);
  const generationMs = performance.now() - generationStart;
  log(
    `generated ${data.customers.length} customers, ${data.invoices.length} invoices, ${data.sent.length} sent ` +
      `messages, ${data.answers.length} survey answers in ${Math.round(generationMs)} ms`,
  );

  if (options.runtime === 0) return floorOnly(data, generationMs, options);
  const runtime = await LocalRuntime.start({
    start: PUBLISHED_AT,
    // RETENTION_BENCH_RECORD=1 keeps every execution's states (to see why a run failed), at a memory cost.
    recordExecutions: process.env.RETENTION_BENCH_RECORD === '1',
    logLevel: 'SILENT',
    // The ledger holds every body; a second copy in the local SES is ≈ 12 KB a message.
    keepEmailBodies: false,
  });
  try {
    const table = (key: keyof typeof ENV) => {
      const name = runtime.environment[ENV[key]];
      if (!name) throw new Error(`The app gives no function ${ENV[key]}`);
      return name;
    };
    const customersById = new Map(data.customers.map((customer) => [customer.customerId, customer]));
    const seedStart = performance.now();
    await batchPut(
      runtime.deps.ddb,
      table('customersTable'),
      data.customers.flatMap((customer) => customerItems(customer, PUBLISHED_AT)),
    );
    await batchPut(
      runtime.deps.ddb,
      table('invoicesTable'),
      data.invoices.map((invoice) => ({ ...invoice, sk: invoiceSk(invoice) })),
    );
    await batchPut(
      runtime.deps.ddb,
      table('messagesTable'),
      data.sent.map((message) =>
        sentItem(message, customersById.get(message.customerId) as CustomerUpserted),
      ),
    );
    await batchPut(runtime.deps.ddb, table('surveysTable'), data.answers.map(surveyItem));
    const seedMs = performance.now() - seedStart;
    const repositories = repositoriesFrom(runtime.deps);
    const probe = data.sent[0];
    if (probe) {
      const read = await repositories.messages.sentWithFacts(
        probe.customerId,
        new Date(Date.parse(RUN_AT) - 90 * DAY_MS),
      );
      if (!read.some((message) => message.kind === probe.kind))
        throw new Error('Seeded messages do not read back through sentWithFacts');
    }
    log(`seeded in ${Math.round(seedMs)} ms`);

    // The catalog, through ingestion: it stores the catalog and the program, and schedules its cron.
    const published = runtime.putEvent({
      source: 'marketing',
      detailType: DETAIL_TYPE.offerCatalogPublished,
      detail: CATALOG,
      id: 'bench-offer-catalog',
    });
    await Promise.all(published.executions.map((execution) => execution.done));
    await runtime.runUntil(Date.parse(RUN_AT) - 60_000);
    const program = await repositories.campaigns.get(RETENTION_PROGRAM_ID);
    if (!program) throw new Error('Offer Catalog Published stored no retention-program campaign');

    const observed = { offersRequested: 0, firstRequestMs: 0 };
    const put = runtime.bus.put.bind(runtime.bus);
    runtime.bus.put = (entry: PutEventEntry, now: Date) => {
      const detail = entry.detail as { kind?: string };
      if (entry.detailType === DETAIL_TYPE.messageRequested && detail.kind === 'retention-offer') {
        if (observed.offersRequested === 0) observed.firstRequestMs = performance.now();
        observed.offersRequested++;
      }
      return put(entry, now);
    };
    const startRun = timeStartRun(runtime);
    const transitionsByMachine = trackStandardTransitions(runtime);
    const writes = countDynamoWrites();
    const s3 = countS3Requests();
    const before = countersOf(runtime);
    const heapBefore = heap.peak();
    const started = performance.now();
    const progress = setInterval(() => {
      log(
        `${Math.round((performance.now() - started) / 1000)} s: StartRun ${startRun.invocations > 0 ? 'done' : 'running'}, ` +
          `${observed.offersRequested} offers requested, heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }, PROGRESS_EVERY_MS);
    progress.unref();
    writes.start();
    s3.active = true;
    const cpuBefore = process.cpuUsage();
    // The cron fires at 05:00 UTC: StartRun evaluates everyone and writes the snapshot.
    await runtime.runUntil(Date.parse(RUN_AT) + 60_000);
    const paused = { ms: 0, cpuMicros: 0 };
    const pause = async <T>(work: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      const cpuAt = process.cpuUsage();
      writes.stop();
      s3.active = false;
      try {
        return await work();
      } finally {
        writes.start();
        s3.active = true;
        const used = process.cpuUsage(cpuAt);
        paused.ms += performance.now() - at;
        paused.cpuMicros += used.user + used.system;
      }
    };
    log(`StartRun done in ${Math.round(startRun.wallMs)} ms`);
    const snapshot = startRun.result;
    if (snapshot?.action !== 'run' || !snapshot.bucket || !snapshot.waves)
      throw new Error(`StartRun did not start the run: ${JSON.stringify(snapshot)?.slice(0, 500)}`);
    const { bucket, waves } = snapshot;
    const keys = await pause(async () => {
      const all: string[] = [];
      for (const wave of waves) {
        const body = await runtime.s3.send(new GetObjectCommand({ Bucket: bucket, Key: wave.key }));
        for (const line of (await body.Body?.transformToString())?.split('\n') ?? []) {
          if (line.trim() === '') continue;
          const member = JSON.parse(line) as { customerId: string };
          all.push(`retention-offer#${RETENTION_PROGRAM_ID}#${RUN_AT}#${member.customerId}`);
        }
      }
      return all;
    });
    log(`${keys.length} offers in the snapshot`);
    // The offers go at 10:00 on each customer's clock (09:00 UTC), paced: until each has its final
    // record in the ledger (sent, suppressed or held out), checked every five simulated minutes.
    let decided = 0;
    for (let at = Date.parse(RUN_AT) + 4 * 3_600_000; at <= Date.parse(RUN_AT) + 2 * DAY_MS; at += 300_000) {
      await runtime.runUntil(at);
      decided = await pause(async () => {
        let final = 0;
        for (let i = 0; i < keys.length; i += 1000) {
          const outcomes = await repositories.messages.outcomes(keys.slice(i, i + 1000));
          for (const outcome of outcomes.values()) if (outcome.state === 'final') final++;
        }
        return final;
      });
      if (decided >= keys.length) break;
      log(`${runtime.clock.now().toISOString()}: ${decided} of ${keys.length} offers decided`);
    }
    const ms = performance.now() - started - paused.ms;
    const cpuTotal = process.cpuUsage(cpuBefore);
    const cpu = { user: cpuTotal.user + cpuTotal.system - paused.cpuMicros, system: 0 };
    const decidedAtSimulated = runtime.clock.now().toISOString();
    clearInterval(progress);
    writes.stop();
    s3.active = false;
    const after = countersOf(runtime);
    const dynamo = writes.counts();

    // CompleteRun counts the run once every message it requested is decided; it is given a few
    // simulated hours past the last decision.
    await runtime.runUntil(runtime.clock.now().getTime() + 3 * 3_600_000);
    const afterCompletion = countersOf(runtime);
    const [run] = await repositories.campaigns.runs(RETENTION_PROGRAM_ID);
    const counted = run?.status === 'completed' && run.result !== undefined;
    if (!counted) log(`the program run is not counted yet: ${JSON.stringify(run)}`);
    const offers = keys.length;
    // The outcomes as the ledger has them (what CompleteRun would count).
    const result = {
      audience: offers,
      holdout: 0,
      sent: 0,
      suppressed: {} as Record<string, number>,
      failed: 0,
    };
    const byOffer: Record<string, number> = {};
    for await (const message of repositories.messages.records()) {
      if (message.kind !== 'retention-offer' || message.facts.catalogId !== CATALOG.catalogId) continue;
      if (message.reason === 'holdout') result.holdout++;
      else if (message.status === 'sent') result.sent++;
      else if (message.status === 'failed') result.failed++;
      else if (message.reason)
        result.suppressed[message.reason] = (result.suppressed[message.reason] ?? 0) + 1;
      const key = `${String(message.facts.offerId)}: ${outcomeKey(message)}`;
      byOffer[key] = (byOffer[key] ?? 0) + 1;
    }
    const emailsSent = (await runtime.services.email.sent()).length;
    const smsSent = runtime.services.sms.sent().length;
    const memory = heap.stop();
    writes.restore();
    s3.restore();

    const floor = retentionFloor(data, runtime.environment[ENV.marketsConfig]);
    const delta = (key: Exclude<keyof Counters, 'lambdaByFunction'>) => after[key] - before[key];
    const lambda = lambdaUsage(runtime, before, after);
    const batches = after.childExecutions - before.childExecutions;
    const customers = data.customers.length;
    const perOffer1000 = (value: number) => (offers === 0 ? 0 : (value / offers) * 1000);
    const startRunFn = runtime.lambda.functions().find((fn) => fn.entry.includes('start-campaign-run'));
    const startRunMemoryMb = startRunFn?.memorySizeMb ?? 2048;
    // StartRun is one long invocation: billed at the time it took here (not 30 ms), a pessimistic stand-in.
    const startRunGbSeconds = (startRun.wallMs / 1000) * (startRunMemoryMb / 1024);
    const cost = modelCost({
      eventsPublished: after.customBusEvents - before.customBusEvents,
      standardTransitions: delta('standardTransitions') + batches,
      expressExecutions: delta('expressExecutions'),
      expressWaitSeconds: delta('expressWaitMs') / 1000,
      lambda,
      dynamoWriteRequestUnits: dynamo.writeRequestUnits,
      dynamoReadRequestUnits: dynamo.readRequestUnits,
      s3Requests: s3.counts,
      extraLambdaGbSeconds: { label: 'StartCampaignRun at its measured time', gbSeconds: startRunGbSeconds },
    });
    const perThousandUsd = perOffer1000(cost.totalUsd);
    const sesPerThousand = SES_EMAIL_PRICE_USD * 1000;
    const cpuMicrosPerCustomer = (cpu.user + cpu.system) / Math.max(1, customers);
    const startRunCpuPerCustomer = startRun.cpuMicros / Math.max(1, customers);
    const firstRequestMs = observed.firstRequestMs > 0 ? observed.firstRequestMs - started : ms;

    const rows: Cell[][] = [
      ['customers evaluated (70 % NO, 30 % SE)', customers, ''],
      [
        '  binding ending within 60 days / customers 36 months or more',
        `${data.bindingEnding} / ${data.longTenure}`,
        '',
      ],
      [
        'stored invoices / sent messages in the ledger / survey answers',
        `${data.invoices.length} / ${data.sent.length} / ${data.answers.length}`,
        '',
      ],
      ['data generation and seeding (not timed)', Math.round(generationMs + seedMs), 'ms'],
      ['offers decided (audience of the run, each one record)', offers, ''],
      ['  with a final record in the ledger', decided, ''],
      ['  all decided at (simulated)', decidedAtSimulated, ''],
      [
        '  run counted by CompleteRun within 3 simulated hours',
        counted ? 'yes' : `no (${run?.status ?? 'no run'})`,
        '',
      ],
      [
        '  Standard transitions in those 3 hours (CompleteRun polling)',
        afterCompletion.standardTransitions - after.standardTransitions,
        '',
      ],
      ['  held out', result.holdout, ''],
      ['  sent', result.sent, ''],
      ...Object.entries(result.suppressed).map(([reason, n]): Cell[] => [`  not sent: ${reason}`, n, '']),
      ['  failed', result.failed, ''],
      ...Object.entries(byOffer)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]): Cell[] => [`  ${key}`, n, '']),
      ['emails / SMS handed to the providers', `${emailsSent} / ${smsSent}`, ''],
      ['pure floor: offers chosen on the same data (screen, then evaluate)', floor.offers, ''],
      ['  of which screened out before any invoice', floor.screenedOut, 'customers'],
      ['schedule fired → every offer decided (through the send gate)', Math.round(ms), 'ms'],
      ['customers evaluated per second, end to end', Math.round(customers / (ms / 1000)), 'customers/s'],
      ['offers per second, end to end', Math.round(offers / (ms / 1000)), 'offers/s'],
      ['StartRun alone (scan, evaluation, snapshot, risks stored)', Math.round(startRun.wallMs), 'ms'],
      [
        '  customers evaluated per second in StartRun',
        Math.round(customers / (startRun.wallMs / 1000)),
        'customers/s',
      ],
      ['  schedule fired → first offer requested', Math.round(firstRequestMs), 'ms'],
      ['CPU time of the process', Math.round((cpu.user + cpu.system) / 1000), 'ms'],
      ['  per customer, end to end', Math.round(cpuMicrosPerCustomer), 'µs CPU'],
      ['  per customer, StartRun alone', Math.round(startRunCpuPerCustomer), 'µs CPU'],
      [
        'pure floor per customer (screen, evaluate; same data)',
        Number(floor.cpuMicrosPerItem.toFixed(2)),
        'µs CPU',
      ],
      [
        '  pure floor: offers per second',
        Math.round(floor.offers / ((floor.cpuMicrosPerItem * customers) / 1e6)),
        'offers/s',
      ],
      ['StartRun as a multiple of the floor', multipleOf(startRunCpuPerCustomer, floor), '×'],
      ['end to end as a multiple of the floor', multipleOf(cpuMicrosPerCustomer, floor), '×'],
      ...callsPerItemRows('DynamoDB and PutEvents calls per customer', dynamo.calls, customers),
      [
        'DynamoDB read request units (estimated) per customer',
        Number((dynamo.readRequestUnits / customers).toFixed(3)),
        'RRU',
      ],
      [
        'DynamoDB write request units per offer',
        Number((dynamo.writeRequestUnits / Math.max(1, offers)).toFixed(3)),
        'WRU',
      ],
      ['S3 requests (PUT/LIST, GET)', `${s3.counts.writes}, ${s3.counts.reads}`, ''],
      ...orchestrationRows({
        unit: 'offers',
        items: offers,
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        mapChildren: batches,
        expressExecutions: delta('expressExecutions'),
        lambda,
      }),
      [
        'modelled AWS cost per 1,000 offers (orchestration, compute, storage)',
        Number(perThousandUsd.toFixed(5)),
        'USD',
      ],
      [
        '  as a share of SES’s $0.10 per 1,000 e-mails',
        Number(((perThousandUsd / sesPerThousand) * 100).toFixed(2)),
        '%',
      ],
      [
        'modelled AWS cost per 1,000 customers evaluated',
        Number(((cost.totalUsd / customers) * 1000).toFixed(5)),
        'USD',
      ],
      ['executions failed', delta('failed'), ''],
      ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
      ['  per customer', Number((peakRssBytes() / 1024 / customers).toFixed(1)), 'KB'],
      ['peak heap used (sampled every 100 ms)', Math.round(memory.peakHeapUsedBytes / MB), 'MB'],
      ['  heap before the run (data and seeded tables)', Math.round(heapBefore / MB), 'MB'],
    ];
    return {
      benchmark: 'retention',
      tables: [
        {
          title: `Retention: one run of the automatic program over ${customers} customers, embedded runtime`,
          columns: ['figure', 'value', 'unit'],
          rows,
        },
        {
          title: `Modelled AWS cost (${cost.region} list prices, USD)`,
          columns: ['item', 'quantity', 'unit', 'USD for the run', 'USD per 1,000 offers'],
          rows: [
            ...costRows(cost, perOffer1000),
            [
              'SES outbound email (the e-mails themselves)',
              emailsSent,
              'emails',
              Number((emailsSent * SES_EMAIL_PRICE_USD).toPrecision(3)),
              Number(perOffer1000(emailsSent * SES_EMAIL_PRICE_USD).toPrecision(3)),
            ],
          ],
        },
      ],
      data: {
        options,
        customers,
        invoices: data.invoices.length,
        sentMessages: data.sent.length,
        surveyAnswers: data.answers.length,
        result,
        byOffer,
        ms,
        startRun,
        customersPerSecond: customers / (ms / 1000),
        offersPerSecond: offers / (ms / 1000),
        startRunCustomersPerSecond: customers / (startRun.wallMs / 1000),
        floor,
        startRunFloorMultiple: multipleOf(startRunCpuPerCustomer, floor),
        floorMultiple: multipleOf(cpuMicrosPerCustomer, floor),
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        expressExecutions: delta('expressExecutions'),
        batches,
        lambdaByFunction: lambda,
        emailsSent,
        smsSent,
        dynamo,
        s3Requests: s3.counts,
        peakRssBytes: peakRssBytes(),
        peakHeapUsedBytes: memory.peakHeapUsedBytes,
        cost: {
          ...cost,
          perThousandOffersUsd: perThousandUsd,
          prices: US_EAST_1_PRICES,
          assumptions: DEFAULT_ASSUMPTIONS,
        },
      },
      notes: [
        'Timed: from the moment the program’s cron schedule fires (05:00 UTC, on the simulated clock) until every ' +
          'offer of the snapshot has its final record in the ledger (sent, not sent or held out; checked every five ' +
          'simulated minutes, the checks not counted), through the send gate at 10:00 on the customers’ clocks. ' +
          'Seeding and publishing the catalog are not timed; StartRun is timed around its handler.',
        'CompleteRun counts the run on its own schedule (it polls the ledger); "run counted by CompleteRun" says ' +
          'whether it had within three simulated hours, and its counts are the ones shown.',
        'One Node process runs everything (dynalite, local SES and S3, every handler), so the rates are a floor ' +
          'for AWS. The floor is the domain alone (screen, evaluate) per customer; the runtime’s CPU per customer ' +
          'includes the send gate of the offers, the floor does not.',
        `Cost: ${cost.region} list prices, free tiers ignored (bench/lib/aws-cost.ts); ` +
          `${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms assumed per Lambda invocation, except StartCampaignRun, ` +
          'billed at its measured local time (pessimistic: on AWS its reads run in parallel against DynamoDB). ' +
          'Read units are estimated from what the reads returned (a lower bound: a Query is billed for what it ' +
          'read before its filter and projection). SMS is not priced.',
      ],
    };
  } finally {
    await runtime.close();
  }
}

if (import.meta.main) {
  const options = integerOptions(process.argv.slice(2), { ...DEFAULTS });
  if (options.runtime > 1) throw new RangeError('--runtime must be 0 or 1');
  publishResult(await runRetentionBenchmark(options));
  // Nothing is left to wait for; the runtime's servers are closed, but an idle socket may linger.
  process.exit();
}
