import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * How a benchmark hands its figures to `bench/run.ts`: the runner sets this variable to a file path,
 * and the benchmark writes its {@link BenchmarkResult} there as JSON. Run alone, a benchmark only prints.
 */
export const RESULT_FILE_ENV = 'STILLE_BENCH_RESULT_FILE';

/** A cell of a printed table: numbers are right-aligned and grouped by thousands. */
export type Cell = string | number;

/** A table of figures, printed by the benchmark and again in the runner's summary. */
export interface FigureTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** What one benchmark measured: tables for people, `data` for machines. */
export interface BenchmarkResult {
  benchmark: string;
  tables: FigureTable[];
  /** Every figure, with units in the key names (`wallMs`, `peakRssBytes`, …). */
  data: Record<string, unknown>;
  /** Assumptions and caveats a reader of the figures needs. */
  notes: string[];
}

/** The machine the figures were measured on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  platform: string;
  arch: string;
  node: string;
  /** 1-minute load average when asked: other work on the machine skews every timing. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** `12,345` for integers, `12.3` / `0.00123` for fractions: enough digits to be read, not more. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-GB');
  const abs = Math.abs(value);
  // Below 1, three significant digits: cents per thousand events stay readable.
  if (abs < 1) return value.toPrecision(3);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain-text table: a title line, a header, a rule, one line per row. */
export function formatTable(table: FigureTable): string {
  const text = table.rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)),
  );
  const widths = table.columns.map((column, i) =>
    Math.max(column.length, ...text.map((row) => (row[i] ?? '').length)),
  );
  // A column is right-aligned when its cells are numbers.
  const numeric = table.columns.map((_, i) => table.rows.some((row) => typeof row[i] === 'number'));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(table.columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...text.map((row) => line(row)),
  ].join('\n');
}

export function formatResult(result: BenchmarkResult): string {
  const parts = result.tables.map(formatTable);
  if (result.notes.length > 0) parts.push(result.notes.map((note) => `  * ${note}`).join('\n'));
  return parts.join('\n\n');
}

/**
 * Prints the result, and writes it as JSON where `bench/run.ts` asked for it, with this process's peak
 * RSS and CPU time added under `data.process`.
 */
export function publishResult(result: BenchmarkResult): void {
  const usage = process.resourceUsage();
  const withProcess: BenchmarkResult = {
    ...result,
    data: {
      ...result.data,
      process: {
        peakRssBytes: usage.maxRSS * 1024,
        cpuUserMs: Math.round(usage.userCPUTime / 1000),
        cpuSystemMs: Math.round(usage.systemCPUTime / 1000),
        machine: machineInfo(),
      },
    },
  };
  process.stdout.write(`\n${formatResult(withProcess)}\n`);
  const file = process.env[RESULT_FILE_ENV];
  if (file) writeFileSync(file, `${JSON.stringify(withProcess, null, 2)}\n`);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  if (upper === undefined) throw new RangeError('median() of an empty list');
  return sorted.length % 2 === 1 ? upper : (upper + (sorted[mid - 1] ?? upper)) / 2;
}

export const MB = 1024 * 1024;

/**
 * Reads whole-number `--name value` options: each option given must be a non-negative integer; a
 * missing one takes its default.
 */
export function integerOptions<K extends string>(
  argv: string[],
  defaults: Record<K, number>,
): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
  });
  const out = {} as Record<K, number>;
  for (const name of names) {
    const text = values[name] as string | undefined;
    if (text === undefined) {
      out[name] = defaults[name];
      continue;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`--${name} must be a whole number, got ${text}`);
    out[name] = value;
  }
  return out;
}
