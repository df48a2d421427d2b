/**
 * Benchmark: one billing run (`Invoice Run Submitted`, a JSON Lines file) of 100,000 invoices through
 * the InvoiceRun workflow on the embedded runtime, every invoice stored and assessed, the surprising ones
 * explained through the send gate. Reports invoices per second, peak memory, Standard state transitions
 * per 1,000 invoices (issue #4's goal: at most 20), Express executions, Lambda invocations, explanations
 * requested, precision and recall of the run's decisions against the data set's labels, and a modelled
 * AWS cost per 1,000 invoices.
 *
 *   npm exec -- node bench/invoice-run.ts [--invoices 100000] [--history-months 3] [--anomaly-percent 5]
 *                                          [--run-hour 6] [--seed 2027]
 *
 * The data (bench/invoice-dataset.ts, `datasetScenario`): Norwegian and Swedish customers with one or two
 * products (about 1.25 invoices per customer), each product with at most `--history-months` months of
 * stored invoices before the run (3 by default: 100,000 invoices bring about 80,000 customers and
 * 270,000 stored invoices, which the local DynamoDB holds in memory; 24 months would be 2 million). A
 * few percent of the run's invoices carry a planted anomaly (consumption spike, duplicate period, new
 * charge, overshooting estimate), as in a real run.
 *
 * Customers and history are written straight into the tables before the clock starts, with
 * `BatchWriteItem` and the repositories' own item layout (`PROFILE_SK`, `productSk`, `invoiceSk`), and
 * read back through the repositories to check the layout: publishing 80,000 `Customer Upserted` events
 * would take longer than the run itself and is not what is measured. The run is timed from the
 * `Invoice Run Submitted` event to the end of its InvoiceRun execution; the messages the run requested
 * are then sent (or deferred and sent) as the simulated clock runs on, timed on their own.
 */

