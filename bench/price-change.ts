/**
 * Benchmark: one `Price Change Announced` that affects 100,000 customers, through the PriceChange
 * workflow on the embedded runtime: the byTariff query, the recipients file, the Distributed Map of
 * Express batches, each customer's effective date and personal impact, and every notice through the send
 * gate. Reports notices per second, peak memory, Standard state transitions per 1,000 notices, and a
 * modelled AWS cost per 1,000 notices.
 *
 *   npm run bench -- price-change
 *   npm exec -- node bench/price-change.ts [--customers 100000] [--late 0|1] [--seed 2027]
 *
 * The data: Norwegian customers with an electricity product on the changed tariff `var-no1`, open-ended
 * (and 10 % more on a fixed term on the same tariff, which must be left alone); 90 % households, 10 %
 * businesses; 85 % prefer email, 15 % SMS, 0.5 % have no contact point; half have 3 months of stored
 * invoices (the seasonal short-history path), a tenth 12 months, the rest none yet (the typical year).
 * The change is announced at 10:00 Oslo time, with 45 days' notice (or, with `--late 1`, 20 days: every
 * household's date moves and ops get one late-price-notice alert).
 *
 * Customers and invoices are written straight into the tables (bench/lib/seed-tables.ts). Timed: from the
 * event to the end of the PriceChange execution (every notice requested), then until every notice has
 * been through the send gate.
 */

