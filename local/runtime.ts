import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { type Deps, depsFromEnv } from '../functions/adapters/deps.ts';
import type { ExecutionCounts } from '../functions/domain/contracts/index.ts';
import type { HandlerFactory } from '../functions/handlers/lambda-entry.ts';
import { resolvedString, resolveIntrinsics } from './cfn/intrinsics.ts';
import { LOCAL_ACCOUNT, PhysicalNames } from './cfn/physical-names.ts';
import { type CloudFormationTemplate, resourcesOfType } from './cfn/template.ts';
import { SimulatedClock } from './clock.ts';
import { type EventEnvelope, LocalEventBus, type PutEventEntry } from './eventbridge/local-event-bus.ts';
import { LocalLambda } from './lambda/local-lambda.ts';
import {
  createRandom,
  createTablesFromTemplate,
  type FaultOptions,
  type LocalServices,
  localClientConfig,
  localS3ClientConfig,
  startLocalServices,
} from './services/index.ts';
import { type ExecutionRecord, LocalStepFunctions } from './stepfunctions/local-step-functions.ts';
import type { AslDefinition } from './stepfunctions/prepare.ts';
import { synthesizeStille } from './synth.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');

export type LogLevel = 'SILENT' | 'CRITICAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';

export interface LocalRuntimeOptions {
  /** Where the simulated clock starts. */
  start: string | Date;
  faults?: { email?: FaultOptions; sms?: FaultOptions; lambda?: { throttleRate?: number } };
  /** Seed of every fault-injection random generator. */
  seed?: number;
  /** Log level of the handlers' Powertools logger; SILENT by default. */
  logLevel?: LogLevel;
  /** Keep DynamoDB and S3 data on disk here instead of in memory. */
  dataDir?: string;
  /** Executions running at once (sleeping ones do not count). */
  maxRunningExecutions?: number;
  /** Keep a record of each top-level execution (states passed, output). Default true. */
  recordExecutions?: boolean;
}

/** What a `PutEvents` entry started. */
export interface PutEventResult {
  event: EventEnvelope;
  matchedRules: string[];
  executions: Array<{ executionArn: string; done: Promise<ExecutionRecord> }>;
}

/**
 * The embedded runtime: the synthesized Stille app running on this machine. Tables come from the
 * template's table resources (dynalite), state machines run their synthesized ASL, Lambda tasks call
 * the handler modules the construct tree names, events follow the template's rules, and time is
 * simulated.
 */
export class LocalRuntime {
  readonly clock: SimulatedClock;
  readonly lambda: LocalLambda;
  readonly stepFunctions: LocalStepFunctions;
  readonly bus: LocalEventBus<PutEventResult['executions'][number]>;
  readonly services: LocalServices;
  readonly template: CloudFormationTemplate;
  readonly names: PhysicalNames;
  /** Dependencies as a handler would get them (local clients, table names, simulated clock). */
  readonly deps: Deps;
  /** The union of every function's environment variables, resolved to local names. */
  readonly environment: Readonly<Record<string, string>>;
  readonly s3: S3Client;
  private readonly dynamodb: DynamoDBClient;
  private closed = false;