import { invoiceSk, repositoriesFrom } from '#adapters/dynamo/index.ts';
import { ENV } from '#domain/config/env-names.ts';
import { loadMarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { type CustomerUpserted, type InvoiceIssued, validateEvent } from '#domain/contracts/index.ts';
import { assessInvoice, explanationRequest } from '#domain/invoices/index.ts';
import type { PutEventEntry } from '#local/eventbridge/local-event-bus.ts';
import { LocalRuntime } from '#local/runtime.ts';
import { putJsonLines } from '#local/services/index.ts';
import {
  ANOMALY_KINDS,
  CASE_KINDS,
  type Detection,
  datasetScenario,
  type InvoiceCaseLabel,
  type InvoiceRunDataset,
  scoreDetections,
} from './invoice-dataset.ts';
import { costRows, DEFAULT_ASSUMPTIONS, modelCost, US_EAST_1_PRICES } from './lib/aws-cost.ts';
import { phaseProfiler } from './lib/cpu-profile.ts';
import { callsPerItemRows, countDynamoWrites } from './lib/dynamo-writes.ts';
import { type Floor, measureFloor, multipleOf } from './lib/floors.ts';
import { outcomeKey } from './lib/ledger.ts';
import { type HeapSampler, peakRssBytes, phaseRssRows, sampleHeap } from './lib/memory.ts';
import { type BenchmarkResult, type Cell, integerOptions, MB, publishResult } from './lib/report.ts';
import { type Counters, countersOf, lambdaUsage, trackStandardTransitions } from './lib/runtime-counters.ts';
import { batchPut, customerItems, mapping } from './lib/seed-tables.ts';
import { readSpilled, type SpillFolder, spillFolder } from './lib/spill.ts';

/** Options of one run. */
export interface InvoiceRunOptions {
  invoices: number;
  /** Months of stored history per product at most. */
  historyMonths: number;
  /** Share of the run's invoices with a planted anomaly, in percent. */
  anomalyPercent: number;
  /**
   * Hour (UTC) on 5 January 2027 the run is submitted at. At 06:00Z it is 07:00 in Oslo and Stockholm,
   * inside SMS quiet hours (until 08:00): SMS explanations wait in DeferredSend, email ones go at once.
   */
  runHour: number;
  seed: number;
}

const DEFAULTS: InvoiceRunOptions = {
  invoices: 100_000,
  historyMonths: 3,
  anomalyPercent: 5,
  runHour: 6,
  seed: 2027,
};
/** The run is for December 2026. */
const PERIOD = '2026-12';
const LOCATION = 's3://stille-runs/runs/run-2026-12.jsonl';
const PROGRESS_EVERY_MS = 10_000;

const log = (text: string) => process.stderr.write(`[invoice-run] ${text}\n`);

function parseOptions(argv: string[]): InvoiceRunOptions {
  const values = integerOptions(argv, {
    invoices: DEFAULTS.invoices,
    'history-months': DEFAULTS.historyMonths,
    'anomaly-percent': DEFAULTS.anomalyPercent,
    'run-hour': DEFAULTS.runHour,
    seed: DEFAULTS.seed,
  });
  if (values.invoices < 1) throw new RangeError('--invoices must be at least 1');
  if (values['history-months'] < 1) throw new RangeError('--history-months must be at least 1');
  if (values['anomaly-percent'] > 100) throw new RangeError('--anomaly-percent must be at most 100');
  if (values['run-hour'] > 23) throw new RangeError('--run-hour must be from 0 to 23');
  return {
    invoices: values.invoices,
    historyMonths: values['history-months'],
    anomalyPercent: values['anomaly-percent'],
    runHour: values['run-hour'],
    seed: values.seed,
  };
}

/**
 * When the run is submitted, when the clock starts (a minute before) and until when it runs (two days
 * on, so deferred messages go out too).
 */
function timesOf(options: InvoiceRunOptions): { runAt: string; start: string; until: string } {
  const runAtMs = Date.UTC(2027, 0, 5, options.runHour);
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return { runAt: iso(runAtMs), start: iso(runAtMs - 60_000), until: iso(runAtMs + 2 * 86_400_000) };
}

/** Starts the embedded runtime, quiet. */
async function startRuntime(start: string): Promise<{ runtime: LocalRuntime }> {
  const runtime = await LocalRuntime.start({
    start,
    recordExecutions: false,
    logLevel: 'SILENT',
    // The ledger holds every body; a second copy in the local SES is ≈ 12 KB a message.
    keepEmailBodies: false,
  });
  return { runtime };
}

// ---------------------------------------------------------------------------------------------------
// Seeding

/** The generated data set, spilled to files before the runtime starts (see {@link prepare}). */
interface SpilledData {
  customerItems: string;
  historyItems: string;
  lines: string;
  /** Customers read back through the repositories after seeding, with their number of stored invoices. */
  sample: Array<{ customer: CustomerUpserted; history: number }>;
}

/** Streams the spilled customers and history into the tables, then reads a few back through the repositories. */
async function seed(
  runtime: LocalRuntime,
  spilled: SpilledData,
): Promise<{ customersMs: number; historyMs: number }> {
  const customersTable = runtime.environment[ENV.customersTable];
  const invoicesTable = runtime.environment[ENV.invoicesTable];
  if (!customersTable || !invoicesTable)
    throw new Error('The app gives no function the Customers and Invoices tables');
  const started = performance.now();
  await batchPut(runtime.deps.ddb, customersTable, readSpilled(spilled.customerItems));
  const customersDone = performance.now();
  await batchPut(runtime.deps.ddb, invoicesTable, readSpilled(spilled.historyItems));
  const historyDone = performance.now();

  // The repositories must read what was written as if they had written it.
  const repositories = repositoriesFrom(runtime.deps);
  for (const { customer, history: expected } of spilled.sample) {
    const stored = await repositories.customers.get(customer.customerId);
    const history = await repositories.invoices.history(customer.customerId);
    if (
      stored?.market !== customer.market ||
      stored.products.length !== customer.products.length ||
      history.length !== expected
    ) {
      throw new Error(`Seeded customer ${customer.customerId} does not read back as written`);
    }
  }
  return { customersMs: customersDone - started, historyMs: historyDone - customersDone };
}

// ---------------------------------------------------------------------------------------------------
// Watching the run

/** What the run put on the bus: the explanations requested (by invoice id) and the duplicate alerts. */
interface Observed {
  explanations: Map<string, string[]>;
  messageRequests: number;
  duplicateAlerts: number;
}

/**
 * Wraps the bus's `put` (through which every `PutEvents` entry goes) to see the explanation requests
 * and duplicate alerts as they are published, without reading them back from the tables.
 */
function observeBus(runtime: LocalRuntime): Observed {
  const observed: Observed = { explanations: new Map(), messageRequests: 0, duplicateAlerts: 0 };
  const put = runtime.bus.put.bind(runtime.bus);
  runtime.bus.put = (entry: PutEventEntry, now: Date) => {
    const detail = entry.detail as {
      kind?: string;
      trigger?: { id?: string };
      facts?: { reasons?: unknown };
    };
    if (entry.detailType === DETAIL_TYPE.messageRequested && detail.kind === 'invoice-explanation') {
      observed.messageRequests++;
      const reasons = Array.isArray(detail.facts?.reasons) ? (detail.facts.reasons as string[]) : [];
      if (detail.trigger?.id) observed.explanations.set(detail.trigger.id, reasons);
    } else if (entry.detailType === DETAIL_TYPE.alert && detail.kind === 'duplicate-invoice') {
      observed.duplicateAlerts++;
    }
    return put(entry, now);
  };
  return observed;
}

// ---------------------------------------------------------------------------------------------------
// Quality: the run's decisions against the labels, and the pure function on the same data

/** `assessInvoice` on one run line, with its label's market and product kind; undefined without a label. */
function assessLine(
  data: InvoiceRunDataset,
  config: ReturnType<typeof loadMarketsConfig>,
  stored: ReadonlyMap<string, InvoiceIssued[]>,
  invoice: InvoiceIssued,
) {
  const label = data.labels.get(invoice.invoiceId);
  if (!label) return undefined;
  return assessInvoice({
    invoice,
    history: stored.get(invoice.customerId) ?? [],
    market: label.market,
    productKind: label.productKind,
    settings: settingsForMarket(config, label.market).invoiceExplanation,
  });
}

/** What `assessInvoice` decides for each run line, given what the workflow would have stored. */
function pureDecisions(
  data: InvoiceRunDataset,
  marketsConfigJson: string | undefined,
): Map<string, Detection> {
  const config = loadMarketsConfig(marketsConfigJson);
  const stored = new Map<string, InvoiceIssued[]>();
  for (const invoice of [...data.history, ...data.lines]) {
    const list = stored.get(invoice.customerId);
    if (list) list.push(invoice);
    else stored.set(invoice.customerId, [invoice]);
  }
  const decisions = new Map<string, Detection>();
  for (const invoice of data.lines) {
    const assessment = assessLine(data, config, stored, invoice);
    if (assessment)
      decisions.set(invoice.invoiceId, { explain: assessment.explain, reasons: assessment.reasons });
  }
  return decisions;
}

/**
 * The invoice run's pure floor on the same data: validate each line, group by customer, assess each
 * invoice against its history and build the explanation request (no storage, SDK or workflow).
 */
function invoiceRunFloor(data: InvoiceRunDataset, marketsConfigJson: string | undefined): Floor {
  const config = loadMarketsConfig(marketsConfigJson);
  return measureFloor(() => {
    const stored = new Map<string, InvoiceIssued[]>();
    for (const invoice of data.history) {
      const list = stored.get(invoice.customerId);
      if (list) list.push(invoice);
      else stored.set(invoice.customerId, [invoice]);
    }
    const valid: InvoiceIssued[] = [];
    for (const line of data.lines) {
      const result = validateEvent(DETAIL_TYPE.invoiceIssued, line);
      if (!result.ok || result.detailType !== DETAIL_TYPE.invoiceIssued) continue;
      valid.push(result.value);
      const list = stored.get(result.value.customerId);
      if (list) list.push(result.value);
      else stored.set(result.value.customerId, [result.value]);
    }
    for (const invoice of valid) {
      const assessment = assessLine(data, config, stored, invoice);
      if (assessment?.explain) explanationRequest(invoice, assessment);
    }
    return data.lines.length;
  });
}

// ---------------------------------------------------------------------------------------------------

/** What the run is checked against, worked out from the generated data set before it is let go. */
interface Prepared {
  generationMs: number;
  counts: { customers: number; history: number };
  lineIds: string[];
  labels: Array<InvoiceCaseLabel | undefined>;
  plantedAnomalies: number;
  pure: Map<string, Detection>;
  floor: Floor;
  spilled: SpilledData;
  /** The `Invoice Run Submitted` detail. */
  run: InvoiceRunDataset['run'];
}

/**
 * Generates the data set, works out the pure decisions and the floor on it (with the default markets
 * config, checked against the app's once the runtime is up), and spills what the tables and the run file
 * get to files. Nothing of the data set outlives this function: the runtime then streams it in, so the
 * process never holds the data set and the tables' copy of it at once.
 */
async function prepare(
  options: InvoiceRunOptions,
  runAt: string,
  folder: SpillFolder,
  updatedAt: string,
): Promise<Prepared> {
  const generationStart = performance.now();
  const data = datasetScenario({
    seed: options.seed,
    invoices: options.invoices,
    historyMonths: options.historyMonths,
    anomalyRate: options.anomalyPercent / 100,
    period: PERIOD,
    runAt,
    location: LOCATION,
  });
  const generationMs = performance.now() - generationStart;
  const labels = data.lines.map((line) => data.labels.get(line.invoiceId));
  const plantedAnomalies = labels.filter((label) => label?.explain).length;
  log(
    `generated ${data.lines.length} run invoices of ${data.customers.length} customers, ` +
      `${data.history.length} stored invoices, ${plantedAnomalies} planted anomalies in ${Math.round(generationMs)} ms`,
  );
  const pure = pureDecisions(data, undefined);
  const floor = invoiceRunFloor(data, undefined);
  const step = Math.max(1, Math.floor(data.customers.length / 20));
  const sample = data.customers
    .filter((_, i) => i % step === 0)
    .map((customer) => ({
      customer,
      history: data.history.filter((invoice) => invoice.customerId === customer.customerId).length,
    }));
  const spilled: SpilledData = {
    customerItems: await folder.write(
      'customer-items',
      mapping(data.customers, (customer) => customerItems(customer, updatedAt)),
    ),
    historyItems: await folder.write(
      'history-items',
      mapping(data.history, (invoice) => [{ ...invoice, sk: invoiceSk(invoice) }]),
    ),
    lines: await folder.write('lines', data.lines),
    sample,
  };
  return {
    generationMs,
    counts: { customers: data.customers.length, history: data.history.length },
    lineIds: data.lines.map((line) => line.invoiceId),
    labels,
    plantedAnomalies,
    pure,
    floor,
    spilled,
    run: data.run,
  };
}

export async function runInvoiceRunBenchmark(options: InvoiceRunOptions): Promise<BenchmarkResult> {
  const heap = sampleHeap(100);
  const times = timesOf(options);
  const folder = await spillFolder('stille-invoice-run');
  try {
    return await runPrepared(options, times, heap, folder);
  } finally {
    await folder.remove();
  }
}

/** The benchmark once its spill folder exists (removed by the caller, whatever happens). */
async function runPrepared(
  options: InvoiceRunOptions,
  times: ReturnType<typeof timesOf>,
  heap: HeapSampler,
  folder: SpillFolder,
): Promise<BenchmarkResult> {
  const prepared = await prepare(options, times.runAt, folder, times.start);
  const { generationMs, counts, lineIds, labels, plantedAnomalies, pure, floor } = prepared;

  const { runtime } = await startRuntime(times.start);
  try {
    // The pure decisions used the default markets config: the app's must be the same.
    const marketsConfigJson = runtime.environment[ENV.marketsConfig];
    if (
      JSON.stringify(loadMarketsConfig(marketsConfigJson)) !== JSON.stringify(loadMarketsConfig(undefined))
    ) {
      throw new Error('The app’s MARKETS_CONFIG is not the default the pure decisions were worked out with');
    }
    const seeding = await seed(runtime, prepared.spilled);
    log(
      `seeded customers in ${Math.round(seeding.customersMs)} ms and history in ${Math.round(seeding.historyMs)} ms`,
    );
    const fileStart = performance.now();
    const file = await putJsonLines(runtime.s3, LOCATION, readSpilled(prepared.spilled.lines));
    const fileMs = performance.now() - fileStart;

    const observed = observeBus(runtime);
    const transitionsByMachine = trackStandardTransitions(runtime);
    const writes = countDynamoWrites();
    const profiler = phaseProfiler();
    const before = countersOf(runtime);
    const heapBeforeRun = heap.peak();
    heap.mark();
    writes.start();

    let runStart = performance.now();
    const progress = setInterval(() => {
      const now = countersOf(runtime);
      log(
        `${Math.round((performance.now() - runStart) / 1000)} s: ${now.childExecutions - before.childExecutions} batches, ` +
          `${observed.explanations.size} explanations requested, ` +
          `${Object.values(now.lambdaByFunction).reduce((s, n) => s + n, 0) - Object.values(before.lambdaByFunction).reduce((s, n) => s + n, 0)} Lambda invocations, ` +
          `heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }, PROGRESS_EVERY_MS);
    progress.unref();

    await profiler.start();
    const cpuBefore = process.cpuUsage();
    runStart = performance.now();
    const submitted = runtime.putEvent({
      source: 'billing',
      detailType: DETAIL_TYPE.invoiceRunSubmitted,
      detail: prepared.run,
      id: `bench-${prepared.run.runId}`,
    });
    const records = await Promise.all(submitted.executions.map((execution) => execution.done));
    const runEnd = performance.now();
    const runCpu = process.cpuUsage(cpuBefore);
    await profiler.stop();
    const runCalls = writes.counts().calls;
    const afterRun = countersOf(runtime);
    const explanationsDuringRun = observed.explanations.size;
    await runtime.runUntil(Date.parse(times.until));
    const messagesEnd = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(progress);
    writes.stop();
    const after = countersOf(runtime);

    const runRecord = records[0];
    if (runRecord?.status !== 'SUCCEEDED') {
      throw new Error(
        `The InvoiceRun execution did not succeed: ${runRecord?.status ?? 'not started'} ${runRecord?.error?.Error ?? ''} ${runRecord?.error?.Cause?.slice(0, 500) ?? ''}`,
      );
    }

    // Messages and what the channels took.
    const statuses: Record<string, number> = {};
    for await (const message of repositoriesFrom(runtime.deps).messages.records()) {
      if (message.kind !== 'invoice-explanation') continue;
      const key = outcomeKey(message);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const emailsSent = (await runtime.services.email.sent()).length;
    const smsSent = runtime.services.sms.sent().length;
    const rejections: Record<string, number> = {};
    for (const rejection of await repositoriesFrom(runtime.deps).rejections.list()) {
      const key = rejection.source === 'file' ? 'run lines' : rejection.detailType;
      rejections[key] = (rejections[key] ?? 0) + 1;
    }
    // Quality of the run's decisions, and agreement with the pure function on the same data.
    const runDetections: Detection[] = lineIds.map((invoiceId) => ({
      explain: observed.explanations.has(invoiceId),
      reasons: observed.explanations.get(invoiceId) ?? [],
    }));
    const definedLabels = labels.filter((label) => label !== undefined);
    if (definedLabels.length !== lineIds.length) throw new Error('A run line has no label');
    const score = scoreDetections(definedLabels, runDetections);
    const runCpuMicrosPerInvoice = (runCpu.user + runCpu.system) / lineIds.length;
    const agreeing = lineIds.filter(
      (invoiceId) => (pure.get(invoiceId)?.explain ?? false) === observed.explanations.has(invoiceId),
    ).length;

    const memory = heap.stop();
    writes.restore();

    const delta = (key: Exclude<keyof Counters, 'lambdaByFunction'>) => after[key] - before[key];
    const lambda = lambdaUsage(runtime, before, after);
    const lambdaInvocations = lambda.reduce((sum, fn) => sum + fn.invocations, 0);
    const runLambda = Object.entries(afterRun.lambdaByFunction).reduce(
      (sum, [fn, count]) => sum + count - (before.lambdaByFunction[fn] ?? 0),
      0,
    );
    const invoices = lineIds.length;
    const per1000 = (value: number) => (value / invoices) * 1000;
    const runMs = runEnd - runStart;
    const messagesMs = messagesEnd - runEnd;
    const dynamo = writes.counts();
    const cost = modelCost({
      eventsPublished: after.customBusEvents - before.customBusEvents,
      standardTransitions: delta('standardTransitions'),
      expressExecutions: delta('expressExecutions'),
      lambda,
      dynamoWriteRequestUnits: dynamo.writeRequestUnits,
    });
    const runTransitions = afterRun.standardTransitions - before.standardTransitions;
    const batches = afterRun.childExecutions - before.childExecutions;

    const rows: Cell[][] = [
      ['invoices in the run (one Invoice Run Submitted)', invoices, ''],
      ['customers (stored before the run)', counts.customers, ''],
      [
        'stored invoices before the run (history)',
        counts.history,
        `≤ ${options.historyMonths} months/product`,
      ],
      ['planted anomalies in the run', plantedAnomalies, `${options.anomalyPercent} % drawn`],
      ['data generation (not timed)', Math.round(generationMs), 'ms'],
      ['seeding: customers, BatchWriteItem (not timed)', Math.round(seeding.customersMs), 'ms'],
      ['seeding: history, BatchWriteItem (not timed)', Math.round(seeding.historyMs), 'ms'],
      ['run file to local S3 (not timed)', Math.round(fileMs), `ms, ${Math.round(file.bytes / MB)} MB`],
      ['run: submitted → InvoiceRun succeeded', Math.round(runMs), 'ms'],
      ['invoices per second (run)', Math.round(invoices / (runMs / 1000)), 'invoices/s'],
      ['messages: run end → every requested message handled', Math.round(messagesMs), 'ms'],
      [
        'invoices per second, messages included',
        Math.round(invoices / ((runMs + messagesMs) / 1000)),
        'invoices/s',
      ],
      ['CPU time of the process (run and messages)', Math.round((cpu.user + cpu.system) / 1000), 'ms'],
      ['CPU time of the run alone, per invoice', Math.round(runCpuMicrosPerInvoice), 'µs CPU'],
      [
        'pure floor per invoice (validate, group, assess, request; same data)',
        Number(floor.cpuMicrosPerItem.toFixed(1)),
        'µs CPU',
      ],
      [
        'the run as a multiple of the floor (goal ≤ 20, aim 10)',
        multipleOf(runCpuMicrosPerInvoice, floor),
        '×',
      ],
      [
        'peak RSS per run invoice (goal ≤ 12 KB)',
        Number((peakRssBytes() / 1024 / invoices).toFixed(1)),
        'KB',
      ],
      ['Standard transitions until the run ended', runTransitions, ''],
      ['Standard transitions, run and messages', delta('standardTransitions'), ''],
      ...Object.entries(transitionsByMachine)
        .sort(([, a], [, b]) => b - a)
        .map(([machine, n]): Cell[] => [`  ${machine}`, n, '']),
      [
        'Standard transitions per 1,000 invoices (goal ≤ 20)',
        Number(per1000(delta('standardTransitions')).toFixed(2)),
        'run and messages',
      ],
      [
        '  InvoiceRun alone, per 1,000 invoices',
        Number(per1000(transitionsByMachine.InvoiceRun ?? 0).toFixed(3)),
        '',
      ],
      ['Express executions', delta('expressExecutions'), ''],
      ['  of which Distributed Map batches (InvoiceRun children)', batches, ''],
      ['Express executions per 1,000 invoices', Number(per1000(delta('expressExecutions')).toFixed(1)), ''],
      ['Lambda invocations', lambdaInvocations, ''],
      ['  during the run itself', runLambda, ''],
      ...lambda.map((fn): Cell[] => [`  ${fn.function}`, fn.invocations, `${fn.memoryMb} MB`]),
      ['Lambda invocations per 1,000 invoices', Number(per1000(lambdaInvocations).toFixed(1)), ''],
      ['explanations requested (Message Requested, distinct invoices)', observed.explanations.size, ''],
      ['  requested by the time the run ended', explanationsDuringRun, ''],
      ['  Message Requested events (with requeues)', observed.messageRequests, ''],
      ['duplicate-invoice alerts', observed.duplicateAlerts, ''],
      ...Object.entries(statuses)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, n]): Cell[] => [`invoice-explanation messages ${status}`, n, '']),
      ['emails / SMS handed to the providers', `${emailsSent} / ${smsSent}`, ''],
      ['rejected run lines', rejections['run lines'] ?? 0, ''],
      ...Object.entries(rejections)
        .filter(([key]) => key !== 'run lines')
        .map(([detailType, n]): Cell[] => [`rejected events: ${detailType}`, n, '']),
      ['executions failed', delta('failed'), ''],
      ...callsPerItemRows('DynamoDB and PutEvents calls per invoice, the run alone', runCalls, invoices),
      [
        'DynamoDB write items (run and messages)',
        Object.values(dynamo.byTable).reduce((s, t) => s + t.items, 0),
        '',
      ],
      ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
      ['peak heap used (sampled every 100 ms)', Math.round(memory.peakHeapUsedBytes / MB), 'MB'],
      ['  heap before the run (data and seeded tables)', Math.round(heapBeforeRun / MB), 'MB'],
      ...phaseRssRows(memory, 'the submission'),
    ];

    const qualityRows: Cell[][] = [
      [
        'precision of explain',
        Number(score.precision.toFixed(4)),
        `${score.truePositives} / ${score.truePositives + score.falsePositives}`,
      ],
      [
        'recall of explain',
        Number(score.recall.toFixed(4)),
        `${score.truePositives} / ${score.truePositives + score.falseNegatives}`,
      ],
      ['false positives / false negatives', `${score.falsePositives} / ${score.falseNegatives}`, ''],
      ['run decisions equal to assessInvoice on the same data', agreeing, `of ${invoices}`],
      ...CASE_KINDS.filter((kind) => score.byKind[kind].cases > 0).map((kind): Cell[] => {
        const group = score.byKind[kind];
        const positive = (ANOMALY_KINDS as readonly string[]).includes(kind);
        const correct = `${group.explained} explained, ${((group.correct / group.cases) * 100).toFixed(1)} % correct`;
        return [
          `  ${kind}`,
          group.cases,
          positive ? `${correct}, ${group.reasonsMatched} with the planted reasons` : correct,
        ];
      }),
    ];

    return {
      benchmark: 'invoice-run',
      tables: [
        {
          title: `Invoice run: ${invoices} invoices in one Invoice Run Submitted, embedded runtime`,
          columns: ['figure', 'value', 'unit'],
          rows,
        },
        {
          title: "Decisions to explain against the run's labels",
          columns: ['figure', 'value', 'detail'],
          rows: qualityRows,
        },
        {
          title: `Modelled AWS cost (${cost.region} list prices, USD)`,
          columns: ['item', 'quantity', 'unit', 'USD for the run', 'USD per 1,000 invoices'],
          rows: [...costRows(cost, per1000)],
        },
      ],
      data: {
        options,
        invoices,
        customers: counts.customers,
        historyInvoices: counts.history,
        plantedAnomalies,
        generationMs,
        seeding,
        fileBytes: file.bytes,
        runMs,
        messagesMs,
        invoicesPerSecond: invoices / (runMs / 1000),
        cpuMs: (cpu.user + cpu.system) / 1000,
        runCpuMicrosPerInvoice,
        floor,
        runCalls,
        standardTransitions: delta('standardTransitions'),
        standardTransitionsUntilRunEnded: runTransitions,
        transitionsByMachine,
        standardTransitionsPer1000Invoices: per1000(delta('standardTransitions')),
        expressExecutions: delta('expressExecutions'),
        batches,
        lambdaInvocations,
        lambdaByFunction: lambda,
        explanationsRequested: observed.explanations.size,
        messageRequests: observed.messageRequests,
        duplicateAlerts: observed.duplicateAlerts,
        messageStatuses: statuses,
        emailsSent,
        smsSent,
        rejections,
        dynamoWrites: dynamo,
        quality: {
          precision: score.precision,
          recall: score.recall,
          truePositives: score.truePositives,
          falsePositives: score.falsePositives,
          falseNegatives: score.falseNegatives,
          trueNegatives: score.trueNegatives,
          byKind: score.byKind,
          agreeingWithPureAssessment: agreeing,
        },
        peakRssBytes: peakRssBytes(),
        peakHeapUsedBytes: memory.peakHeapUsedBytes,
        cost: {
          ...cost,
          perThousandInvoicesUsd: per1000(cost.totalUsd),
          prices: US_EAST_1_PRICES,
          assumptions: DEFAULT_ASSUMPTIONS,
        },
      },
      notes: [
        'Timed: from the Invoice Run Submitted event to the end of its InvoiceRun execution (every invoice ' +
          'stored, assessed and, when surprising, its explanation requested); messages are timed apart. ' +
          'Seeding customers and history is not timed.',
        'Everything runs in one Node process: the local DynamoDB (dynalite), S3 and every handler share its ' +
          'event loop, so invoices per second is a floor for AWS, where batches run in parallel.',
        `Prices: ${cost.region} on-demand list prices, free tiers ignored (bench/lib/aws-cost.ts). Assumed, not ` +
          `measured: ${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms per Lambda invocation, Express executions billed ` +
          `${cost.expressBilledMs} ms at ${DEFAULT_ASSUMPTIONS.expressMemoryMb} MB; a batch Lambda handling 500 ` +
          'invoices runs far longer than 30 ms on AWS, so Lambda duration is understated. S3 reads, DynamoDB ' +
          'reads and storage are not priced. Messages (send gate) are included.',
        'Precision and recall: the run’s decisions (explanation requests seen on the bus) against the labels ' +
          'bench/invoice-dataset.ts planted.',
      ],
    };
  } finally {
    await runtime.close();
  }
}

if (import.meta.main) {
  publishResult(await runInvoiceRunBenchmark(parseOptions(process.argv.slice(2))));
}
