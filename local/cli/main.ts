import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJsonKeepingNumbers } from '#domain/contracts/bounds.ts';
import {
  EXIT_INVALID_SCENARIO,
  EXIT_SCENARIO_RAN,
  parseScenario,
  type Scenario,
  type SimulationReport,
} from '#domain/contracts/index.ts';
import { renderHtmlReport } from '../report/html.ts';
import { batched, reportJsonChunks } from '../report/json.ts';
import type { ReportMeta } from '../report/stats.ts';
import { renderOneLine, renderSummary } from '../report/summary.ts';
import type { RunScenarioOptions } from '../scenario-runner.ts';
import { type OpsClients, opsClientsFromEnvironment, pauseSends, redrive, resumeSends } from './ops.ts';
import { createProgressBar, type TextSink } from './progress.ts';

export type { TextSink } from './progress.ts';

/** Exit status: an unexpected error inside stille (a bug, or the machine), not the user's input. */
export const EXIT_INTERNAL_ERROR = 1;
/** Exit status of a command line stille cannot use; the same as an unusable scenario file. */
export const EXIT_USAGE = 2;

/** Where the CLI writes. `isTTY` tells whether stderr is an interactive terminal (for the progress bar). */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  isTTY: boolean;
}

/** What the CLI calls out to; tests replace them. */
export interface CliDeps {
  runScenario?: (scenario: Scenario, options: RunScenarioOptions) => Promise<SimulationReport>;
  /** Directory relative paths are resolved against; `process.cwd()` by default. */
  cwd?: string;
  /** Wall clock for the report's "made at"; the CLI is the one place that may read it. */
  now?: () => Date;
  /** The stille version; read from package.json by default. */
  version?: string;
  /** The AWS clients of the ops commands; from the environment's credentials and region by default. */
  opsClients?: () => OpsClients;
}

export const USAGE = `stille — proactive, explained messages for the customers of silent products

Usage:
  stille simulate FILE [--json] [--report PATH] [--seed N] [--quiet]
  stille resume-sends --table CONTROLS_TABLE
  stille pause-sends --table CONTROLS_TABLE --reason TEXT
  stille redrive QUEUE_URL [--max N] [--dry-run]
  stille --help
  stille --version

simulate replays a scenario file (customers, history, events over a stretch of
simulated time) through the real workflows on this machine, and shows what every
customer would receive, what was held back and why, and what was rejected.

 resume-sends, pause-sends and redrive act on a deployed stack, with the AWS
credentials and region of the environment (as the AWS CLI): they end or start
the pause of marketing and survey sends (the reputation breaker), and take what
a dead-letter queue holds back to its workflow or topic. See docs/operations.md.

Options:
  --json         Print the report as one JSON object on stdout and nothing else
                 there. Writes no files unless --report is given.
  --report PATH  Write the HTML report to PATH, and the JSON report next to it.
                 Default: .stille/reports/<file>-report.html
  --seed N       Seed of the fault injection (an integer from 0 to 4294967295),
                 for runs that repeat exactly.
  --quiet        No progress bar; print one line and where the reports are.
  --table NAME   The Controls table of the stack (resume-sends, pause-sends).
  --reason TEXT  Why sends are paused by hand (pause-sends).
  --max N        Most dead letters to redrive (default 100).
  --dry-run      Say what redrive would do, change nothing.
  -h, --help     Show this help.
  -v, --version  Show the version.

Exit status:
  0  the scenario ran (even when some events were rejected: see the report)
  1  an unexpected error inside stille
  2  the command line or the scenario file cannot be used (the reason is on stderr)

Examples:
  npx stille simulate examples/demo.json
  npx stille simulate my-scenario.json --json > report.json
  See examples/README.md for how to write a scenario.
`;

