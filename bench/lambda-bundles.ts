/**
 * Benchmark: every Lambda of the app bundled exactly as its CDK construct bundles it, against a baseline
 * bundle of only the AWS SDK v3 clients that the function's bundle contains. Prints bundle size, gzip
 * size and import time in a fresh Node process (median of 5) for both.
 *
 *   npm exec -- node bench/lambda-bundles.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BundledFunction, bundledFunctions, withOutfile } from './lib/cdk-bundling.ts';
import { type BenchmarkResult, type Cell, median, publishResult } from './lib/report.ts';

/** Measured imports per bundle; one unmeasured import before them warms the file cache. */
const IMPORT_RUNS = 5;
const KIB = 1024;

/** The esbuild binary CDK finds for local bundling: the project's own `esbuild` package. */
const ESBUILD_BIN = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');

/**
 * Run by `process.execPath` in a fresh process: the time of `await import(bundle)` alone, without
 * Node's own start-up (wall time; the process's CPU time too, for the JSON). A baseline stub also
 * reports how long constructing its clients took.
 */
const IMPORT_SCRIPT = `
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(process.env.STILLE_BENCH_IMPORT);
const importMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({
  importMs,
  cpuMs: (used.user + used.system) / 1000,
  handler: typeof module.handler === 'function',
  constructMs: globalThis.__stilleBenchConstructMs ?? null,
}));
`;

interface ImportRun {
  importMs: number;
  cpuMs: number;
  handler: boolean;
  constructMs: number | null;
}

interface ImportTiming {
  /** Median wall time of the import. */
  medianMs: number;
  /** Median CPU time of the process during the import. */
  medianCpuMs: number;
  runsMs: number[];
  exportsHandler: boolean;
  /** Baselines only: median time of constructing the clients, part of `medianMs`. */
  constructMs: number | null;
}

interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** Bytes of the output contributed by each input file, relative to the repository root. */
  inputs: Record<string, number>;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Runs esbuild with CDK's own arguments, writing to `outfile`, plus a metafile; `stdin` replaces the entry. */
function runEsbuild(fn: BundledFunction, outfile: string, stdin?: string): Bundle {
  const metafile = `${outfile}.meta.json`;
  // `--bundle <entry>` first; with stdin the entry goes and the input is read from stdin instead.
  const args = withOutfile(
    stdin === undefined ? fn.esbuildArgs : ['--bundle', ...fn.esbuildArgs.slice(2)],
    outfile,
  );
  args.push(`--metafile=${metafile}`, '--log-level=warning');
  if (stdin !== undefined) args.push('--sourcefile=baseline-stub.mjs');
  execFileSync(ESBUILD_BIN, args, { cwd: fn.cwd, input: stdin ?? '', stdio: ['pipe', 'inherit', 'inherit'] });
  const code = readFileSync(outfile);
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile;
  const output = Object.values(meta.outputs).find((o) => Object.keys(o.inputs).length > 0);
  const inputs: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) inputs[path] = bytesInOutput;
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    sourceMapBytes: statSync(`${outfile}.map`).size,
    inputs,
  };
}

