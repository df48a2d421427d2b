/**
 * Benchmark: one `Campaign Scheduled` to 100,000 customers through CampaignSchedule and CampaignRun on
 * the embedded runtime: the schedule in the local EventBridge Scheduler, the audience evaluated on every
 * customer (one scan), the snapshot in the runs bucket, the Distributed Map of Express batches, the
 * holdout, and every message through the send gate. Reports messages per second, peak memory, Standard
 * transitions per 1,000 messages, the modelled AWS cost per 1,000 messages (against SES's $0.10 per
 * 1,000 e-mails: the goal is orchestration, compute and storage under 5 % of it), and how far the whole
 * is from the pure logic's floor (audience, contact policy and rendering alone, in a loop).
 *
 *   npm run bench -- campaign
 *   npm exec -- node bench/campaign.ts [--customers 100000] [--seed 2027]
 *   CAMPAIGN_BENCH_CUSTOMERS=5000 npm run bench -- campaign
 *
 * The data: Norwegian customers with an electricity product (80 % with marketing consent, 85 % prefer
 * e-mail, 15 % SMS), and 10 % Swedish ones outside the audience. The campaign goes at 10:00 Oslo time
 * with a 10 % holdout. Customers are written straight into the tables (bench/lib/seed-tables.ts).
 */

import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { matches, parseAudience } from '#domain/campaigns/audience.ts';
import { isHeldOut } from '#domain/campaigns/holdout.ts';
import { ENV } from '#domain/config/env-names.ts';
import { loadMarketsConfig } from '#domain/config/markets.ts';
import { decideContact } from '#domain/contact-policy/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import { LocalRuntime } from '#local/runtime.ts';
import { renderMessage } from '#templates/index.ts';
import {
  costRows,
  DEFAULT_ASSUMPTIONS,
  modelCost,
  SES_EMAIL_PRICE_USD,
  US_EAST_1_PRICES,
} from './lib/aws-cost.ts';
import { countDynamoWrites } from './lib/dynamo-writes.ts';
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
import { batchPut, customerItems } from './lib/seed-tables.ts';

export interface CampaignBenchOptions {
  customers: number;
  seed: number;
}

const DEFAULTS: CampaignBenchOptions = {
  customers: Number(process.env.CAMPAIGN_BENCH_CUSTOMERS ?? 100_000),
  seed: 2027,
};
/** Tuesday 2 March 2027, 10:00 in Oslo. */
const RUN_AT = '2027-03-02T09:00:00Z';
const SCHEDULED_AT = '2027-03-01T09:00:00Z';
const PROGRESS_EVERY_MS = 10_000;
const log = (text: string) => process.stderr.write(`[campaign] ${text}\n`);

const CAMPAIGN = {
  campaignId: 'cmp-bench-fixed',
  name: 'Fixed price (benchmark)',
  kind: 'campaign-message',
  audience: {
    all: [{ attribute: 'market', in: ['NO'] }, { product: { attribute: 'kind', in: ['electricity'] } }],
  },
  schedule: { at: RUN_AT },
  holdoutPercent: 10,
  fallbackLocale: 'nb-NO',
  content: {
    'nb-NO': {
      subject: 'Fastpris for deg, {firstName}',
      heading: 'Vet hva strømmen koster',
      paragraphs: ['Hei {firstName}! Med Fastpris 24 måneder er prisen den samme hver måned.'],
      action: { text: 'Se tilbudet', url: 'https://stille.example/no/fastpris-24' },
    },
    'en-GB': {
      subject: 'A fixed price for you, {firstName}',
      heading: 'Know what your electricity costs',
      paragraphs: ['Hello {firstName}! With Fixed price 24 months the price is the same every month.'],
    },
  },
};

