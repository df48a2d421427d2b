/**
 * Benchmark: a generated month of a 10,000-customer Nordic utility through `runScenario` on the embedded
 * runtime. Prints wall time, events per second, what AWS would bill (counted), peak memory, and a cost
 * model per 1,000 events.
 *
 *   npm exec -- node bench/scenario-throughput.ts [--customers 10000] [--history 3] [--seed 2027] [--invalid 8]
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Scenario } from '#domain/contracts/index.ts';
import type { LocalRuntime } from '#local/runtime.ts';
import { runScenario, type ScenarioProgress } from '#local/scenario-runner.ts';
import { generateScenarioDetailed } from './generate-scenario.ts';
import { DEFAULT_ASSUMPTIONS, modelCost, US_EAST_1_PRICES } from './lib/aws-cost.ts';
import { countDynamoWrites } from './lib/dynamo-writes.ts';
import { peakRssBytes, sampleHeap } from './lib/memory.ts';
import { type BenchmarkResult, type Cell, integerOptions, MB, publishResult } from './lib/report.ts';

/** Options of one throughput run. */
export interface ThroughputOptions {
  customers: number;
  /** Months of invoice history per customer, stored before the run (not events). */
  historyMonths: number;
  seed: number;
  /** Deliberately invalid events, which the workflows reject and record. */
  invalid: number;
}

const DEFAULTS: ThroughputOptions = { customers: 10_000, historyMonths: 3, seed: 2027, invalid: 8 };
const START = '2027-01-01T00:00:00Z';
/** How often progress goes to stderr, so a long run visibly moves. */
const PROGRESS_EVERY_MS = 10_000;

function parseOptions(argv: string[]): ThroughputOptions {
  const { history, ...rest } = integerOptions(argv, {
    customers: DEFAULTS.customers,
    history: DEFAULTS.historyMonths,
    seed: DEFAULTS.seed,
    invalid: DEFAULTS.invalid,
  });
  return { ...rest, historyMonths: history };
}

