import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { StilleStack } from './stille-stack.ts';

/** Options of {@link buildStilleApp}. */
export interface StilleAppOptions {
  /** Run the cdk-nag AwsSolutions and Serverless packs at synthesis. @default true */
  nag?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation at synthesis. @default true
   * The embedded runtime turns it off: it costs seconds per start and `cdk synth` and the infra
   * tests run it anyway.
   */
  cloudFormationValidation?: boolean;
  /** Context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling. */
  context?: Record<string, unknown>;
  /** Cloud assembly directory. @default the CLI's, or a temporary directory */
  outdir?: string;
  /** Stack environment. @default account unset, region from `CDK_DEFAULT_REGION` or unset */
  env?: { account?: string; region?: string };
}

/**
 * Feature flags the app is synthesized with, here rather than in cdk.json so that `cdk synth` and
 * in-process synthesis (tests, the embedded runtime) give the same template.
 */
export const FEATURE_FLAGS: Record<string, unknown> = {
  // Merge IAM statements with the same actions or resources: smaller policies, same permissions.
  '@aws-cdk/aws-iam:minimizePolicies': true,
};

/** Builds the stille CDK app: one stack, `Stille`, checked by cdk-nag unless `nag` is false. */
export function buildStilleApp(options: StilleAppOptions = {}): { app: App; stack: StilleStack } {
  const app = new App({
    context: { ...FEATURE_FLAGS, ...options.context },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const region = options.env?.region ?? process.env.CDK_DEFAULT_REGION;
  const account = options.env?.account;
  const stack = new StilleStack(app, 'Stille', {
    env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
  });
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return { app, stack };
}