function generate(options: CampaignBenchOptions): CustomerUpserted[] {
  const rng = new Random(options.seed);
  const customers: CustomerUpserted[] = [];
  const outside = Math.round(options.customers / 10);
  for (let i = 0; i < options.customers + outside; i++) {
    const customerId = `c-${String(i).padStart(7, '0')}`;
    const inAudience = i < options.customers;
    const sms = rng.chance(0.15);
    customers.push({
      customerId,
      name: `Kunde ${i}`,
      market: inAudience ? 'NO' : 'SE',
      segment: rng.chance(0.9) ? 'household' : 'business',
      locale: inAudience ? (rng.chance(0.9) ? 'nb-NO' : 'en-GB') : 'sv-SE',
      timeZone: inAudience ? 'Europe/Oslo' : 'Europe/Stockholm',
      email: `${customerId}@example.no`,
      phone: `+479${String(1_000_000 + i).slice(-7)}`,
      preferredChannel: sms ? 'sms' : 'email',
      consents: { marketing: rng.chance(0.8), surveys: true },
      customerSince: '2020-01-01',
      paymentMethod: 'e-invoice',
      products: [
        {
          productId: 'p-el',
          kind: 'electricity',
          tariffId: 'var-no1',
          contract: 'open-ended',
          bindingEndsOn: null,
        },
      ],
    });
  }
  return customers;
}

/**
 * The pure logic of the campaign, per audience member, in one loop: the audience condition, the
 * holdout, the contact policy and rendering the message. What no orchestration can beat.
 */
function pureLogicMs(customers: readonly CustomerUpserted[]): { ms: number; rendered: number } {
  const parsed = parseAudience(CAMPAIGN.audience);
  if (!parsed.ok) throw new Error('the benchmark campaign is invalid');
  const config = loadMarketsConfig(undefined);
  const now = new Date(RUN_AT);
  let rendered = 0;
  const started = performance.now();
  for (const customer of customers) {
    const ok = matches(parsed.value, { customer, received: [], runAt: now, runDate: '2027-03-02' });
    if (!ok || isHeldOut(CAMPAIGN.campaignId, customer.customerId, CAMPAIGN.holdoutPercent)) continue;
    const content = CAMPAIGN.content[customer.locale === 'en-GB' ? 'en-GB' : 'nb-NO'];
    const request = {
      kind: 'campaign-message' as const,
      purpose: 'marketing' as const,
      customerId: customer.customerId,
      trigger: { detailType: DETAIL_TYPE.campaignScheduled, id: CAMPAIGN.campaignId },
      facts: { campaignId: CAMPAIGN.campaignId, runAt: RUN_AT, contentLocale: customer.locale, content },
      dedupeKey: `campaign-message#${CAMPAIGN.campaignId}#${RUN_AT}#${customer.customerId}`,
      requestedAt: RUN_AT,
    };
    const decision = decideContact({
      request,
      customer: { ...customer, optOuts: [] },
      suppressedAddresses: new Set(),
      recentSends: [],
      now,
      config,
    });
    if (decision.action === 'suppress') continue;
    renderMessage({
      kind: 'campaign-message',
      locale: customer.locale,
      channel: decision.channel,
      customer,
      facts: request.facts,
      links: {
        unsubscribe: 'https://links.stille.example/unsubscribe?token=x',
        action: 'https://links.stille.example/click?token=x',
      },
    });
    rendered++;
  }
  return { ms: performance.now() - started, rendered };
}