/** Items in every table of the runtime, by table name. */
async function itemsByTable(runtime: LocalRuntime): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const tables = runtime.deps.tables as Record<string, string>;
  for (const key of Object.keys(tables)) {
    let name: string;
    try {
      name = tables[key] ?? '';
    } catch {
      continue; // A table no function of the app is given.
    }
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await runtime.deps.ddb.send(
        new ScanCommand({ TableName: name, Select: 'COUNT', ExclusiveStartKey }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    counts[key] = count;
  }
  return counts;
}

function countByDetailType(scenario: Scenario): Record<string, number> {
  const counts: Record<string, number> = { 'Customer Upserted (customers)': scenario.customers.length };
  for (const event of scenario.events) counts[event.detailType] = (counts[event.detailType] ?? 0) + 1;
  return counts;
}

export async function runThroughputBenchmark(options: ThroughputOptions): Promise<BenchmarkResult> {
  const heap = sampleHeap(100);
  const log = (text: string) => process.stderr.write(`[scenario-throughput] ${text}\n`);

  const generationStart = performance.now();
  const { scenario, invalid } = generateScenarioDetailed({
    customers: options.customers,
    seed: options.seed,
    start: START,
    months: 1,
    historyMonths: [options.historyMonths, options.historyMonths],
    includeInvalid: options.invalid,
  });
  const generationMs = performance.now() - generationStart;
  const historyInvoices = scenario.history?.invoices?.length ?? 0;
  const eventsPublished = scenario.customers.length + scenario.events.length;
  log(
    `generated ${options.customers} customers, ${scenario.events.length} events, ${historyInvoices} history invoices in ${Math.round(generationMs)} ms; running…`,
  );

  const writes = countDynamoWrites();
  const startedAt = scenario.start;
  let firstProgressAt: number | undefined;
  let laterEventsAt: number | undefined;
  let lastLogAt = performance.now();
  const onProgress = (progress: ScenarioProgress) => {
    const now = performance.now();
    if (firstProgressAt === undefined) {
      // The first events are being published: setup (runtime start, history, files) is over.
      firstProgressAt = now;
      writes.start();
    } else if (laterEventsAt === undefined && Date.parse(progress.clock) > Date.parse(startedAt)) {
      // The clock left the start: everything due at the start (the customers) has run.
      laterEventsAt = now;
    }
    if (now - lastLogAt >= PROGRESS_EVERY_MS) {
      lastLogAt = now;
      log(
        `${progress.eventsStarted}/${progress.eventsTotal} events started, clock ${progress.clock}, ` +
          `${progress.executionsRunning} running, heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }
  };

  let inspectMs = 0;
  let inspectStartedAt = 0;
  let items: Record<string, number> = {};
  let lambdaFunctions: Array<{ function: string; invocations: number; memoryMb: number }> = [];
  const cpuBefore = process.cpuUsage();
  const runStart = performance.now();
  const report = await runScenario(scenario, {
    seed: options.seed,
    onProgress,
    inspect: async (runtime) => {
      inspectStartedAt = performance.now();
      writes.stop();
      const byFunction = runtime.lambda.counters.byFunction;
      lambdaFunctions = runtime.lambda.functions().map((fn) => ({
        function: fn.logicalId,
        invocations: byFunction[fn.logicalId] ?? 0,
        memoryMb: fn.memorySizeMb,
      }));
      items = await itemsByTable(runtime);
      inspectMs = performance.now() - inspectStartedAt;
    },
  });
  const runEnd = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  writes.stop();
  writes.restore();
  const memory = heap.stop();

  // The table scans in `inspect` are the benchmark's, not the run's.
  const wallMs = runEnd - runStart - inspectMs;
  const eventsPerSecond = eventsPublished / (wallMs / 1000);
  const setupMs = (firstProgressAt ?? runStart) - runStart;
  const startEventsMs = (laterEventsAt ?? inspectStartedAt) - (firstProgressAt ?? runStart);
  const laterEventsMs = inspectStartedAt - (laterEventsAt ?? inspectStartedAt);
  const teardownMs = runEnd - inspectStartedAt - inspectMs;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const dynamo = writes.counts();
  const storedItems = Object.values(items).reduce((sum, n) => sum + n, 0);

  const cost = modelCost({
    eventsPublished,
    standardTransitions: report.executions.standardTransitions,
    expressExecutions: report.executions.expressExecutions,
    lambda: lambdaFunctions,
    dynamoWriteRequestUnits: dynamo.writeRequestUnits,
  });
  const per1000 = (usd: number) => (eventsPublished > 0 ? (usd / eventsPublished) * 1000 : 0);
  const usd = (value: number) => Number(value.toPrecision(3));

  const rows: Cell[][] = [
    ['customers', options.customers, ''],
    ['events published (customers + scenario events)', eventsPublished, 'events'],
    ['history invoices stored before the events', historyInvoices, 'items'],
    ['deliberately invalid events', invalid.length, 'events'],
    ['scenario generation (not in the run)', Math.round(generationMs), 'ms'],
    ['run wall time', Math.round(wallMs), 'ms'],
    ['  setup: runtime start, history, files', Math.round(setupMs), 'ms'],
    ['  events due at the start (the customers)', Math.round(startEventsMs), 'ms'],
    ['  the rest of the month, and the report', Math.round(laterEventsMs), 'ms'],
    ['  shutdown', Math.round(teardownMs), 'ms'],
    ['events per second (events / run wall time)', Math.round(eventsPerSecond), 'events/s'],
    ['CPU time of the process during the run', Math.round(cpuMs), 'ms'],
    ['executions started', report.executions.started, ''],
    ['executions succeeded', report.executions.succeeded, ''],
    ['executions failed', report.executions.failed, ''],
    ['Standard state transitions', report.executions.standardTransitions, ''],
    ['Express executions', report.executions.expressExecutions, ''],
    ['Lambda invocations', report.executions.lambdaInvocations, ''],
    ['DynamoDB write requests (events only)', dynamo.requests, ''],
    ['DynamoDB items stored (all tables, incl. history)', storedItems, 'items'],
    ['rejected events in the report', report.rejected.length, ''],
    ['messages in the report', report.messages.length, ''],
    ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
    ['peak heap used (sampled every 100 ms)', Math.round(memory.peakHeapUsedBytes / MB), 'MB'],
  ];

  return {
    benchmark: 'scenario-throughput',
    tables: [
      {
        title: `Scenario throughput: ${options.customers} customers, one simulated month, embedded runtime`,
        columns: ['figure', 'value', 'unit'],
        rows,
      },
      {
        title: `Modelled AWS cost (${cost.region} list prices, USD)`,
        columns: ['item', 'quantity', 'unit', 'USD for the run', 'USD per 1,000 events'],
        rows: [
          ...cost.lines.map((line) => [
            line.item,
            Math.round(line.quantity * 100) / 100,
            line.unit,
            usd(line.usd),
            usd(per1000(line.usd)),
          ]),
          ['total', '', '', usd(cost.totalUsd), usd(cost.perThousandEventsUsd)],
        ],
      },
    ],
    data: {
      options,
      scenario: { eventsPublished, historyInvoices, byDetailType: countByDetailType(scenario) },
      generationMs,
      wallMs,
      phasesMs: {
        setup: setupMs,
        eventsDueAtStart: startEventsMs,
        laterEvents: laterEventsMs,
        shutdown: teardownMs,
      },
      eventsPerSecond,
      cpuMs,
      executions: report.executions,
      lambdaByFunction: lambdaFunctions,
      dynamoWrites: dynamo,
      itemsByTable: items,
      rejected: report.rejected.length,
      alerts: report.alerts.length,
      messages: report.messages.length,
      peakRssBytes: peakRssBytes(),
      peakHeapUsedBytes: memory.peakHeapUsedBytes,
      heapSamples: memory.samples,
      cost: { ...cost, prices: US_EAST_1_PRICES, assumptions: DEFAULT_ASSUMPTIONS },
    },
    notes: [
      `Prices: ${cost.region} on-demand list prices, free tiers ignored; see bench/lib/aws-cost.ts.`,
      `Assumed, not measured: ${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms per warm Lambda invocation (no cold starts), ` +
        `Express executions billed ${cost.expressBilledMs} ms at ${DEFAULT_ASSUMPTIONS.expressMemoryMb} MB.`,
      'DynamoDB: write units counted from the write requests the handlers made (1 KB per unit); reads, storage, ' +
        'and the history seeded before the events are not priced.',
    ],
  };
}

if (import.meta.main) {
  publishResult(await runThroughputBenchmark(parseOptions(process.argv.slice(2))));
}
