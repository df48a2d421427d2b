import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '#domain/metrics/names.ts';
import { XRAY_REASON } from '#workflows/fragments/nag.ts';

/** The repository root: function entries are resolved against it, so synth works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The SDK's default credential chain, which every client's runtime configuration imports. */
const CREDENTIAL_CHAIN_PACKAGE = '@aws-sdk/credential-provider-node';
/** What a Lambda bundle gets in its place, relative to the repository root (where esbuild runs). */
const LAMBDA_CREDENTIALS_ENTRY = 'functions/adapters/clients/lambda-credentials.ts';

/** Log levels Powertools Logger understands. */
export type PowertoolsLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Who invokes a function synchronously: a workflow task, or an HTTP API route. */
export type SynchronousInvoker = 'step-functions' | 'http-api';

/** Who invokes a function: synchronously, or SNS (asynchronously, with a dead-letter queue). */
export type Invoker = SynchronousInvoker | 'sns';

const INVOKER_TEXT: Readonly<Record<SynchronousInvoker, { by: string; failure: string }>> = {
  'step-functions': {
    by: 'Step Functions (lambda:invoke)',
    failure: "a failed invocation is returned to the workflow's Retry/Catch",
  },
  'http-api': {
    by: 'API Gateway (HTTP API Lambda proxy integration)',
    failure: 'a failed invocation is answered to the caller with an error status and logged',
  },
};

/** Properties of a {@link CommsFunction}. */
export interface CommsFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/handlers/ingest-event.ts`; it exports `handler`. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** Environment variables besides the Powertools and Node settings (table names etc., see `config.ts`). */
  readonly environment?: Record<string, string>;
  /** Memory in MB (CPU scales with it). @default 512 */
  readonly memorySize?: number;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** Reserved concurrency, to cap what the function can do to its dependencies. @default unreserved */
  readonly reservedConcurrency?: number;
  /** `POWERTOOLS_LOG_LEVEL`. @default 'INFO' */
  readonly logLevel?: PowertoolsLogLevel;
  /** Retention of the function's log group. @default one month */
  readonly logRetention?: RetentionDays;
  /**
   * Who invokes the function. `sns`: a topic subscription, asynchronously; the function then gets a
   * dead-letter queue for invocations that failed every retry. @default 'step-functions'
   */
  readonly invokedBy?: Invoker;
}

/**
 * A stille Lambda function: Node.js 24 on arm64, bundled locally by esbuild into one minified ESM
 * file with source maps, X-Ray tracing, Powertools settings from the environment, its own log group
 * with a retention, and its own role (which starts with nothing but writing to that log group).
 *
 * It is invoked synchronously, by Step Functions (`lambda:invoke`: a failure goes back to the
 * workflow's Retry/Catch) or by an HTTP API route (the caller gets the error), which is why it has no
 * asynchronous DLQ or failure destination.
 *
 * The embedded runtime walks the construct tree for instances of this class and reads {@link entry}
 * and the logical ID of `function.node.defaultChild`.
 */
export class CommsFunction extends Construct {
  /** The handler file as given, relative to the repository root. */
  readonly entry: string;
  /** The Lambda function. */
  readonly function: NodejsFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;
  /** The function's execution role. */
  readonly role: Role;
  /** Where asynchronous invocations that failed every retry go (`invokedBy: 'sns'` only). */
  readonly deadLetterQueue: Queue | undefined;

  constructor(scope: Construct, id: string, props: CommsFunctionProps) {
    super(scope, id);
    this.entry = props.entry;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // The group holds nothing but this function's logs, which are bounded by the retention anyway.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of the default one, which would carry the AWS managed
    // AWSLambdaBasicExecutionRole policy (logs:* on every log group of the account).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    this.logGroup.grantWrite(this.role);

    this.deadLetterQueue =
      props.invokedBy === 'sns'
        ? new Queue(this, 'DeadLetters', {
            encryption: QueueEncryption.SQS_MANAGED,
            enforceSSL: true,
            retentionPeriod: Duration.days(14),
          })
        : undefined;
    if (this.deadLetterQueue) {
      Validations.of(this.deadLetterQueue).acknowledge(
        {
          id: 'AwsSolutions-SQS3',
          reason: `This queue is the dead-letter queue of ${id}; it has no DLQ of its own.`,
        },
        {
          id: 'Serverless-SQSRedrivePolicy',
          reason: `This queue is the dead-letter queue of ${id}; ops inspect and redrive it (docs/operations.md).`,
        },
      );
    }

    // 'Default' makes the function the default child and keeps this level out of its logical ID.
    this.function = new NodejsFunction(this, 'Default', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: METRIC_SERVICE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // The namespace the dashboard and the delivery-failed alarm read (functions/domain/metrics/names.ts).
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into ESM still call require(); give them one.
        banner:
          "import { createRequire as __stilleCreateRequire } from 'node:module'; const require = __stilleCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Workflows catch and retry errors by name; keep class and function names through minification.
        keepNames: true,
        // Nothing is external, not even @aws-sdk/*: the SDK the runtime ships is a version we never
        // tested against and changes under us, while the bundled clients are the ones the tests ran,
        // tree-shaken and loaded from one file (which also starts faster than the runtime's copy).
        externalModules: [],
        // Lambda gives the execution role's credentials in the environment: the bundle carries the SDK's
        // environment provider instead of the whole default chain (functions/adapters/clients/lambda-credentials.ts).
        esbuildArgs: { '--alias': `${CREDENTIAL_CHAIN_PACKAGE}=./${LAMBDA_CREDENTIALS_ENTRY}` },
      },
    });

    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_REASON });
    if (props.invokedBy === 'sns') {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: `Invoked asynchronously by an SNS subscription; an invocation that fails every retry goes to the function's dead-letter queue (${id}/DeadLetters), which is alarmed.`,
      });
      return;
    }
    const invoker = INVOKER_TEXT[props.invokedBy ?? 'step-functions'];
    Validations.of(this.function).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked synchronously by ${invoker.by}; ${invoker.failure}, an asynchronous dead-letter queue would never receive anything.`,
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: `Invoked synchronously by ${invoker.by}, never asynchronously; ${invoker.failure}, so an asynchronous failure destination would never be used.`,
      },
    );
  }
}
