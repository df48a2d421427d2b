import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStilleApp } from '#infra/stille-app.ts';
import type { StilleStack } from '#infra/stille-stack.ts';
import { SKIP_BUNDLING } from './synth.ts';

/** The part of CDK's validation-report.json (written next to the templates) the tests read. */
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: 'success' | 'failure';
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

const NAG_PACKS = ['AwsSolutions', 'Serverless'];
const outdirs: string[] = [];

/** Synthesizes the app with cdk-nag on, into its own directory; returns the report and what synth threw. */
function synthWithNag(plant?: (stack: StilleStack) => void): {
  app: App;
  stack: StilleStack;
  report: ValidationReport;
  error: unknown;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'stille-nag-'));
  outdirs.push(outdir);
  const { app, stack } = buildStilleApp({ nag: true, context: SKIP_BUNDLING, outdir });
  plant?.(stack);
  let error: unknown;
  try {
    // Under NODE_ENV=test CDK synthesizes "in memory" and throws when a validation plugin reports a
    // failure; cdk-nag does for any unacknowledged finding. The report file is read as well.
    app.synth();
  } catch (thrown) {
    error = thrown;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return { app, stack, report, error };
}

/** `severity ruleName @ path` of every finding of the cdk-nag packs. */
function nagFindings(report: ValidationReport): string[] {
  return report.pluginReports
    .filter((plugin) => NAG_PACKS.includes(plugin.pluginName))
    .flatMap((plugin) =>
      plugin.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} @ ${c.constructPath}`),
      ),
    );
}

/** Every acknowledgment in the tree: where, which rule, why. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  const found: { path: string; id: string; reason: unknown }[] = [];
  const visit = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found;
}

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  const clean = synthWithNag();

  it('finds nothing unacknowledged in the stille app: synthesis passes and the report is empty', () => {
    expect(clean.error).toBeUndefined();
    expect(nagFindings(clean.report)).toEqual([]);
    expect(clean.report.pluginReports.every((plugin) => plugin.violations.length === 0)).toBe(true);
  });

  it('leaves no CDK warning or error annotation either', () => {
    const annotations = Annotations.fromStack(clean.stack);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('gives every acknowledgment a concrete reason, on a resource-level construct', () => {
    const acks = acknowledgments(clean.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^(AwsSolutions|Serverless)-/);
      expect(
        typeof ack.reason === 'string' ? ack.reason.trim().length : 0,
        `${ack.id} at ${ack.path}`,
      ).toBeGreaterThan(40);
      // No blanket acknowledgment on the app or the whole stack.
      expect(ack.path.split('/').length, `${ack.id} at ${ack.path}`).toBeGreaterThan(1);
    }
  });

  it('fails synthesis on an error-level finding, naming the rule (so a clean run means something)', () => {
    const planted = synthWithNag((stack) => {
      new Queue(stack, 'PlantedPlainQueue', { encryption: QueueEncryption.UNENCRYPTED });
    });
    expect(String(planted.error)).toMatch(/AwsSolutions-SQS4/);
    expect(nagFindings(planted.report)).toContain(
      'error AwsSolutions-SQS4 @ Stille/PlantedPlainQueue/Resource',
    );
  });

  it('fails synthesis on a warning-level finding too (cdk-nag marks its report failed for any finding)', () => {
    const planted = synthWithNag((stack) => {
      new LogGroup(stack, 'PlantedForeverLogs', { retention: RetentionDays.INFINITE });
    });
    expect(String(planted.error)).toMatch(/Serverless-CloudWatchLogGroupRetentionPeriod/);
    expect(nagFindings(planted.report)).toContain(
      'warning Serverless-CloudWatchLogGroupRetentionPeriod @ Stille/PlantedForeverLogs/Resource',
    );
  });
});
