import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CommsFunction } from '#infra/comms-function.ts';
import { buildStilleApp } from '#infra/stille-app.ts';
import type { CloudFormationTemplate } from './cfn/template.ts';

/** A function of the app as the construct tree describes it. */
export interface AppFunction {
  logicalId: string;
  /** Repo-relative handler module, e.g. `functions/handlers/ingest-event.ts`. */
  entry: string;
}

/** The synthesized Stille stack, and what only the construct tree knows about it. */
export interface SynthesizedStille {
  template: CloudFormationTemplate;
  functions: AppFunction[];
  /** The construct path of each resource below the stack (`Alerts/OpsTopic`), by logical ID. */
  paths?: ReadonlyMap<string, string>;
}

let cached: SynthesizedStille | undefined;

/**
 * Synthesizes the CDK app in-process, exactly as `cdk synth` does but without bundling the functions
 * (the embedded runtime runs the handler sources), without cdk-nag and CDK's template validation
 * (both run on `cdk synth` and in the infra tests: here they would only slow every start). The result is cached: the app is the same for every run in this process.
 */
export function synthesizeStille(): SynthesizedStille {
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), 'stille-synth-'));
  try {
    const { app, stack } = buildStilleApp({
      nag: false,
      cloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
      outdir,
    });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as CloudFormationTemplate;
    const functions = stack.node
      .findAll()
      .filter((construct): construct is CommsFunction => construct instanceof CommsFunction)
      .map((fn) => ({
        logicalId: stack.resolve((fn.function.node.defaultChild as CfnFunction).logicalId) as string,
        entry: fn.entry,
      }));
    const paths = new Map<string, string>();
    for (const element of stack.node.findAll().filter(CfnElement.isCfnElement)) {
      const parts = element.node.path.split('/').slice(1);
      // `Alerts/OpsTopic/Resource` → `Alerts/OpsTopic`: the L2 construct the resource belongs to.
      if (parts.at(-1) === 'Resource') parts.pop();
      paths.set(stack.resolve(element.logicalId) as string, parts.join('/'));
    }
    cached = { template, functions, paths };
    return cached;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
