import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { depsFromEnv } from '#adapters/clients/all.ts';
import type { LocalEndpoints } from '#adapters/clients/context.ts';
import { type ClientFactories, type Deps, depsWith } from '#adapters/deps.ts';
import { createLogger } from '#adapters/logger.ts';
import { type RecordedMetric, recordingMetrics } from '#adapters/metrics.ts';
import { TEAMS } from '#domain/alerts/teams.ts';
import { ALERT_DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { Alert, ExecutionCounts } from '#domain/contracts/index.ts';
import type { EntryPointModule } from '#handlers/common/lambda-entry.ts';
import { topicId } from '#infra/alert-topics.ts';
import { resolvedString, resolveIntrinsics } from './cfn/intrinsics.ts';
import { LOCAL_ACCOUNT, PhysicalNames } from './cfn/physical-names.ts';
import { type CloudFormationTemplate, resourcesOfType } from './cfn/template.ts';
import { SimulatedClock } from './clock.ts';
import { BusPolicies } from './eventbridge/bus-policy.ts';
import type { EventLog } from './eventbridge/event-log.ts';
import {
  DEFAULT_BUS,
  type EventEnvelope,
  LocalEventBus,
  type PutEventEntry,
  PutEventRefusedError,
  type RuleTarget,
  UnsupportedRuleError,
} from './eventbridge/local-event-bus.ts';
import type { PutEventsResponse } from './eventbridge/put-events.ts';
import { LocalLambda } from './lambda/local-lambda.ts';
import { inProcessRequestHandler } from './services/in-process.ts';
import {
  createRandom,
  createTablesFromTemplate,
  ensureBucket,
  type FaultOptions,
  httpApisFromTemplate,
  type LocalEventBridge,
  type LocalHttpApi,
  type LocalSecret,
  type LocalSecretsManager,
  type LocalServices,
  localClientConfig,
  localS3ClientConfig,
  type SentEmail,
  secretsFromTemplate,
  sesEventDestinationsFromTemplate,
  sesEventsFor,
  startEventBridge,
  startHttpApi,
  startLocalServices,
  startSecretsManager,
} from './services/index.ts';
import { localSigner } from './services/local-signer.ts';
import { type LocalScheduler, startScheduler } from './services/scheduler.ts';
import { type LocalSns, type PublishedMessage, snsFromTemplate, startSns } from './services/sns.ts';
import { type ExecutionRecord, LocalStepFunctions } from './stepfunctions/local-step-functions.ts';
import type { AslDefinition } from './stepfunctions/prepare.ts';
import { type SynthesizedStille, synthesizeStille } from './synth.ts';

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
  /**
   * How the SDK clients reach the local services: `in-process` (the default) hands each request to the
   * service's request listener in this process, with no socket; `http` goes over loopback as a remote
   * client would. Both run the real clients' middleware, signing and parsing.
   */
  transport?: 'in-process' | 'http';
  /** Keep a record of each top-level execution (states passed, output). Default true. */
  recordExecutions?: boolean;
  /**
   * Whether the local SES keeps the bodies of the emails it accepts (default true). Benchmarks of 100,000
   * messages pass false: the ledger holds every body already.
   */
  keepEmailBodies?: boolean;
  /**
   * Run this template and these functions instead of the synthesized Stille app (tests of the runtime
   * itself run hand-made templates this way). Function entries are relative to the repository root.
   */
  app?: SynthesizedStille;
}

/** What a rule target started for one event: a state machine execution or an asynchronous invocation. */
export type RuleDelivery =
  | { kind: 'execution'; target: string; executionArn: string; done: Promise<ExecutionRecord> }
  | { kind: 'publication'; target: string; topicArn: string; published: PublishedMessage }
  | { kind: 'invocation'; target: string; functionName: string; done: Promise<AsyncInvocationOutcome> };

/** How an asynchronous invocation by a rule ended, after Lambda's retries. */
export interface AsyncInvocationOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  attempts: number;
  error?: { Error: string; Cause: string };
}

