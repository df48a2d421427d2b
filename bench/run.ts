/**
 * `npm run bench`: runs each benchmark in its own Node process (so peak memory is per benchmark),
 * shows their progress as they go, then prints every figure and writes them to
 * `.stille/bench/results.json`.
 *
 *   npm run bench                          every benchmark
 *   npm run bench -- lambda-bundles        only the ones named
 *   npm run bench -- send-gate             the send gate: policy decisions/s, messages end to end
 *   npm run bench -- invoice-assess        assessInvoice on the labelled data set: ms per assessment, quality
 *   npm run bench -- invoice-run           a 100,000-invoice billing run: invoices/s, transitions, quality
 *   npm run bench -- price-change          a price change affecting 100,000 customers: notices/s, memory,
 *                                          Standard transitions per 1,000 notices
 *   npm run bench -- support               support delays and surveys: Standard transitions per ticket and survey
 *   npm run bench -- local-dynamodb        one local DynamoDB call by layer: Map, dynalite alone, SDK in process, HTTP
 *   npm run bench -- campaign              a campaign to 100,000 customers: messages/s, memory, transitions and
 *                                          modelled cost per 1,000 messages (CAMPAIGN_BENCH_CUSTOMERS to shrink)
 *   npm run bench -- retention             one run of the automatic retention program over 100,000 customers:
 *                                          customers and offers/s, StartRun alone, the floor's multiple, cost
 *                                          per 1,000 offers
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  type BenchmarkResult,
  type Cell,
  formatResult,
  formatTable,
  type MachineInfo,
  MB,
  machineInfo,
  RESULT_FILE_ENV,
} from './lib/report.ts';

const BENCH_DIR = import.meta.dirname;
const REPO_ROOT = resolve(BENCH_DIR, '..');
const RESULTS_FILE = join(REPO_ROOT, '.stille', 'bench', 'results.json');

/** The benchmarks, in the order they run, each with the time after which it is stopped. */
const BENCHMARKS = [
  { name: 'scenario-throughput', timeoutMs: 300_000 },
  { name: 'lambda-bundles', timeoutMs: 180_000 },
  // One call to the local DynamoDB by layer (Map, dynalite alone, SDK in process, SDK over HTTP).
  { name: 'local-dynamodb', timeoutMs: 300_000 },
  { name: 'send-gate', timeoutMs: 240_000 },
  // assessInvoice over the labelled data set, in-process: about half a minute.
  { name: 'invoice-assess', timeoutMs: 300_000 },
  // 100,000 invoices through one billing run: about a quarter of an hour on a two-core machine.
  { name: 'invoice-run', timeoutMs: 3_600_000 },
  // 100,000 notices worked out and sent through the send gate: about half an hour on two cores.
  { name: 'price-change', timeoutMs: 3_600_000 },
  // A support month: 800 tickets and 200 renewals through SupportTicket and Survey, about a minute.
  { name: 'support', timeoutMs: 300_000 },
  // A campaign to 100,000 customers (CAMPAIGN_BENCH_CUSTOMERS to shrink): the run, every message sent.
  { name: 'campaign', timeoutMs: 3_600_000 },
  // One retention-program run over 100,000 customers (signals, offers, the send gate): not measured at that
  // size; about 190 customers/s in StartRun on two cores, so some 20 minutes with seeding and sending.
  { name: 'retention', timeoutMs: 3_600_000 },
] as const;

type BenchmarkName = (typeof BENCHMARKS)[number]['name'];

interface BenchmarkRun {
  name: BenchmarkName;
  status: 'ok' | 'failed' | 'timed-out';
  exitCode: number | null;
  wallMs: number;
  result?: BenchmarkResult;
}

/** Runs one benchmark file with `process.execPath`; its stdout is kept (printed at the end), stderr shown live. */
function runBenchmark(name: BenchmarkName, timeoutMs: number): Promise<BenchmarkRun> {
  const resultFile = join(tmpdir(), `stille-bench-${name}-${process.pid}.json`);
  rmSync(resultFile, { force: true });
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, `${name}.ts`)], {
      cwd: REPO_ROOT,
      env: { ...process.env, [RESULT_FILE_ENV]: resultFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let result: BenchmarkResult | undefined;
      try {
        result = JSON.parse(readFileSync(resultFile, 'utf8')) as BenchmarkResult;
      } catch {
        result = undefined;
      } finally {
        rmSync(resultFile, { force: true });
      }
      const status = timedOut ? 'timed-out' : exitCode === 0 && result ? 'ok' : 'failed';
      // A benchmark that did not finish may still have said why on stdout.
      if (status !== 'ok' && stdout.trim()) process.stderr.write(stdout);
      done({ name, status, exitCode, wallMs, ...(result ? { result } : {}) });
    });
  });
}

function peakRssOf(run: BenchmarkRun): number | undefined {
  const processData = run.result?.data.process as { peakRssBytes?: number } | undefined;
  return processData?.peakRssBytes;
}

function describeMachine(machine: MachineInfo): string {
  return (
    `${machine.cpus} × ${machine.cpuModel}, ${Math.round(machine.memoryBytes / 1024 ** 3)} GiB, ` +
    `${machine.platform}/${machine.arch}, Node ${machine.node}, load average ${machine.loadAverage1m}`
  );
}

async function main(argv: string[]): Promise<number> {
  const known = new Set<string>(BENCHMARKS.map((b) => b.name));
  const unknown = argv.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}; known: ${[...known].join(', ')}\n`);
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => argv.length === 0 || argv.includes(b.name));
  const machineBefore = machineInfo();
  const measuredAt = new Date().toISOString();
  const started = performance.now();
  process.stderr.write(`stille benchmarks on ${describeMachine(machineBefore)}\n`);

  const runs: BenchmarkRun[] = [];
  for (const { name, timeoutMs } of selected) {
    process.stderr.write(`\n▶ ${name}\n`);
    const run = await runBenchmark(name, timeoutMs);
    process.stderr.write(`◀ ${name}: ${run.status} in ${(run.wallMs / 1000).toFixed(1)} s\n`);
    runs.push(run);
  }
  const totalWallMs = performance.now() - started;
  const machineAfter = machineInfo();

  const summary: Cell[][] = runs.map((run) => {
    const rss = peakRssOf(run);
    return [
      run.name,
      run.status,
      Math.round(run.wallMs / 100) / 10,
      rss === undefined ? '' : Math.round(rss / MB),
    ];
  });
  const sections = runs.flatMap((run) => (run.result ? [formatResult(run.result)] : []));
  sections.push(
    formatTable({
      title: `Benchmarks (${describeMachine(machineAfter)})`,
      columns: ['benchmark', 'status', 'wall s', 'peak RSS MB'],
      rows: [...summary, ['total', '', Math.round(totalWallMs / 100) / 10, '']],
    }),
  );
  process.stdout.write(`\n${sections.join('\n\n')}\n`);

  mkdirSync(join(REPO_ROOT, '.stille', 'bench'), { recursive: true });
  const results = {
    measuredAt,
    machine: { ...machineBefore, loadAverage1mAtEnd: machineAfter.loadAverage1m },
    totalWallMs,
    benchmarks: runs,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nFigures written to ${relative(process.cwd(), RESULTS_FILE)}\n`);
  return runs.every((run) => run.status === 'ok') ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
