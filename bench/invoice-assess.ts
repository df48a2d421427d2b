/**
 * Benchmark: the cost of deciding, in-process. `assessInvoice` over the labelled data set
 * (bench/invoice-dataset.ts: 24-month and short histories, every kind of case), with the lasting-change
 * rule on (its default, 12 months) and off, and with a learned seasonal profile: milliseconds per
 * assessment, and the precision and recall each gets. The rule replays the product's last months, so it
 * costs a few times the plain comparison; this says how much.
 *
 *   npm run bench -- invoice-assess
 *   npm exec -- node bench/invoice-assess.ts [--customers 4500] [--seed 2027] [--rounds 3]
 */
import {
  assessInvoice,
  DEFAULT_INVOICE_EXPLANATION_SETTINGS,
  type InvoiceExplanationSettings,
  learnSeasonalProfile,
  productShape,
  type SourcedProfile,
} from '#domain/invoices/index.ts';
import { generateInvoiceDataset, type InvoiceCase, scoreDetections } from './invoice-dataset.ts';
import { type BenchmarkResult, type Cell, integerOptions, publishResult } from './lib/report.ts';

const log = (text: string) => process.stderr.write(`[invoice-assess] ${text}\n`);

interface Variant {
  name: string;
  settings: InvoiceExplanationSettings;
  learned: boolean;
}

function run(cases: readonly InvoiceCase[], variant: Variant, profiles: Map<string, SourcedProfile>) {
  const started = performance.now();
  const assessments = cases.map((c) => {
    const learnedProfile = variant.learned ? profiles.get(`${c.market}#${c.productKind}`) : undefined;
    return assessInvoice({
      invoice: c.invoice,
      history: c.history,
      market: c.market,
      productKind: c.productKind,
      settings: variant.settings,
      priceNotices: c.priceNotices,
      ...(learnedProfile === undefined ? {} : { learnedProfile }),
    });
  });
  const ms = performance.now() - started;
  const score = scoreDetections(
    cases.map((c) => c.label),
    assessments,
  );
  return { ms, score };
}

async function main(): Promise<void> {
  const options = integerOptions(process.argv.slice(2), { customers: 4_500, seed: 2027, rounds: 3 });
  log(`generating ${options.customers} customers (seed ${options.seed})`);
  const { cases } = generateInvoiceDataset({ seed: options.seed, customers: options.customers });

  // The profile of customers like them, learned from the data set's own full years (per market and kind).
  const shapes = new Map<string, number[][]>();
  const seen = new Set<string>();
  for (const c of cases) {
    if (c.invoice.consumption === undefined || seen.has(c.invoice.productId)) continue;
    seen.add(c.invoice.productId);
    const shape = productShape(c.invoice.productId, c.history);
    if (shape === undefined) continue;
    const key = `${c.market}#${c.productKind}`;
    shapes.set(key, [...(shapes.get(key) ?? []), shape]);
  }
  const profiles = new Map<string, SourcedProfile>();
  for (const [key, samples] of shapes) {
    const learned = learnSeasonalProfile(samples.slice(0, 500));
    if (learned) profiles.set(key, learned);
  }

  const variants: Variant[] = [
    {
      name: 'default (lasting change 12 months)',
      settings: DEFAULT_INVOICE_EXPLANATION_SETTINGS,
      learned: false,
    },
    {
      name: 'lasting-change rule off',
      settings: { ...DEFAULT_INVOICE_EXPLANATION_SETTINGS, lastingChangeMonths: 0 },
      learned: false,
    },
    { name: 'default, learned profile', settings: DEFAULT_INVOICE_EXPLANATION_SETTINGS, learned: true },
  ];
  const rows: Cell[][] = [];
  const data: Record<string, unknown> = { cases: cases.length, learnedProfiles: [...profiles.keys()] };
  for (const variant of variants) {
    let best = Number.POSITIVE_INFINITY;
    let last: ReturnType<typeof run> | undefined;
    for (let round = 0; round < options.rounds; round++) {
      last = run(cases, variant, profiles);
      best = Math.min(best, last.ms);
    }
    if (!last) continue;
    log(`${variant.name}: ${best.toFixed(0)} ms`);
    rows.push([variant.name, cases.length, best / cases.length, last.score.precision, last.score.recall]);
    data[variant.name] = {
      bestMs: best,
      msPerAssessment: best / cases.length,
      precision: last.score.precision,
      recall: last.score.recall,
    };
  }
  const result: BenchmarkResult = {
    benchmark: 'invoice-assess',
    tables: [
      {
        title: `assessInvoice over the labelled data set (best of ${options.rounds})`,
        columns: ['variant', 'cases', 'ms / assessment', 'precision', 'recall'],
        rows,
      },
    ],
    data,
    notes: [
      'In-process, one core, no I/O: the pure decision only (the workflows add storage and the bus).',
      'The learned profile is learned from the data set itself (its products with a full year).',
    ],
  };
  publishResult(result);
}

await main();