/** A problem with the user's input: a message for stderr and exit status 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface SimulateArgs {
  file: string;
  json: boolean;
  report: string | undefined;
  seed: number | undefined;
  quiet: boolean;
}

type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | ({ kind: 'simulate' } & SimulateArgs)
  | { kind: 'resume-sends'; table: string }
  | { kind: 'pause-sends'; table: string; reason: string }
  | { kind: 'redrive'; queueUrl: string; max: number; dryRun: boolean };

const OPS_COMMANDS = ['resume-sends', 'pause-sends', 'redrive'];

function parseCommand(argv: string[]): Command {
  let parsed: ReturnType<typeof parseWithOptions>;
  try {
    parsed = parseWithOptions(argv);
  } catch (error) {
    // parseArgs explains unknown options and missing values well; keep its sentence.
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, file, ...extra] = positionals;
  if (command === undefined) throw new UsageError('no command given');
  if (OPS_COMMANDS.includes(command)) return parseOpsCommand(command, file, extra, values);
  if (command !== 'simulate')
    throw new UsageError(
      `unknown command "${command}" (the commands are "simulate", "resume-sends", "pause-sends" and "redrive")`,
    );
  if (file === undefined) throw new UsageError('simulate needs a scenario file: stille simulate FILE');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after the scenario file`);
  return {
    kind: 'simulate',
    file,
    json: values.json === true,
    report: values.report,
    seed: values.seed === undefined ? undefined : parseSeed(values.seed),
    quiet: values.quiet === true,
  };
}

function parseOpsCommand(
  command: string,
  first: string | undefined,
  extra: string[],
  values: ReturnType<typeof parseWithOptions>['values'],
): Command {
  if (command === 'redrive') {
    if (
      first === undefined ||
      !/^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/.test(first)
    ) {
      throw new UsageError(
        'redrive needs the URL of a dead-letter queue: stille redrive https://sqs.<region>.amazonaws.com/<account>/<queue>',
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after the queue URL`);
    const max = values.max === undefined ? 100 : Number(values.max);
    if (!Number.isSafeInteger(max) || max < 1 || max > 100_000) {
      throw new UsageError(`--max must be an integer from 1 to 100000, got "${values.max}"`);
    }
    return { kind: 'redrive', queueUrl: first, max, dryRun: values['dry-run'] === true };
  }
  if (first !== undefined) throw new UsageError(`unexpected argument "${first}"`);
  const table = values.table;
  if (table === undefined || !/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(
      `${command} needs the stack's Controls table: --table NAME (see the stack's outputs)`,
    );
  }
  if (command === 'resume-sends') return { kind: 'resume-sends', table };
  const reason = values.reason?.trim();
  if (!reason) throw new UsageError('pause-sends needs a reason: --reason TEXT');
  return { kind: 'pause-sends', table, reason };
}

function parseWithOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      report: { type: 'string' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
      table: { type: 'string' },
      reason: { type: 'string' },
      max: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function parseSeed(text: string): number {
  const seed = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seed) || seed > 0xffff_ffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${text}"`);
  }
  return seed;
}

/** The scenario file could not be read or is not a scenario; the message says which and where. */
class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError';
}

async function loadScenario(file: string, cwd: string): Promise<Scenario> {
  let content: string;
  try {
    content = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new ScenarioFileError(`cannot read the scenario file ${file}: ${why}`, { cause: error });
  }
  let json: unknown;
  try {
    // A byte order mark is no part of the JSON; editors on Windows like to write one.
    // Numbers no JavaScript number holds (1e309) stay named, so their error says what was sent.
    json = parseJsonKeepingNumbers(content.startsWith('\uFEFF') ? content.slice(1) : content);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ScenarioFileError(`${file} is not valid JSON: ${why}`, { cause: error });
  }
  const result = parseScenario(json);
  if (!result.ok) {
    const problems = result.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n');
    const count = result.errors.length === 1 ? '1 problem' : `${result.errors.length} problems`;
    throw new ScenarioFileError(
      `${file} is not a valid scenario (${count}):\n${problems}\nSee examples/README.md for the scenario format.`,
    );
  }
  return result.scenario;
}

/** `.stille/reports/demo-report.html` for `examples/demo.json`, unless `--report` says otherwise. */
export function reportPaths(file: string, report: string | undefined): { html: string; json: string } {
  if (report !== undefined) {
    const json = /\.html?$/i.test(report) ? report.replace(/\.html?$/i, '.json') : `${report}.json`;
    return { html: report, json };
  }
  const base = path.basename(file).replace(/\.json$/i, '');
  const dir = path.join('.stille', 'reports');
  return { html: path.join(dir, `${base}-report.html`), json: path.join(dir, `${base}-report.json`) };
}