/** The `@aws-sdk/client-*` packages whose code ended up in a bundle. */
function sdkClientPackages(bundle: Bundle): string[] {
  const packages = new Set<string>();
  for (const path of Object.keys(bundle.inputs)) {
    const match = /(?:^|\/)node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(path);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort();
}

/** The client class a `@aws-sdk/client-*` package exports (`DynamoDBClient`, `SESv2Client`, …). */
async function clientClassOf(pkg: string): Promise<string> {
  const module = (await import(pkg)) as Record<string, unknown>;
  const classes = Object.keys(module).filter(
    (name) =>
      /^[A-Za-z0-9]+Client$/.test(name) && // not the re-exported `__Client` base class
      typeof module[name] === 'function' &&
      typeof (module[name] as { prototype?: { send?: unknown } }).prototype?.send === 'function',
  );
  if (classes.length !== 1 || !classes[0]) {
    throw new Error(`Expected one client class in ${pkg}, found ${classes.join(', ') || 'none'}`);
  }
  return classes[0];
}

/** A module that imports and constructs exactly these clients, and nothing else. */
async function baselineStub(packages: string[]): Promise<string> {
  const classes = await Promise.all(packages.map(clientClassOf));
  const imports = packages.map((pkg, i) => `import { ${classes[i]} } from '${pkg}';`);
  return [
    ...imports,
    'const started = performance.now();',
    `export const clients = [${classes.map((cls) => `new ${cls}({})`).join(', ')}];`,
    'globalThis.__stilleBenchConstructMs = performance.now() - started;',
    '',
  ].join('\n');
}

/** Imports `file` once in a fresh Node process with the function's environment (so `NODE_OPTIONS` too). */
function importOnce(file: string, fn: BundledFunction): ImportRun {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-north-1',
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    ...fn.environment,
    STILLE_BENCH_IMPORT: pathToFileURL(file).href,
  };
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
    env,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`Importing ${file} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as ImportRun;
}

function summarize(runs: ImportRun[]): ImportTiming {
  const constructs = runs.map((r) => r.constructMs).filter((ms): ms is number => ms !== null);
  return {
    medianMs: median(runs.map((r) => r.importMs)),
    medianCpuMs: median(runs.map((r) => r.cpuMs)),
    runsMs: runs.map((r) => r.importMs),
    exportsHandler: runs.every((r) => r.handler),
    constructMs: constructs.length > 0 ? median(constructs) : null,
  };
}

/**
 * Times the function's bundle and its baseline in alternation (one unmeasured import of each first, to
 * warm the file cache), so both see the same load on the machine and their difference stays fair.
 */
function timeImports(fn: BundledFunction, file: string, baselineFile: string) {
  importOnce(file, fn);
  importOnce(baselineFile, fn);
  const own: ImportRun[] = [];
  const baseline: ImportRun[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) {
    own.push(importOnce(file, fn));
    baseline.push(importOnce(baselineFile, fn));
  }
  return { own: summarize(own), baseline: summarize(baseline) };
}

/** What a bundle is made of: output bytes by origin. */
function composition(bundle: Bundle): Record<string, number> {
  const groups: Record<string, number> = {
    stille: 0,
    'AWS SDK': 0,
    Powertools: 0,
    zod: 0,
    middy: 0,
    other: 0,
  };
  for (const [path, bytes] of Object.entries(bundle.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const group =
      pkg === undefined
        ? 'stille'
        : /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg) || pkg === 'tslib' || pkg === 'fast-xml-parser'
          ? 'AWS SDK'
          : pkg.startsWith('@aws-lambda-powertools/')
            ? 'Powertools'
            : pkg === 'zod'
              ? 'zod'
              : pkg.startsWith('@middy/')
                ? 'middy'
                : 'other';
    groups[group] = (groups[group] ?? 0) + bytes;
  }
  return groups;
}

const kib = (bytes: number) => Math.round((bytes / KIB) * 10) / 10;
const ms = (value: number) => Math.round(value * 10) / 10;

export async function runBundleBenchmark(): Promise<BenchmarkResult> {
  const log = (text: string) => process.stderr.write(`[lambda-bundles] ${text}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'stille-bench-bundles-'));
  try {
    log('synthesizing the app to capture the esbuild command of each function…');
    const functions = bundledFunctions();
    const baselines = new Map<string, Bundle>();
    const measured = [];
    for (const fn of functions) {
      const name = fn.path.split('/').pop() ?? fn.logicalId;
      log(`${name}: bundling and importing…`);
      mkdirSync(join(workDir, name));
      const bundle = runEsbuild(fn, join(workDir, name, 'index.mjs'));
      const clients = sdkClientPackages(bundle);
      const key = clients.join(',');
      let baselineBundle = baselines.get(key);
      if (!baselineBundle) {
        const dir = join(workDir, `baseline-${baselines.size}`);
        mkdirSync(dir);
        baselineBundle = runEsbuild(fn, join(dir, 'index.mjs'), await baselineStub(clients));
        baselines.set(key, baselineBundle);
      }
      const timing = timeImports(fn, bundle.file, baselineBundle.file);
      measured.push({
        name,
        fn,
        bundle,
        timing: timing.own,
        clients,
        baseline: { bundle: baselineBundle, timing: timing.baseline },
      });
    }
    const clientSets = [...new Set(measured.map((m) => m.clients.join(', ')))];
    const setLabel = (clients: string[]) =>
      clientSets.length === 1
        ? String(clients.length)
        : `${clients.length} (${String.fromCharCode(65 + clientSets.indexOf(clients.join(', ')))})`;

    const rows: Cell[][] = measured.map(({ name, bundle, timing, clients, baseline }) => [
      name,
      setLabel(clients),
      kib(bundle.bytes),
      kib(bundle.gzipBytes),
      ms(timing.medianMs),
      kib(baseline.bundle.bytes),
      kib(baseline.bundle.gzipBytes),
      ms(baseline.timing.medianMs),
      kib(bundle.bytes - baseline.bundle.bytes),
      ms(timing.medianMs - baseline.timing.medianMs),
    ]);
    const compositionRows: Cell[][] = measured.map(({ name, bundle }) => {
      const groups = composition(bundle);
      return [
        name,
        kib(groups.stille ?? 0),
        kib(groups['AWS SDK'] ?? 0),
        kib(groups.Powertools ?? 0),
        kib(groups.zod ?? 0),
        kib(groups.middy ?? 0),
        kib(groups.other ?? 0),
        kib(bundle.sourceMapBytes),
      ];
    });
    const constructMs = median(measured.map((m) => m.baseline.timing.constructMs ?? 0));
    const missingHandler = measured.filter((m) => !m.timing.exportsHandler).map((m) => m.name);

    return {
      benchmark: 'lambda-bundles',
      tables: [
        {
          title: `Lambda bundles (as CDK bundles them) vs a baseline of only their SDK clients; import = median of ${IMPORT_RUNS} fresh processes`,
          columns: [
            'function',
            'SDK clients',
            'KiB',
            'gzip KiB',
            'import ms',
            'base KiB',
            'base gzip',
            'base ms',
            '+KiB',
            '+ms',
          ],
          rows,
        },
        {
          title: 'What the bundles are made of (KiB of minified output; the source map ships alongside)',
          columns: ['function', 'stille', 'AWS SDK', 'Powertools', 'zod', 'middy', 'other', 'map KiB'],
          rows: compositionRows,
        },
      ],
      data: {
        importRuns: IMPORT_RUNS,
        functions: measured.map(({ name, fn, bundle, timing, clients, baseline }) => ({
          name,
          path: fn.path,
          logicalId: fn.logicalId,
          entry: fn.entry,
          memorySizeMb: fn.memorySizeMb,
          esbuildArgs: fn.esbuildArgs.map((arg) =>
            arg.startsWith('--outfile=') ? '--outfile=<staging>/index.mjs' : arg,
          ),
          sdkClients: clients,
          bytes: bundle.bytes,
          gzipBytes: bundle.gzipBytes,
          sourceMapBytes: bundle.sourceMapBytes,
          composition: composition(bundle),
          import: timing,
          baseline: {
            bytes: baseline.bundle.bytes,
            gzipBytes: baseline.bundle.gzipBytes,
            sourceMapBytes: baseline.bundle.sourceMapBytes,
            import: baseline.timing,
          },
          overheadBytes: bundle.bytes - baseline.bundle.bytes,
          overheadImportMs: timing.medianMs - baseline.timing.medianMs,
        })),
      },
      notes: [
        ...clientSets.map((set, i) =>
          clientSets.length === 1
            ? `SDK clients in every bundle: ${set}.`
            : `SDK client set ${String.fromCharCode(65 + i)}: ${set}.`,
        ),
        "Bundled by the esbuild command each function's NodejsFunction runs (captured from a synth with bundling on).",
        'Function and baseline imports alternate, so both see the same load. Rows with the same SDK clients share ' +
          'one baseline bundle: the spread of their "base ms" shows how noisy the timings were.',
        'Imports run with the function’s environment, so NODE_OPTIONS=--enable-source-maps as on Lambda.',
        'The baseline constructs its clients at import; the functions construct theirs at the first invocation, ' +
          `so their import time does not include that (${ms(constructMs)} ms here; constructMs in the JSON).`,
        ...(missingHandler.length > 0 ? [`No \`handler\` export in: ${missingHandler.join(', ')}`] : []),
      ],
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  publishResult(await runBundleBenchmark());
}
