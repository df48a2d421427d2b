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
  /**
   * Stack environment. @default what the user pinned: the `stille:region` / `stille:account` context,
   * or `STILLE_REGION` / `STILLE_ACCOUNT` in the environment; else unset (an environment-agnostic
   * template, which deploys to whatever account and region the deploying credentials name)
   */
  env?: { account?: string; region?: string };
}

/** Context key pinning the stack's region (`cdk deploy -c stille:region=eu-north-1`). @default unset */
export const REGION_CONTEXT = 'stille:region';
/** Context key pinning the stack's account. @default unset */
export const ACCOUNT_CONTEXT = 'stille:account';
/** Environment variable pinning the stack's region, when the context does not. */
export const REGION_ENV = 'STILLE_REGION';
/** Environment variable pinning the stack's account, when the context does not. */
export const ACCOUNT_ENV = 'STILLE_ACCOUNT';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

/**
 * The environment the user pinned, and only that. `CDK_DEFAULT_REGION` / `CDK_DEFAULT_ACCOUNT` are not
 * read: the CDK CLI always sets them (from the profile, or `us-east-1`), and a template with them
 * written in breaks, unnoticed, when deployed elsewhere (ARNs in policies, the link endpoints).
 */
export function pinnedEnvironment(
  app: App,
  options: StilleAppOptions,
): { account?: string; region?: string } {
  const pick = (given: string | undefined, contextKey: string, envName: string, shape: RegExp) => {
    const fromContext: unknown = app.node.tryGetContext(contextKey);
    const value =
      given ?? (typeof fromContext === 'string' ? fromContext : undefined) ?? process.env[envName];
    if (value === undefined || value === '') return undefined;
    if (!shape.test(value))
      throw new Error(`${contextKey} / ${envName}: not a valid value: ${value.slice(0, 40)}`);
    return value;
  };
  const region = pick(options.env?.region, REGION_CONTEXT, REGION_ENV, REGION);
  const account = pick(options.env?.account, ACCOUNT_CONTEXT, ACCOUNT_ENV, ACCOUNT);
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
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
  const stack = new StilleStack(app, 'Stille', { env: pinnedEnvironment(app, options) });
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return { app, stack };
}