async function writeText(file: string, chunks: Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  try {
    for (const chunk of batched(chunks)) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

async function readVersion(): Promise<string> {
  try {
    const pkg: unknown = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Follow the `cause` chain a few levels: the root cause is usually the useful part.
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n  caused by ');
}

async function simulate(args: SimulateArgs, io: CliIO, deps: CliDeps): Promise<number> {
  const cwd = deps.cwd ?? process.cwd();
  const scenario = await loadScenario(args.file, cwd);
  const runScenario = deps.runScenario ?? (await import('../scenario-runner.ts')).runScenario;

  const progress = createProgressBar({ stream: io.stderr, enabled: io.isTTY && !args.quiet });
  const startedAt = performance.now();
  let report: SimulationReport;
  try {
    report = await runScenario(scenario, {
      onProgress: (p) => progress.update(p),
      logLevel: 'SILENT',
      ...(args.seed === undefined ? {} : { seed: args.seed }),
    });
  } finally {
    progress.finish();
  }
  const durationMs = performance.now() - startedAt;

  if (args.json) {
    for (const chunk of batched(reportJsonChunks(report, 'compact'))) io.stdout.write(chunk);
    io.stdout.write('\n');
  }
  const writeFiles = !args.json || args.report !== undefined;
  const paths = writeFiles ? reportPaths(args.file, args.report) : undefined;
  const meta: ReportMeta = {
    scenarioFile: args.file,
    generatedAt: (deps.now ?? (() => new Date()))().toISOString(),
    durationMs,
    version: deps.version ?? (await readVersion()),
    ...(paths ? { htmlPath: paths.html, jsonPath: paths.json } : {}),
  };
  if (paths) {
    await writeText(path.resolve(cwd, paths.json), reportJsonChunks(report, 'lines'));
    await writeText(path.resolve(cwd, paths.html), [renderHtmlReport(report, scenario, meta)]);
  }

  if (args.json) {
    if (paths) io.stderr.write(`Report (HTML): ${paths.html}\nReport (JSON): ${paths.json}\n`);
  } else if (args.quiet) {
    io.stdout.write(renderOneLine(report, scenario));
    if (paths) io.stdout.write(`Report (HTML): ${paths.html}\nReport (JSON): ${paths.json}\n`);
  } else {
    io.stdout.write(renderSummary(report, scenario, meta));
  }
  return EXIT_SCENARIO_RAN;
}

/**
 * Runs the `stille` command line and returns its exit status: 0 when the scenario ran, 2 for a command
 * line or scenario file that cannot be used, 1 for an unexpected error. Never calls `process.exit`.
 */
export async function runCli(argv: string[], io: CliIO, deps: CliDeps = {}): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`stille: ${error.message}\nRun "stille --help" for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${deps.version ?? (await readVersion())}\n`);
    return 0;
  }
  if (command.kind === 'resume-sends' || command.kind === 'pause-sends' || command.kind === 'redrive') {
    return runOpsCommand(command, io, deps);
  }
  try {
    return await simulate(command, io, deps);
  } catch (error) {
    if (error instanceof ScenarioFileError) {
      io.stderr.write(`stille: ${error.message}\n`);
      return EXIT_INVALID_SCENARIO;
    }
    io.stderr.write(`stille: the simulation stopped on an unexpected error:\n  ${describeError(error)}\n`);
    if (process.env.STILLE_DEBUG && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

async function runOpsCommand(
  command: Extract<Command, { kind: 'resume-sends' | 'pause-sends' | 'redrive' }>,
  io: CliIO,
  deps: CliDeps,
): Promise<number> {
  const clients = (deps.opsClients ?? opsClientsFromEnvironment)();
  try {
    if (command.kind === 'resume-sends') io.stdout.write(await resumeSends(clients, command.table));
    else if (command.kind === 'pause-sends') {
      io.stdout.write(
        await pauseSends(clients, command.table, command.reason, (deps.now ?? (() => new Date()))()),
      );
    } else {
      const result = await redrive(clients, command.queueUrl, { max: command.max, dryRun: command.dryRun });
      const verb = command.dryRun ? 'Would redrive' : 'Redrove';
      io.stdout.write(
        `${verb} ${result.redriven} message(s); left ${result.skipped} whose target is unknown.\n`,
      );
      for (const [target, count] of Object.entries(result.targets))
        io.stdout.write(`  ${count} → ${target}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr.write(`stille: ${command.kind} failed: ${describeError(error)}\n`);
    return EXIT_INTERNAL_ERROR;
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

/**
 * The process entry (`bin/stille.js`): runs the CLI on the real streams. While it runs, anything a
 * dependency prints with `console.log` is sent to stderr, so stdout carries only what stille means to
 * print (with `--json`, exactly one JSON document).
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout);
  const toStderr = process.stderr.write.bind(process.stderr);
  stdout.write = toStderr as typeof stdout.write;
  try {
    return await runCli(
      argv,
      {
        stdout: { write: (chunk: string) => write(chunk) },
        stderr: process.stderr,
        isTTY: process.stderr.isTTY === true,
      },
      {},
    );
  } finally {
    stdout.write = write;
  }
}