  private constructor(parts: {
    clock: SimulatedClock;
    lambda: LocalLambda;
    stepFunctions: LocalStepFunctions;
    bus: LocalEventBus<PutEventResult['executions'][number]>;
    services: LocalServices;
    template: CloudFormationTemplate;
    names: PhysicalNames;
    deps: Deps;
    environment: Record<string, string>;
    s3: S3Client;
    dynamodb: DynamoDBClient;
  }) {
    this.clock = parts.clock;
    this.lambda = parts.lambda;
    this.stepFunctions = parts.stepFunctions;
    this.bus = parts.bus;
    this.services = parts.services;
    this.template = parts.template;
    this.names = parts.names;
    this.deps = parts.deps;
    this.environment = parts.environment;
    this.s3 = parts.s3;
    this.dynamodb = parts.dynamodb;
  }

  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const { template, functions } = synthesizeStille();
    const clock = new SimulatedClock(options.start);
    const seed = options.seed ?? 1;
    const services = await startLocalServices({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      faults: {
        ...(options.faults?.email ? { email: options.faults.email } : {}),
        ...(options.faults?.sms ? { sms: options.faults.sms } : {}),
      },
      seed,
      now: () => clock.now(),
    });
    try {
      const { endpoints } = services;
      const dynamodb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
      const tableNames = await createTablesFromTemplate(dynamodb, template);
      const names = new PhysicalNames(template, { region: endpoints.region, tableNames });
      const s3 = new S3Client(localS3ClientConfig(endpoints.s3));
      const logger = new Logger({ serviceName: 'stille', logLevel: options.logLevel ?? 'SILENT' });
      const overrides = { clock, logger, endpoints };

      const lambda = new LocalLambda({
        throttleRate: options.faults?.lambda?.throttleRate ?? 0,
        random: createRandom(seed + 2),
      });
      for (const fn of functions) {
        const resource = template.Resources[fn.logicalId];
        const props = (resource?.Properties ?? {}) as {
          Environment?: { Variables?: unknown };
          Timeout?: number;
          MemorySize?: number;
        };
        const env = resolveIntrinsics(props.Environment?.Variables ?? {}, names, {
          path: `Resources.${fn.logicalId}.Properties.Environment.Variables`,
        }) as Record<string, string>;
        const module = (await import(pathToFileURL(resolve(REPO_ROOT, fn.entry)).href)) as {
          createHandler?: HandlerFactory<unknown, unknown>;
        };
        if (typeof module.createHandler !== 'function') {
          throw new Error(`${fn.entry} (function ${fn.logicalId}) does not export createHandler(deps)`);
        }
        lambda.register({
          logicalId: fn.logicalId,
          entry: fn.entry,
          functionName: names.name(fn.logicalId),
          arn: names.arn(fn.logicalId),
          timeoutSeconds: props.Timeout ?? 3,
          memorySizeMb: props.MemorySize ?? 128,
          handler: module.createHandler(depsFromEnv(env, overrides)),
        });
      }

      const stepFunctions = new LocalStepFunctions({
        lambda,
        clock,
        s3,
        ...(options.maxRunningExecutions ? { maxRunningExecutions: options.maxRunningExecutions } : {}),
        ...(options.recordExecutions === false ? { recordExecutions: false } : {}),
      });
      for (const [logicalId, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine')) {
        const props = resource.Properties ?? {};
        stepFunctions.register({
          logicalId,
          name: names.name(logicalId),
          arn: names.arn(logicalId),
          type: props.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
          definition: definitionOf(logicalId, props, names),
        });
      }

      const buses = resourcesOfType(template, 'AWS::Events::EventBus');
      const defaultBus = buses.length === 1 && buses[0] ? names.name(buses[0][0]) : 'default';
      const bus = new LocalEventBus<PutEventResult['executions'][number]>({
        rules: LocalEventBus.rulesFromTemplate(template, names),
        defaultBus,
        account: LOCAL_ACCOUNT,
        region: endpoints.region,
        deliver: (target, input) => {
          if (target.arn.includes(':states:')) return stepFunctions.start(target.arn, input);
          throw new Error(
            `Rule target ${target.id} (${target.arn}) is not a state machine; only those run locally`,
          );
        },
      });
      const environment = sharedEnvironment(template, names);
      const deps = depsFromEnv(environment, overrides);
      return new LocalRuntime({
        clock,
        lambda,
        stepFunctions,
        bus,
        services,
        template,
        names,
        deps,
        environment,
        s3,
        dynamodb,
      });
    } catch (error) {
      await services.close();
      throw error;
    }
  }

  /** `PutEvents` of one entry on the app's bus: the matching rules start their targets now. */
  putEvent(entry: PutEventEntry): PutEventResult {
    const { event, matchedRules, deliveries } = this.bus.put(entry, this.clock.now());
    return { event, matchedRules, executions: deliveries };
  }

  /** What AWS would bill, counted so far. */
  counts(): ExecutionCounts {
    const sfn = this.stepFunctions.counters;
    return {
      started: sfn.started,
      succeeded: sfn.succeeded,
      failed: sfn.failed,
      standardTransitions: sfn.standardTransitions,
      expressExecutions: sfn.expressExecutions,
      lambdaInvocations: this.lambda.counters.invocations,
    };
  }

  /**
   * Runs the simulated clock to `until`: whenever nothing is running, it jumps to the next due Wait
   * (or to `until`), waking sleepers in order. `beforeEach(at)` may start work due at `at` first.
   */
  async runUntil(
    until: number,
    nextWorkAt?: () => number | undefined,
    startWork?: (at: number) => void,
  ): Promise<void> {
    await this.clock.whenIdle();
    for (;;) {
      const timerAt = this.clock.nextTimerAt();
      const workAt = nextWorkAt?.();
      const candidates = [timerAt, workAt].filter((t): t is number => t !== undefined && t <= until);
      if (candidates.length === 0) break;
      const at = Math.min(...candidates);
      this.clock.advanceTo(at);
      // Work due now starts before sleepers due now wake: an event at 08:00 is seen by a wait ending at 08:00.
      if (workAt === at) startWork?.(at);
      if (timerAt === at) this.clock.fireTimersUntil(at);
      await this.clock.whenIdle();
    }
    this.clock.advanceTo(until);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dynamodb.destroy();
    this.s3.destroy();
    this.deps.ddb.destroy();
    await this.services.close();
  }
}

function definitionOf(
  logicalId: string,
  props: Record<string, unknown>,
  names: PhysicalNames,
): AslDefinition {
  const path = `Resources.${logicalId}.Properties`;
  let text =
    props.DefinitionString !== undefined
      ? resolvedString(props.DefinitionString, names, { path: `${path}.DefinitionString` })
      : JSON.stringify(resolveIntrinsics(props.Definition, names, { path: `${path}.Definition` }));
  const substitutions = resolveIntrinsics(props.DefinitionSubstitutions ?? {}, names, {
    path: `${path}.DefinitionSubstitutions`,
  }) as Record<string, unknown>;
  for (const [key, value] of Object.entries(substitutions)) {
    text = text.replaceAll(`\${${key}}`, String(value));
  }
  return JSON.parse(text) as AslDefinition;
}

/** The union of every function's environment: what the runtime itself needs to read the tables. */
function sharedEnvironment(template: CloudFormationTemplate, names: PhysicalNames): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const variables = (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables;
    Object.assign(env, resolveIntrinsics(variables ?? {}, names, { path: `Resources.${logicalId}` }));
  }
  return env;
}