/** Where an alert went: the topic a rule published it to, and that topic's subscribers. */
export interface AlertRoute {
  /** The team of the topic (`ops`, `billing`, `support`, `crm`), from its construct path. */
  team?: string;
  /** The topic's construct path in the app (`Alerts/OpsTopic`), or its name. */
  topic: string;
  /** Each subscription as `protocol:endpoint` (`email:ops@example.no`, `lambda:…`). */
  subscribers: string[];
}

/** A rule target that could not take an event (its function failed every attempt, its start threw). */
export interface DeliveryFailure {
  at: string;
  rule: string;
  target: string;
  eventId: string;
  detailType: string;
  error: string;
  cause: string;
}

/** What a `PutEvents` entry started. */
export interface PutEventResult {
  event: EventEnvelope;
  matchedRules: string[];
  executions: Array<{ executionArn: string; done: Promise<ExecutionRecord> }>;
  /** Functions the matching rules invoke asynchronously. */
  invocations: Array<{ functionName: string; done: Promise<AsyncInvocationOutcome> }>;
}

/** Lambda retries a failed asynchronous invocation twice (its default `MaximumRetryAttempts`). */
const ASYNC_INVOKE_RETRIES = 2;
/** The largest result of a synchronous invocation (6 MB), for HTTP API integrations. */
const SYNC_RESULT_LIMIT_BYTES = 6 * 1024 * 1024;
/** Delivery failures kept for the report; later ones are only counted. */
const MAX_DELIVERY_FAILURES = 10_000;

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
  readonly bus: LocalEventBus<RuleDelivery>;
  readonly services: LocalServices;
  /** The local EventBridge endpoint (`PutEvents`) the handlers' `EventBridgeClient` uses. */
  readonly eventBridge: LocalEventBridge;
  /** The local Secrets Manager (`GetSecretValue`) with the template's secrets. */
  readonly secretsManager: LocalSecretsManager;
  /** The template's secrets and the values they got in this run. */
  readonly secrets: readonly LocalSecret[];
  /** The template's HTTP APIs, each on its own local port. */
  readonly httpApis: readonly LocalHttpApi[];
  /** The business metrics the handlers recorded (EMF on AWS), in order. */
  readonly metrics: readonly RecordedMetric[];
  /** The local SNS: the template's topics and subscriptions (alerts, alarms, inbound SMS). */
  readonly sns: LocalSns;
  /** The construct path of each resource (`Alerts/OpsTopic`), by logical ID, when the app is stille's. */
  readonly paths: ReadonlyMap<string, string>;
  /** The local EventBridge Scheduler (campaign schedules), firing on the simulated clock. */
  readonly scheduler: LocalScheduler;
  /** Every endpoint the handlers' clients use. */
  readonly endpoints: Readonly<LocalEndpoints> & { region: string };
  /** Rule targets that could not take an event, bounded; `deliveryFailuresDropped` counts the rest. */
  readonly deliveryFailures: DeliveryFailure[];
  readonly template: CloudFormationTemplate;
  readonly names: PhysicalNames;
  /** Dependencies as a handler would get them (local clients, table names, simulated clock). */
  readonly deps: Deps;
  /** The union of every function's environment variables, resolved to local names. */
  readonly environment: Readonly<Record<string, string>>;
  readonly s3: S3Client;
  private readonly dynamodb: DynamoDBClient;
  private readonly closeExtras: () => Promise<void>;
  private readonly alertRoutes: ReadonlyMap<string, AlertRoute[]>;
  private closed = false;

  private constructor(parts: {
    clock: SimulatedClock;
    lambda: LocalLambda;
    stepFunctions: LocalStepFunctions;
    bus: LocalEventBus<RuleDelivery>;
    services: LocalServices;
    eventBridge: LocalEventBridge;
    secretsManager: LocalSecretsManager;
    secrets: LocalSecret[];
    httpApis: LocalHttpApi[];
    sns: LocalSns;
    metrics: readonly RecordedMetric[];
    paths: ReadonlyMap<string, string>;
    alertRoutes: ReadonlyMap<string, AlertRoute[]>;
    scheduler: LocalScheduler;
    endpoints: LocalEndpoints & { region: string };
    deliveryFailures: DeliveryFailure[];
    template: CloudFormationTemplate;
    names: PhysicalNames;
    deps: Deps;
    environment: Record<string, string>;
    s3: S3Client;
    dynamodb: DynamoDBClient;
    closeExtras: () => Promise<void>;
  }) {
    this.clock = parts.clock;
    this.lambda = parts.lambda;
    this.stepFunctions = parts.stepFunctions;
    this.bus = parts.bus;
    this.services = parts.services;
    this.eventBridge = parts.eventBridge;
    this.secretsManager = parts.secretsManager;
    this.secrets = parts.secrets;
    this.httpApis = parts.httpApis;
    this.sns = parts.sns;
    this.metrics = parts.metrics;
    this.paths = parts.paths;
    this.alertRoutes = parts.alertRoutes;
    this.scheduler = parts.scheduler;
    this.endpoints = parts.endpoints;
    this.deliveryFailures = parts.deliveryFailures;
    this.closeExtras = parts.closeExtras;
    this.template = parts.template;
    this.names = parts.names;
    this.deps = parts.deps;
    this.environment = parts.environment;
    this.s3 = parts.s3;
    this.dynamodb = parts.dynamodb;
  }

  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const { template, functions, paths } = options.app ?? synthesizeStille();
    const clock = new SimulatedClock(options.start);
    const seed = options.seed ?? 1;
    // SES publishes events for the emails it accepts; the bus that takes them exists only later.
    let onEmailAccepted: (email: SentEmail) => void = () => undefined;
    const services = await startLocalServices({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      faults: {
        ...(options.faults?.email ? { email: options.faults.email } : {}),
        ...(options.faults?.sms ? { sms: options.faults.sms } : {}),
      },
      seed,
      now: () => clock.now(),
      onEmailAccepted: (email) => onEmailAccepted(email),
      ...(options.keepEmailBodies === false ? { keepEmailBodies: false } : {}),
    });
    const extras: Array<{ close(): Promise<void> }> = [];
    const closeExtras = async () => {
      await Promise.allSettled(extras.map((service) => service.close()));
    };
    try {
      const region = services.endpoints.region;
      const requestHandler = options.transport === 'http' ? undefined : inProcessRequestHandler;
      const viaTransport = requestHandler ? { requestHandler } : {};
      const dynamodb = new DynamoDBClient({
        ...localClientConfig(services.endpoints.dynamodb),
        ...viaTransport,
      });
      // Requests may reach the EventBridge endpoint only once the runtime runs; by then the bus exists.
      let busRef: LocalEventBus<RuleDelivery> | undefined;
      const routeOnBus = (): LocalEventBus<RuleDelivery> => {
        if (!busRef) throw new Error('The local event bus is not ready yet');
        return busRef;
      };
      const [tableNames, eventBridge] = await Promise.all([
        createTablesFromTemplate(dynamodb, template),
        startEventBridge({ putEvents: (entries) => routeOnBus().putEvents(entries, clock.now()).response }),
      ]);
      extras.push(eventBridge);
      const apiEndpoints = new Map<string, string>();
      const names = new PhysicalNames(template, { region, tableNames, apiEndpoints });
      const s3 = new S3Client({ ...localS3ClientConfig(services.endpoints.s3), ...viaTransport });
      // The template's buckets, as cdk deploy creates them: functions write to them (price-change lists).
      await Promise.all(
        resourcesOfType(template, 'AWS::S3::Bucket').map(([logicalId]) =>
          ensureBucket(s3, names.name(logicalId)),
        ),
      );
      const logger = createLogger({ serviceName: 'stille', logLevel: options.logLevel ?? 'SILENT' });
      // EMF lines would go to stdout, which is the report's: the business numbers are kept in memory.
      const metrics = recordingMetrics();

      const lambda = new LocalLambda({
        throttleRate: options.faults?.lambda?.throttleRate ?? 0,
        random: createRandom(seed + 2),
      });
      const secrets = secretsFromTemplate(template, names, { seed: seed + 3, now: clock.nowMs() });
      // Schedules fire only once the runtime runs; by then the state machines exist.
      let stepFunctionsRef: LocalStepFunctions | undefined;
      const scheduleFailures: Array<{ target: string; error: string }> = [];
      const [secretsManager, httpApis, scheduler] = await Promise.all([
        startSecretsManager({ secrets }),
        Promise.all(
          httpApisFromTemplate(template, names).map((definition) =>
            startHttpApi(definition, {
              invoke: (functionArn, event) =>
                lambda.invoke(functionArn, event, { resultLimitBytes: SYNC_RESULT_LIMIT_BYTES }),
              now: () => clock.now(),
              track: (work) => clock.track(work),
              accountId: LOCAL_ACCOUNT,
            }),
          ),
        ),
        startScheduler({
          now: () => clock.nowMs(),
          track: (work) => {
            void clock.track(work).catch((error: unknown) => {
              scheduleFailures.push({ target: 'scheduler', error: String(error) });
            });
          },
          sleepUntil: (at) => clock.sleepUntil(at),
          fire: ({ schedule, input }) => {
            if (!stepFunctionsRef) throw new Error('The local Step Functions are not ready yet');
            let parsed: unknown;
            try {
              parsed = JSON.parse(input);
            } catch {
              parsed = input;
            }
            stepFunctionsRef.start(schedule.target.arn, parsed, { correlationId: schedule.arn });
          },
          region,
          account: LOCAL_ACCOUNT,
        }),
      ]);
      extras.push(secretsManager, ...httpApis, scheduler);
      for (const api of httpApis) apiEndpoints.set(api.definition.logicalId, api.endpoint);

      // SNS delivers to its lambda subscribers asynchronously, as tracked work with Lambda's retries.
      let recordSnsFailure: (
        target: string,
        eventId: string,
        error: { error: string; cause: string },
      ) => void = () => undefined;
      const snsTopology = snsFromTemplate(template, names);
      const sns = await startSns({
        ...snsTopology,
        now: () => clock.now(),
        topicPaths: paths ?? new Map(),
        invokeAsync: (functionArn, event) => {
          void invokeAsynchronously(lambda, clock, functionArn, event, (error) =>
            recordSnsFailure(functionArn, event.Records[0]?.Sns.MessageId ?? '', error),
          );
        },
      });
      extras.push(sns);

      const endpoints = {
        ...services.endpoints,
        sns: sns.endpoint,
        eventbridge: eventBridge.endpoint,
        secretsmanager: secretsManager.endpoint,
        scheduler: scheduler.endpoint,
      };
      // In process, also a constant signer for the services that check no signature (not S3).
      const overrides = {
        clock,
        logger,
        metrics,
        endpoints,
        ...viaTransport,
        ...(requestHandler ? { localSigner } : {}),
      };
      // The union of the app's function environments: what the runtime itself reads the tables with.
      const environment: Record<string, string> = {};
      for (const fn of functions) {
        const resource = template.Resources[fn.logicalId];
        const props = (resource?.Properties ?? {}) as {
          Environment?: { Variables?: unknown };
          Timeout?: number;
          MemorySize?: number;
        };
        const env = names.localizeUrls(
          resolveIntrinsics(props.Environment?.Variables ?? {}, names, {
            path: `Resources.${fn.logicalId}.Properties.Environment.Variables`,
          }) as Record<string, string>,
        );
        Object.assign(environment, env);
        const module = (await import(
          pathToFileURL(resolve(REPO_ROOT, fn.entry)).href
        )) as Partial<EntryPointModule>;
        if (typeof module.createHandler !== 'function') {
          throw new Error(`${fn.entry} (function ${fn.logicalId}) does not export createHandler(deps)`);
        }
        if (typeof module.clients !== 'object' || module.clients === null) {
          throw new Error(`${fn.entry} (function ${fn.logicalId}) does not export the clients it uses`);
        }
        lambda.register({
          logicalId: fn.logicalId,
          entry: fn.entry,
          functionName: names.name(fn.logicalId),
          arn: names.arn(fn.logicalId),
          timeoutSeconds: props.Timeout ?? 3,
          memorySizeMb: props.MemorySize ?? 128,
          // The clients the entry point names, as its Lambda bundle creates them, pointed at the local services.
          handler: module.createHandler(depsWith(env, module.clients as ClientFactories, overrides) as Deps),
        });
      }

      const stepFunctions = new LocalStepFunctions({
        lambda,
        clock,
        s3,
        putEvents: (entries, extraResources) =>
          routeOnBus().putEvents(entries, clock.now(), { extraResources }).response,
        ...(options.maxRunningExecutions ? { maxRunningExecutions: options.maxRunningExecutions } : {}),
        ...(options.recordExecutions === false ? { recordExecutions: false } : {}),
      });
      stepFunctionsRef = stepFunctions;
      stepFunctions.registerAll(
        resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
          const props = resource.Properties ?? {};
          return {
            logicalId,
            name: names.name(logicalId),
            arn: names.arn(logicalId),
            type: props.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
            definition: definitionOf(logicalId, props, names),
          };
        }),
      );

      const deliveryFailures: DeliveryFailure[] = [];
      const recordFailure = (failure: DeliveryFailure) => {
        if (deliveryFailures.length < MAX_DELIVERY_FAILURES) deliveryFailures.push(failure);
      };
      recordSnsFailure = (target, eventId, error) =>
        recordFailure({
          at: clock.now().toISOString(),
          rule: '(sns subscription)',
          target,
          eventId,
          detailType: 'SNS Notification',
          ...error,
        });
      const alertRoutes = new Map<string, AlertRoute[]>();
      const customBuses = resourcesOfType(template, 'AWS::Events::EventBus').map(([id]) => names.name(id));
      const appBus = customBuses.length === 1 && customBuses[0] ? customBuses[0] : DEFAULT_BUS;
      const bus = new LocalEventBus<RuleDelivery>({
        rules: LocalEventBus.rulesFromTemplate(template, names),
        policies: BusPolicies.fromTemplate(template, names),
        defaultBus: appBus,
        buses: customBuses,
        account: LOCAL_ACCOUNT,
        region,
        deliver: (target, input, rule, event) =>
          deliverToTarget(target, input, event, {
            stepFunctions,
            lambda,
            clock,
            sns,
            onPublished: (published) => {
              if (event['detail-type'] !== ALERT_DETAIL_TYPE) return;
              const routes = alertRoutes.get(event.id) ?? [];
              routes.push(routeOf(published));
              alertRoutes.set(event.id, routes);
            },
            onFailure: (error) =>
              recordFailure({
                at: clock.now().toISOString(),
                rule: rule.logicalId,
                target: target.arn,
                eventId: event.id,
                detailType: event['detail-type'],
                ...error,
              }),
          }),
      });
      busRef = bus;
      checkRuleTargets(bus, stepFunctions, lambda, new Set(snsTopology.topics.map((t) => t.arn)));

      const sesDestinations = sesEventDestinationsFromTemplate(template, names);
      onEmailAccepted = (email) => {
        for (const published of sesEventsFor(email, sesDestinations, { region, account: LOCAL_ACCOUNT })) {
          const due = Date.parse(email.at) + published.delaySeconds * 1000;
          // SES reports a few seconds after the send: tracked work that sleeps on the simulated clock.
          void clock
            .track(async () => {
              await clock.sleepUntil(due);
              bus.put(
                {
                  source: 'aws.ses',
                  detailType: published.detailType,
                  detail: published.detail,
                  eventBusName: published.eventBus,
                },
                clock.now(),
              );
            })
            .catch((error: unknown) => {
              const err = error instanceof Error ? error : new Error(String(error));
              recordFailure({
                at: clock.now().toISOString(),
                rule: '(ses event destination)',
                target: published.eventBus,
                eventId: email.messageId,
                detailType: published.detailType,
                error: err.name,
                cause: err.message,
              });
            });
        }
      };

      const deps = depsFromEnv(environment, overrides);
      return new LocalRuntime({
        clock,
        lambda,
        stepFunctions,
        bus,
        services,
        eventBridge,
        secretsManager,
        secrets,
        httpApis,
        sns,
        metrics: metrics.recorded,
        paths: paths ?? new Map(),
        alertRoutes,
        scheduler,
        endpoints,
        deliveryFailures,
        template,
        names,
        deps,
        environment,
        s3,
        dynamodb,
        closeExtras,
      });
    } catch (error) {
      await closeExtras();
      await services.close();
      throw error;
    }
  }

  /**
   * One entry on the app's bus (or the bus it names), put as another system (a scenario event) would with
   * `PutEvents`: the matching rules start their targets now.
   * @throws PutEventRefusedError when EventBridge would refuse the entry (see `LocalEventBus.refusal`).
   */
  putEvent(entry: PutEventEntry): PutEventResult {
    const refusal = this.bus.refusal(entry);
    if (refusal) throw new PutEventRefusedError(refusal);
    const { event, matchedRules, deliveries } = this.bus.put(entry, this.clock.now());
    return {
      event,
      matchedRules,
      executions: deliveries.flatMap((d) =>
        d.kind === 'execution' ? [{ executionArn: d.executionArn, done: d.done }] : [],
      ),
      invocations: deliveries.flatMap((d) =>
        d.kind === 'invocation' ? [{ functionName: d.functionName, done: d.done }] : [],
      ),
    };
  }

  /** The `PutEvents` API on the local buses, as the EventBridge endpoint and `events:putEvents` tasks use it. */
  putEvents(entries: unknown): PutEventsResponse {
    return this.bus.putEvents(entries, this.clock.now()).response;
  }

  /** What was put on the buses: counts, the latest events and the alerts. */
  get events(): EventLog {
    return this.bus.log;
  }

  /**
   * Every `Stille Alert` event put on a bus so far, as report alerts, each with where the template's
   * rules sent it (`routedTo`: the team topics and their subscribers; empty when no rule took it).
   */
  alerts(): Alert[] {
    return this.bus.log
      .alertEvents()
      .map(({ eventId, alert }) => ({ ...alert, routedTo: this.alertRoutes.get(eventId) ?? [] }));
  }

  /**
   * An inbound text message, as End User Messaging two-way SMS delivers it: the same JSON message,
   * published with the real SNS client to the topic the template names as the `InboundSmsTopicArn`
   * output (whose subscriber, HandleSmsReply, acts on STOP). Resolves with the SNS message id.
   */
  async receiveSms(sms: { from: string; to: string; body: string }): Promise<string> {
    const output = this.template.Outputs?.InboundSmsTopicArn as { Value?: unknown } | undefined;
    if (output?.Value === undefined) throw new Error('The app has no InboundSmsTopicArn output');
    const topicArn = resolvedString(output.Value, this.names, { path: 'Outputs.InboundSmsTopicArn.Value' });
    const client = new SNSClient({ ...localClientConfig(this.endpoints.sns ?? ''), maxAttempts: 1 });
    try {
      const keyword = sms.body.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
      const { MessageId } = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify({
            originationNumber: sms.from,
            destinationNumber: sms.to,
            messageKeyword: keyword,
            messageBody: sms.body,
            inboundMessageId: randomUUID(),
            previousPublishedMessageId: '',
          }),
        }),
      );
      return MessageId ?? '';
    } finally {
      client.destroy();
    }
  }

  /** The local URL of an HTTP API (by logical ID or name; the only one when omitted). */
  apiUrl(logicalIdOrName?: string): string {
    const api =
      logicalIdOrName === undefined
        ? this.httpApis.length === 1
          ? this.httpApis[0]
          : undefined
        : this.httpApis.find(
            (a) => a.definition.logicalId === logicalIdOrName || a.definition.name === logicalIdOrName,
          );
    if (!api) {
      throw new Error(
        `No HTTP API ${logicalIdOrName ?? '(the app has not exactly one)'}; APIs: ${this.httpApis.map((a) => a.definition.logicalId).join(', ') || 'none'}`,
      );
    }
    return api.endpoint;
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
    await this.closeExtras();
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

/** Every rule target must be a state machine or a function of the app: refused up front otherwise. */
function checkRuleTargets(
  bus: LocalEventBus<RuleDelivery>,
  stepFunctions: LocalStepFunctions,
  lambda: LocalLambda,
  topics: ReadonlySet<string>,
): void {
  for (const rule of bus.rules) {
    for (const target of rule.targets) {
      if (target.arn.includes(':states:')) stepFunctions.resolve(target.arn);
      else if (target.arn.includes(':lambda:')) lambda.resolve(target.arn);
      else if (target.arn.includes(':sns:') && topics.has(target.arn)) continue;
      else {
        throw new UnsupportedRuleError(
          `Rule ${rule.logicalId} target ${target.id} (${target.arn}): only state machines, Lambda functions and the app's SNS topics are rule targets locally`,
        );
      }
    }
  }
}

/**
 * Delivers an event to a rule target as EventBridge does: a state machine starts an execution (traced
 * to the event by its id); a function is invoked asynchronously, as tracked work, and retried twice
 * on failure like Lambda's asynchronous invocations. Other targets are refused when the rules are read.
 */
function deliverToTarget(
  target: RuleTarget,
  input: unknown,
  event: EventEnvelope,
  env: {
    stepFunctions: LocalStepFunctions;
    lambda: LocalLambda;
    clock: SimulatedClock;
    sns: LocalSns;
    onPublished: (published: PublishedMessage) => void;
    onFailure: (error: { error: string; cause: string }) => void;
  },
): RuleDelivery {
  if (target.arn.includes(':states:')) {
    const { executionArn, done } = env.stepFunctions.start(target.arn, input, { correlationId: event.id });
    return { kind: 'execution', target: target.id, executionArn, done };
  }
  if (target.arn.includes(':sns:')) {
    // EventBridge publishes the event (or its InputPath) as the message, as JSON.
    const published = env.sns.publish({ topicArn: target.arn, message: JSON.stringify(input) });
    env.onPublished(published);
    return { kind: 'publication', target: target.id, topicArn: target.arn, published };
  }
  const fn = env.lambda.resolve(target.arn);
  const done = invokeAsynchronously(env.lambda, env.clock, fn.arn, input, env.onFailure);
  return { kind: 'invocation', target: target.id, functionName: fn.functionName, done };
}

/**
 * An asynchronous invocation as Lambda makes it (for a rule or an SNS subscription): tracked work,
 * retried twice on failure; `onFailure` is told when every attempt failed.
 */
function invokeAsynchronously(
  lambda: LocalLambda,
  clock: SimulatedClock,
  functionArn: string,
  input: unknown,
  onFailure: (error: { error: string; cause: string }) => void,
): Promise<AsyncInvocationOutcome> {
  return clock.track(async (): Promise<AsyncInvocationOutcome> => {
    let last: { Error: string; Cause: string } = { Error: 'Unknown', Cause: '' };
    for (let attempt = 1; attempt <= 1 + ASYNC_INVOKE_RETRIES; attempt++) {
      try {
        // The result of an asynchronous invocation goes nowhere: no limit on its size.
        await lambda.invoke(functionArn, input, { resultLimitBytes: Number.POSITIVE_INFINITY });
        return { status: 'SUCCEEDED', attempts: attempt };
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        last = { Error: err.name, Cause: err.message };
      }
    }
    onFailure({ error: last.Error, cause: last.Cause.slice(0, 2000) });
    return { status: 'FAILED', attempts: 1 + ASYNC_INVOKE_RETRIES, error: last };
  });
}

/** Where a publication went, for the report: team (from the topic's construct id), topic, subscribers. */
function routeOf(published: PublishedMessage): AlertRoute {
  const topic = published.topicPath ?? published.topicName;
  const leaf = topic.split('/').pop() ?? topic;
  const team = TEAMS.find((candidate) => topicId(candidate) === leaf);
  return {
    ...(team ? { team } : {}),
    topic,
    subscribers: published.deliveredTo.map((d) => `${d.protocol}:${d.endpoint}`),
  };
}
