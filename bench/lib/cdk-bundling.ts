import childProcess, { type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CommsFunction, REPO_ROOT } from '#infra/comms-function.ts';
import { buildStilleApp } from '#infra/stille-app.ts';

/** A Lambda function of the app, and the esbuild command line its CDK construct bundles it with. */
export interface BundledFunction {
  /** Construct path, e.g. `Stille/IngestEvent`. */
  path: string;
  logicalId: string;
  /** Handler file relative to the repository root. */
  entry: string;
  memorySizeMb: number;
  /** The function's environment variables that are plain strings (not references to other resources). */
  environment: Record<string, string>;
  /** esbuild's arguments exactly as CDK passes them, after `esbuild` (the first two are `--bundle <entry>`). */
  esbuildArgs: string[];
  /** The directory CDK runs esbuild in. */
  cwd: string;
}

interface CapturedCommand {
  args: string[];
  cwd: string;
}

const OUTFILE = '--outfile=';

/**
 * Synthesizes the app with bundling on, but records the esbuild command each `NodejsFunction` runs
 * instead of running it (an empty placeholder satisfies the asset staging). CDK runs local bundling with
 * `child_process.spawnSync`, looked up on the module at each call, which is what lets this listen in.
 * Then walks the construct tree for {@link CommsFunction}s and pairs each with its command.
 */
export function bundledFunctions(): BundledFunction[] {
  const outdir = mkdtempSync(join(tmpdir(), 'stille-bench-synth-'));
  const captured: CapturedCommand[] = [];
  const original = childProcess.spawnSync;
  const listening = (command: string, args?: readonly string[], options?: { cwd?: string | URL }) => {
    const all = [command, ...(args ?? [])];
    const bundleAt = all.indexOf('--bundle');
    if (bundleAt < 0 || !all.some((arg) => arg.includes('esbuild'))) return undefined;
    const esbuildArgs = all.slice(bundleAt);
    const outfile = esbuildArgs.find((arg) => arg.startsWith(OUTFILE))?.slice(OUTFILE.length);
    if (outfile) writeFileSync(outfile, '// placeholder: bench/lib/cdk-bundling.ts bundles this itself\n');
    captured.push({ args: esbuildArgs, cwd: String(options?.cwd ?? process.cwd()) });
    const done: SpawnSyncReturns<Buffer> = {
      pid: 0,
      output: [],
      stdout: Buffer.alloc(0),
      stderr: Buffer.alloc(0),
      status: 0,
      signal: null,
    };
    return done;
  };
  // spawnSync has many overloads; the wrapper forwards whatever it is given.
  const spawnSync = (...params: Parameters<typeof original>) => {
    const [command, args, options] = params as [string, readonly string[] | undefined, { cwd?: string }];
    return listening(command, Array.isArray(args) ? args : undefined, options) ?? original(...params);
  };
  childProcess.spawnSync = spawnSync as typeof original;
  try {
    const { app, stack } = buildStilleApp({ nag: false, outdir });
    const template = app.synth().getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, { Properties?: { Environment?: { Variables?: Record<string, unknown> } } }>;
    };
    const functions = stack.node
      .findAll()
      .filter((construct): construct is CommsFunction => construct instanceof CommsFunction);
    if (captured.length === 0) {
      throw new Error(
        'CDK ran no esbuild command: bundling was skipped, or aws-cdk-lib no longer bundles with child_process.spawnSync',
      );
    }
    return functions.map((fn) => {
      const cfn = fn.function.node.defaultChild as CfnFunction;
      const logicalId = stack.resolve(cfn.logicalId) as string;
      const entryPath = resolve(REPO_ROOT, fn.entry);
      const command = captured.find((c) => resolve(c.cwd, c.args[1] ?? '') === entryPath);
      if (!command) throw new Error(`No esbuild command was captured for ${fn.node.path} (${fn.entry})`);
      const variables = template.Resources[logicalId]?.Properties?.Environment?.Variables ?? {};
      const environment = Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      return {
        path: fn.node.path,
        logicalId,
        entry: relative(REPO_ROOT, entryPath),
        memorySizeMb: typeof cfn.memorySize === 'number' ? cfn.memorySize : 128,
        environment,
        esbuildArgs: command.args,
        cwd: command.cwd,
      };
    });
  } finally {
    childProcess.spawnSync = original;
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `esbuildArgs` with the output written to `outfile` (and its directory) instead of CDK's staging directory. */
export function withOutfile(esbuildArgs: readonly string[], outfile: string): string[] {
  const args = esbuildArgs.filter((arg) => !arg.startsWith(OUTFILE));
  return [...args, `${OUTFILE}${outfile}`];
}