export async function runCampaignBenchmark(options: CampaignBenchOptions): Promise<BenchmarkResult> {
  const heap = sampleHeap(100);
  const customers = generate(options);
  const pure = pureLogicMs(customers);
  log(
    `generated ${customers.length} customers; pure logic ${Math.round(pure.ms)} ms for ${pure.rendered} messages`,
  );

  const runtime = await LocalRuntime.start({
    start: SCHEDULED_AT,
    recordExecutions: false,
    logLevel: 'SILENT',
    // The ledger holds every body; a second copy in the local SES is ≈ 12 KB a message.
    keepEmailBodies: false,
  });
  try {
    const customersTable = runtime.environment[ENV.customersTable];
    if (!customersTable) throw new Error('The app gives no function the Customers table');
    const seedStart = performance.now();
    await batchPut(
      runtime.deps.ddb,
      customersTable,
      customers.flatMap((customer) => customerItems(customer, SCHEDULED_AT)),
    );
    const seedMs = performance.now() - seedStart;
    log(`seeded in ${Math.round(seedMs)} ms`);

    const transitionsByMachine = trackStandardTransitions(runtime);
    const writes = countDynamoWrites();
    const before = countersOf(runtime);
    writes.start();
    const heapBefore = heap.peak();
    const started = performance.now();
    const progress = setInterval(() => {
      log(
        `${Math.round((performance.now() - started) / 1000)} s: ${runtime.services.sms.sent().length} SMS, heap ${Math.round(heap.peak() / MB)} MB`,
      );
    }, PROGRESS_EVERY_MS);
    progress.unref();
    const cpuBefore = process.cpuUsage();
    const scheduled = runtime.putEvent({
      source: 'marketing',
      detailType: DETAIL_TYPE.campaignScheduled,
      detail: CAMPAIGN,
    });
    await Promise.all(scheduled.executions.map((execution) => execution.done));
    // The schedule fires at 10:00; every message through the send gate, and the run counted.
    await runtime.runUntil(Date.parse(RUN_AT) + 86_400_000);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(progress);
    writes.stop();
    const after = countersOf(runtime);

    const repositories = repositoriesFrom(runtime.deps);
    const [run] = await repositories.campaigns.runs(CAMPAIGN.campaignId);
    if (run?.status !== 'completed' || !run.result) {
      // Say why: the CampaignRun execution's state, last states and error.
      const execution = runtime.stepFunctions.executions().find((e) => e.executionArn === run?.execution);
      const lastStates = execution?.states.slice(-6).map((state) => state.name) ?? [];
      const error = execution?.error
        ? `: ${execution.error.Error} ${execution.error.Cause.slice(0, 800)}`
        : '';
      const why = execution
        ? `${execution.status} after ${lastStates.join(' → ')}${error}`
        : 'no execution found';
      throw new Error(`The campaign run did not complete: ${JSON.stringify(run)}; CampaignRun ${why}`);
    }
    const result = run.result;
    const records = result.audience;
    const emailsSent = (await runtime.services.email.sent()).length;
    const smsSent = runtime.services.sms.sent().length;
    const memory = heap.stop();
    writes.restore();

    const delta = (key: Exclude<keyof Counters, 'lambdaByFunction'>) => after[key] - before[key];
    const lambda = lambdaUsage(runtime, before, after);
    const batches = after.childExecutions - before.childExecutions;
    const per1000 = (value: number) => (records === 0 ? 0 : (value / records) * 1000);
    const dynamo = writes.counts();
    const cost = modelCost({
      eventsPublished: after.customBusEvents - before.customBusEvents,
      standardTransitions: delta('standardTransitions') + batches,
      expressExecutions: delta('expressExecutions'),
      expressWaitSeconds: delta('expressWaitMs') / 1000,
      lambda,
      dynamoWriteRequestUnits: dynamo.writeRequestUnits,
    });
    const perThousandUsd = per1000(cost.totalUsd);
    const sesPerThousand = SES_EMAIL_PRICE_USD * 1000;
    const floorMs = pure.ms * (records / Math.max(1, pure.rendered));

    const rows: Cell[][] = [
      ['customers (audience: the Norwegian ones)', customers.length, ''],
      ['audience members (each one record)', result.audience, ''],
      ['  held out', result.holdout, ''],
      ['  sent', result.sent, ''],
      ...Object.entries(result.suppressed).map(([reason, n]): Cell[] => [`  not sent: ${reason}`, n, '']),
      ['  failed', result.failed, ''],
      ['emails / SMS handed to the providers', `${emailsSent} / ${smsSent}`, ''],
      ['seeding (not timed)', Math.round(seedMs), 'ms'],
      ['scheduled → run counted (every message through the send gate)', Math.round(ms), 'ms'],
      ['messages (records) per second, end to end', Math.round(records / (ms / 1000)), 'messages/s'],
      ['CPU time of the process', Math.round((cpu.user + cpu.system) / 1000), 'ms'],
      [
        'pure logic (audience, holdout, policy, rendering) per message',
        Number((pure.ms / Math.max(1, pure.rendered)).toFixed(4)),
        'ms',
      ],
      ['end to end ÷ pure-logic floor', Number((ms / Math.max(1, floorMs)).toFixed(1)), '×'],
      ...orchestrationRows({
        unit: 'messages',
        items: records,
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        mapChildren: batches,
        expressExecutions: delta('expressExecutions'),
        lambda,
      }),
      [
        'modelled AWS cost per 1,000 messages (orchestration, compute, storage)',
        Number(perThousandUsd.toFixed(5)),
        'USD',
      ],
      [
        '  as a share of SES’s $0.10 per 1,000 e-mails (goal: under 5 %)',
        Number(((perThousandUsd / sesPerThousand) * 100).toFixed(2)),
        '%',
      ],
      [
        'modelled AWS cost per 1,000 messages sent (the holdout and the not sent carried by those sent)',
        Number(((cost.totalUsd / Math.max(1, result.sent)) * 1000).toFixed(5)),
        'USD',
      ],
      ['executions failed', delta('failed'), ''],
      ['peak RSS (maxRSS)', Math.round(peakRssBytes() / MB), 'MB'],
      ['peak heap used (sampled every 100 ms)', Math.round(memory.peakHeapUsedBytes / MB), 'MB'],
      ['  heap before the run (data and seeded tables)', Math.round(heapBefore / MB), 'MB'],
    ];
    return {
      benchmark: 'campaign',
      tables: [
        {
          title: `Campaign: one Campaign Scheduled to ${result.audience} customers, embedded runtime`,
          columns: ['figure', 'value', 'unit'],
          rows,
        },
        {
          title: `Modelled AWS cost (${cost.region} list prices, USD)`,
          columns: ['item', 'quantity', 'unit', 'USD for the run', 'USD per 1,000 messages'],
          rows: [...costRows(cost, per1000)],
        },
      ],
      data: {
        options,
        result,
        ms,
        messagesPerSecond: records / (ms / 1000),
        pureLogicMs: pure.ms,
        floorMultiple: ms / Math.max(1, floorMs),
        standardTransitions: delta('standardTransitions'),
        transitionsByMachine,
        standardTransitionsPer1000Messages: per1000(delta('standardTransitions')),
        standardTransitionsPer1000MessagesOnAws: per1000(delta('standardTransitions') + batches),
        expressExecutions: delta('expressExecutions'),
        batches,
        lambdaByFunction: lambda,
        emailsSent,
        smsSent,
        dynamoWrites: dynamo,
        peakRssBytes: peakRssBytes(),
        peakHeapUsedBytes: memory.peakHeapUsedBytes,
        cost: {
          ...cost,
          perThousandMessagesUsd: perThousandUsd,
          prices: US_EAST_1_PRICES,
          assumptions: DEFAULT_ASSUMPTIONS,
        },
      },
      notes: [
        'Timed: from the Campaign Scheduled event until the run is counted (the schedule fires on the simulated ' +
          'clock, so the day between scheduling and the run takes no time). Seeding is not timed.',
        'One Node process runs everything (dynalite, local SES, every handler), so messages per second is a floor ' +
          'for AWS, where batches and send gates run in parallel. Each message is one SendMessage Express execution.',
        `Cost: ${cost.region} list prices, free tiers ignored (bench/lib/aws-cost.ts), ${DEFAULT_ASSUMPTIONS.lambdaAverageMs} ms ` +
          'assumed per Lambda invocation; SES ($0.10 per 1,000) and SMS themselves are not included.',
      ],
    };
  } finally {
    await runtime.close();
  }
}

if (import.meta.main) {
  const values = integerOptions(process.argv.slice(2), { ...DEFAULTS });
  if (values.customers < 1) throw new RangeError('--customers must be at least 1');
  publishResult(await runCampaignBenchmark(values));
}