import { invoiceSk, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { ENV } from '#domain/config/env-names.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CustomerUpserted, InvoiceIssued, PriceChangeAnnounced } from '#domain/contracts/index.ts';
import { customerNotice, type NoticeCustomer } from '#domain/price-changes/index.ts';
import type { PutEventEntry } from '#local/eventbridge/local-event-bus.ts';
import { LocalRuntime } from '#local/runtime.ts';
import { costRows, DEFAULT_ASSUMPTIONS, modelCost, US_EAST_1_PRICES } from './lib/aws-cost.ts';
import { phaseProfiler } from './lib/cpu-profile.ts';
import { callsPerItemRows, countDynamoWrites } from './lib/dynamo-writes.ts';
import { type Floor, gateFloor, measureFloor, multipleOf } from './lib/floors.ts';
import { outcomeKey } from './lib/ledger.ts';
import { peakRssBytes, phaseRssRows, sampleHeap, writeHeapSnapshotIfAsked } from './lib/memory.ts';
import { Random } from './lib/random.ts';
import { type BenchmarkResult, type Cell, integerOptions, MB, publishResult } from './lib/report.ts';
import {
  type Counters,
  countersOf,
  lambdaUsage,
  orchestrationRows,
  trackStandardTransitions,
} from './lib/runtime-counters.ts';
import { batchPut, customerItems, MONTHLY_KWH, mapping } from './lib/seed-tables.ts';

/** Options of one run. */
export interface PriceChangeBenchOptions {
  /** Customers with an open-ended product on the tariff (each gets a notice). */
  customers: number;
  /** 1: announce with 20 days' notice, so every household's date moves. */
  late: number;
  seed: number;
}

const DEFAULTS: PriceChangeBenchOptions = { customers: 100_000, late: 0, seed: 2027 };
/** Tuesday 12 January 2027, 10:00 in Oslo. */
const ANNOUNCED_AT = '2027-01-12T09:00:00Z';
const TARIFF = 'var-no1';
const PROGRESS_EVERY_MS = 10_000;

const log = (text: string) => process.stderr.write(`[price-change] ${text}\n`);

function parseOptions(argv: string[]): PriceChangeBenchOptions {
  const values = integerOptions(argv, { ...DEFAULTS });
  if (values.customers < 1) throw new RangeError('--customers must be at least 1');
  if (values.late > 1) throw new RangeError('--late must be 0 or 1');
  return values;
}

interface PriceChangeData {
  customers: CustomerUpserted[];
  history: InvoiceIssued[];
  /** Customers expected to get a notice (open-ended on the tariff). */
  openEnded: number;
  households: number;
  change: PriceChangeAnnounced;
}

/**
 * The price change's pure floor on the same data: each customer on the tariff worked out as the batch
 * does it (their notice in their own numbers), then the notice through the send gate's logic (validate,
 * decide, sign, render). No storage, SDK or workflow.
 */
function priceChangeFloor(data: PriceChangeData, marketsConfigJson: string | undefined): Floor {
  const config = loadMarketsConfig(marketsConfigJson);
  const now = new Date(ANNOUNCED_AT);
  const history = new Map<string, InvoiceIssued[]>();
  for (const invoice of data.history) {
    const list = history.get(invoice.customerId);
    if (list) list.push(invoice);
    else history.set(invoice.customerId, [invoice]);
  }
  return measureFloor(() => {
    const gate = gateFloor(data.customers);
    let notices = 0;
    for (const customer of data.customers) {
      const settings = settingsForMarket(config, customer.market);
      for (const product of customer.products) {
        if (product.tariffId !== data.change.tariffId) continue;
        const notice = customerNotice({
          change: data.change,
          customer: customer as unknown as NoticeCustomer,
          productId: product.productId,
          history: history.get(customer.customerId) ?? [],
          now,
          quietHours: settings.quietHours,
          ownLeadTimes: settings.priceNoticeLeadTimes,
        });
        if (!notice.affected) continue;
        gate(notice.request, now);
        notices += 1;
      }
    }
    return notices;
  });
}

/** The customers, their stored invoices and the change; the same for the same options. */
function generate(options: PriceChangeBenchOptions): PriceChangeData {
  const rng = new Random(options.seed);
  const customers: CustomerUpserted[] = [];
  const history: InvoiceIssued[] = [];
  const fixedTerm = Math.round(options.customers / 10);
  let households = 0;
  for (let i = 0; i < options.customers + fixedTerm; i++) {
    const customerId = `c-${String(i).padStart(7, '0')}`;
    const open = i < options.customers;
    const segment = rng.chance(0.9) ? 'household' : 'business';
    if (open && segment === 'household') households++;
    const sms = rng.chance(0.15);
    const unreachable = rng.chance(0.005);
    customers.push({
      customerId,
      name: `Kunde ${i}`,
      market: 'NO',
      segment,
      locale: rng.chance(0.9) ? 'nb-NO' : 'en-GB',
      timeZone: 'Europe/Oslo',
      ...(unreachable
        ? {}
        : { email: `${customerId}@example.no`, phone: `+479${String(1_000_000 + i).slice(-7)}` }),
      preferredChannel: sms ? 'sms' : 'email',
      consents: { marketing: false, surveys: true },
      customerSince: '2020-01-01',
      paymentMethod: 'e-invoice',
      products: [
        {
          productId: 'p-el',
          kind: 'electricity',
          tariffId: TARIFF,
          contract: open ? 'open-ended' : 'fixed-term',
          bindingEndsOn: open ? null : '2027-12-31',
        },
      ],
    });
    if (!open) continue;
    const roll = rng.next();
    const months = roll < 0.5 ? 3 : roll < 0.6 ? 12 : 0;
    const scale = rng.uniform(0.3, 1.6) * (segment === 'business' ? 2 : 1);
    for (let m = 12 - months; m < 12; m++) {
      const from = `2026-${String(m + 1).padStart(2, '0')}-01`;
      const to = new Date(Date.UTC(2026, m + 1, 0)).toISOString().slice(0, 10);
      const quantity = Math.round((MONTHLY_KWH[m] ?? 1000) * scale * rng.uniform(0.9, 1.1));
      const energy = Math.round(quantity * 0.95 * 100) / 100;
      history.push({
        invoiceId: `inv-${customerId}-2026-${m + 1}`,
        customerId,
        productId: 'p-el',
        currency: 'NOK',
        amount: Math.round((energy + 49) * 100) / 100,
        issuedAt: `${m === 11 ? '2027-01' : `2026-${String(m + 2).padStart(2, '0')}`}-05T06:00:00Z`,
        dueDate: `${m === 11 ? '2027-01' : `2026-${String(m + 2).padStart(2, '0')}`}-20`,
        period: { from, to },
        consumption: { quantity, unit: 'kWh' },
        reading: 'actual',
        lines: [
          { kind: 'energy', description: 'Strøm', quantity, unitPrice: 0.95, amount: energy },
          { kind: 'subscription', description: 'Fastbeløp', amount: 49 },
        ],
      });
    }
  }
  const change: PriceChangeAnnounced = {
    priceChangeId: 'pc-bench-var-no1',
    tariffId: TARIFF,
    market: 'NO',
    currency: 'NOK',
    component: 'energy',
    oldPrice: 0.95,
    newPrice: 1.04,
    // 45 days after 12 January, or 20 days (too soon for a household's 30, enough for a business's 14).
    effectiveDate: options.late === 1 ? '2027-02-01' : '2027-02-26',
    announcedAt: ANNOUNCED_AT,
    reasons: [{ code: 'grid-fee' }, { code: 'wholesale-cost' }],
    alternatives: [
      {
        tariffId: 'fix-12m-no',
        name: { 'nb-NO': 'Fastpris 12 mnd', 'en-GB': 'Fixed price 12 months' },
        component: 'energy',
        price: 0.99,
        bindingMonths: 12,
      },
    ],
  };
  return { customers, history, openEnded: options.customers, households, change };
}

/** Counts the notices the workflow requests and the alerts it raises, as they are put on the bus. */
function observeBus(runtime: LocalRuntime): { notices: number; lateAlerts: unknown[] } {
  const observed = { notices: 0, lateAlerts: [] as unknown[] };
  const put = runtime.bus.put.bind(runtime.bus);
  runtime.bus.put = (entry: PutEventEntry, now: Date) => {
    const detail = entry.detail as { kind?: string };
    if (entry.detailType === DETAIL_TYPE.messageRequested && detail.kind === 'price-change-notice')
      observed.notices++;
    else if (entry.detailType === DETAIL_TYPE.alert && detail.kind === 'late-price-notice') {
      observed.lateAlerts.push(entry.detail);
    }
    return put(entry, now);
  };
  return observed;
}

export async function runPriceChangeBenchmark(options: PriceChangeBenchOptions): Promise<BenchmarkResult> {
  const heap = sampleHeap(100);
  const generationStart = performance.now();
  const data = generate(options);
  const generationMs = performance.now() - generationStart;
  log(
    `generated ${data.customers.length} customers and ${data.history.length} invoices in ${Math.round(generationMs)} ms`,
  );

  const start = new Date(Date.parse(ANNOUNCED_AT) - 60_000).toISOString();
  const runtime = await LocalRuntime.start({
    start,
    recordExecutions: false,
    logLevel: 'SILENT',
    // The ledger holds every body; a second copy in the local SES is ≈ 12 KB a message.
    keepEmailBodies: false,
  });
  try {
    const customersTable = runtime.environment[ENV.customersTable];
    const invoicesTable = runtime.environment[ENV.invoicesTable];
    if (!customersTable || !invoicesTable)
      throw new Error('The app gives no function the Customers and Invoices tables');
    const seedStart = performance.now();
    await batchPut(
      runtime.deps.ddb,
      customersTable,
      mapping(data.customers, (customer) => customerItems(customer, start)),
    );
    await batchPut(
      runtime.deps.ddb,
      invoicesTable,
      mapping(data.history, (invoice) => [{ ...invoice, sk: invoiceSk(invoice) }]),
    );
    const seedMs = performance.now() - seedStart;
    const sample = await repositoriesFrom(runtime.deps).customers.get(data.customers[0]?.customerId ?? '');
    if (sample?.products[0]?.tariffId !== TARIFF)
      throw new Error('Seeded customers do not read back as written');
    log(`seeded in ${Math.round(seedMs)} ms`);

    const observed = observeBus(runtime);
    const transitionsByMachine = trackStandardTransitions(runtime);
    const writes = countDynamoWrites();
    const profiler = phaseProfiler();
    const before = countersOf(runtime);
    const heapBefore = heap.peak();
    heap.mark();
    writes.start();
    let runStart = performance.now();
    const progress = setInterval(() => {
      log(
        `${Math.round((performance.now() - runStart) / 1000)} s: ${observed.notices} notices requested, ` +
          `${runtime.services.sms.sent().length} SMS, heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }, PROGRESS_EVERY_MS);
    progress.unref();

    await profiler.start();
    const cpuBefore = process.cpuUsage();
    runStart = performance.now();
    const submitted = runtime.putEvent({
      source: 'pricing',
      detailType: DETAIL_TYPE.priceChangeAnnounced,
      detail: data.change,
      id: 'bench-price-change',
    });
    const records = await Promise.all(submitted.executions.map((execution) => execution.done));
    const runEnd = performance.now();
    const afterRun = countersOf(runtime);
    const runCalls = writes.counts().calls;
    const requestedDuringRun = observed.notices;
    // Every notice through the send gate (and any SMS that waits for the morning).
    await runtime.runUntil(Date.parse(ANNOUNCED_AT) + 2 * 86_400_000);
    const messagesEnd = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    await profiler.stop();
    writeHeapSnapshotIfAsked();
    clearInterval(progress);
    writes.stop();
    const after = countersOf(runtime);

    const record = records[0];
    if (record?.status !== 'SUCCEEDED') {
      throw new Error(
        `The PriceChange execution did not succeed: ${record?.status ?? 'not started'} ${record?.error?.Error ?? ''} ${record?.error?.Cause?.slice(0, 500) ?? ''}`,
      );
    }
    const statuses: Record<string, number> = {};
    const bases: Record<string, number> = {};
    let moved = 0;
    for await (const message of repositoriesFrom(runtime.deps).messages.records()) {
      if (message.kind !== 'price-change-notice') continue;
      const key = outcomeKey(message);
      statuses[key] = (statuses[key] ?? 0) + 1;
      const basis = String(message.facts.consumptionBasis ?? 'none');
      bases[basis] = (bases[basis] ?? 0) + 1;
      if (message.facts.effectiveDateMoved === true) moved++;
    }
    const emailsSent = (await runtime.services.email.sent()).length;
    const smsSent = runtime.services.sms.sent().length;
    const memory = heap.stop();
    writes.restore();

    const delta = (key: Exclude<keyof Counters, 'lambdaByFunction'>) => after[key] - before[key];
    const lambda = lambdaUsage(runtime, before, after);
    const lambdaInvocations = lambda.reduce((sum, fn) => sum + fn.invocations, 0);
    const notices = observed.notices;
    const per1000 = (value: number) => (notices === 0 ? 0 : (value / notices) * 1000);
    const runMs = runEnd - runStart;
    const messagesMs = messagesEnd - runEnd;
    const dynamo = writes.counts();
    const batches = afterRun.childExecutions - before.childExecutions;
    const cpuMicrosPerNotice = (cpu.user + cpu.system) / Math.max(1, notices);
    const floor = priceChangeFloor(data, runtime.environment[ENV.marketsConfig]);
    const cost = modelCost({
      eventsPublished: after.customBusEvents - before.customBusEvents,
      // The Distributed Map bills a transition per child execution it starts.
      standardTransitions: delta('standardTransitions') + batches,
      expressExecutions: delta('expressExecutions'),
      lambda,
      dynamoWriteRequestUnits: dynamo.writeRequestUnits,
    });

    const rows: Cell[][] = [
      ['customers on the tariff, open-ended (each owed a notice)', data.openEnded, ''],
      ['customers on the tariff, fixed-term (left alone)', data.customers.length - data.openEnded, ''],
      ['stored invoices (history)', data.history.length, ''],
      ['data generation and seeding (not timed)', Math.round(generationMs + seedMs), 'ms'],
      ['announced → PriceChange succeeded (every notice requested)', Math.round(runMs), 'ms'],
      ['notices requested per second', Math.round(requestedDuringRun / (runMs / 1000)), 'notices/s'],
      ['run end → every notice through the send gate', Math.round(messagesMs), 'ms'],
      [
        'notices per second, end to end (requested and sent)',
        Math.round(notices / ((runMs + messagesMs) / 1000)),
        'notices/s',
      ],
      ['CPU time of the process', Math.round((cpu.user + cpu.system) / 1000), 'ms'],
      ['  per notice', Math.round(cpuMicrosPerNotice), 'µs CPU'],
      [
        'pure floor per notice (work out, validate, decide, sign, render; same data)',
        Math.round(floor.cpuMicrosPerItem),
        'µs CPU',
      ],
      ['the runtime as a multiple of the floor', multipleOf(cpuMicrosPerNotice, floor), '×'],
      ['peak RSS per notice', Number((peakRssBytes() / 1024 / Math.max(1, notices)).toFixed(1)), 'KB'],
      ...callsPerItemRows('DynamoDB and PutEvents calls per notice, the run alone', runCalls, notices),
      ...callsPerItemRows('  and with the send gate', dynamo.calls, notices),
      ['price-change notices requested', notices, ''],
      ...Object.entries(statuses)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, n]): Cell[] => [`  ${status}`, n, '']),
      ...Object.entries(bases)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([basis, n]): Cell[] => [`  annual consumption: ${basis}`, n, '']),
      ['customers whose effective date moved', moved, ''],
      ['late-price-notice alerts', observed.lateAlerts.length, ''],
      ['emails / SMS handed to the providers', `${emailsSent} / ${smsSent}`, ''],
      ...orchestrationRows({
        unit: 'notices',
        items: notices,
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        mapChildren: batches,
        expressExecutions: delta('expressExecutions'),
        lambda,
      }),
      ['executions failed', delta('failed'), ''],
      ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
      ['peak heap used (sampled every 100 ms)', Math.round(memory.peakHeapUsedBytes / MB), 'MB'],
      ['  heap before the run (data and seeded tables)', Math.round(heapBefore / MB), 'MB'],
      ...phaseRssRows(memory, 'the announcement'),
    ];

    return {
      benchmark: 'price-change',
      tables: [
        {
          title: `Price change: one Price Change Announced affecting ${data.openEnded} customers, embedded runtime`,
          columns: ['figure', 'value', 'unit'],
          rows,
        },
        {
          title: `Modelled AWS cost (${cost.region} list prices, USD)`,
          columns: ['item', 'quantity', 'unit', 'USD for the change', 'USD per 1,000 notices'],
          rows: [...costRows(cost, per1000)],
        },
      ],
      data: {
        options,
        openEnded: data.openEnded,
        households: data.households,
        historyInvoices: data.history.length,
        runMs,
        messagesMs,
        noticesPerSecondRequested: requestedDuringRun / (runMs / 1000),
        noticesPerSecondEndToEnd: notices / ((runMs + messagesMs) / 1000),
        notices,
        statuses,
        bases,
        moved,
        lateAlerts: observed.lateAlerts,
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        standardTransitionsPer1000Notices: per1000(delta('standardTransitions')),
        standardTransitionsPer1000NoticesOnAws: per1000(delta('standardTransitions') + batches),
        expressExecutions: delta('expressExecutions'),
        batches,
        lambdaInvocations,
        lambdaByFunction: lambda,
        emailsSent,
        smsSent,
        dynamoWrites: dynamo,
        peakRssBytes: peakRssBytes(),
        peakHeapUsedBytes: memory.peakHeapUsedBytes,
        cost: {
          ...cost,
          perThousandNoticesUsd: per1000(cost.totalUsd),
          prices: US_EAST_1_PRICES,
          assumptions: DEFAULT_ASSUMPTIONS,
        },
      },
      notes: [
        'Timed: from the Price Change Announced event to the end of its PriceChange execution (the recipients ' +
          'listed from the byTariff index, every notice worked out and requested); then until every notice went ' +
          'through the send gate. Seeding is not timed.',
        'Everything runs in one Node process (dynalite, the local SES and every handler share its event loop), ' +
          'so notices per second is a floor for AWS, where the batches and send gates run in parallel.',
        `Prices: ${cost.region} list prices, free tiers ignored (bench/lib/aws-cost.ts); ` +
          `${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms assumed per Lambda invocation, so a 100-customer batch is ` +
          'understated. The SES price of the emails themselves ($0.10 per 1,000) and SMS are not included.',
      ],
    };
  } finally {
    await runtime.close();
  }
}

if (import.meta.main) {
  publishResult(await runPriceChangeBenchmark(parseOptions(process.argv.slice(2))));
}
