import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientContext, LocalEndpoints, RequestHandler, RequestSigner } from './clients/context.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Settings, settingsFromEnv } from './environment.ts';
import { createLogger } from './logger.ts';
import { type BusinessMetrics, powertoolsMetrics } from './metrics.ts';

/**
 * The SDK clients a handler may use, by the name it reads them with. A handler names the ones it uses
 * (see `clients` in each entry point under functions/handlers/), and its bundle carries only those.
 */
export interface Clients {
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  /** SES v2, with `maxAttempts: 1` (functions/adapters/clients/ses.ts). */
  ses: SESv2Client;
  /** End User Messaging SMS, with `maxAttempts: 1` (functions/adapters/clients/sms.ts). */
  sms: PinpointSMSVoiceV2Client;
  secrets: SecretsManagerClient;
  eventBridge: EventBridgeClient;
  /** EventBridge Scheduler (campaign schedules). */
  scheduler: SchedulerClient;
}

/** The name of one client. */
export type ClientName = keyof Clients;

/** Creates one client from the function's environment (and local endpoints, in the embedded runtime). */
export type ClientFactory<T> = (context: ClientContext) => T;

/** The factories of the clients `K`: what an entry point declares and the runtime calls. */
export type ClientFactories<K extends ClientName = ClientName> = {
  readonly [P in K]: ClientFactory<Clients[P]>;
};

/** What every handler gets: its settings (read from the environment on first use), a clock and a logger. */
export interface BaseDeps extends Settings {
  clock: Clock;
  logger: Logger;
  /** Business numbers as EMF lines (functions/domain/metrics/names.ts); in memory locally. */
  metrics: BusinessMetrics;
}

/** A handler's dependencies: the base and the clients `K`, created once per process and injected. */
export type DepsWith<K extends ClientName> = BaseDeps & Pick<Clients, K>;

/** Everything a handler may need (tests, and the embedded runtime's own reads, use all of it). */
export type Deps = DepsWith<ClientName>;

export interface DepsOverrides {
  clock?: Clock;
  logger?: Logger;
  metrics?: BusinessMetrics;
  endpoints?: LocalEndpoints;
  /** What carries requests to the local endpoints (the embedded runtime's in-process transport). */
  requestHandler?: RequestHandler;
  /** The embedded runtime's constant signer for the local services that check no signature. */
  localSigner?: RequestSigner;
}

/**
 * Builds the dependencies of a handler from its environment and the clients it names. On AWS, `env` is
 * `process.env` and the clients use the environment's credentials; the embedded runtime passes the
 * function's template environment and local endpoints.
 */
export function depsWith<K extends ClientName>(
  env: Readonly<Record<string, string | undefined>>,
  factories: ClientFactories<K>,
  overrides: DepsOverrides = {},
): DepsWith<K> {
  const context: ClientContext = {
    env,
    ...(overrides.endpoints ? { endpoints: overrides.endpoints } : {}),
    ...(overrides.requestHandler ? { requestHandler: overrides.requestHandler } : {}),
    ...(overrides.localSigner ? { localSigner: overrides.localSigner } : {}),
  };
  const deps = {
    clock: overrides.clock ?? systemClock,
    logger: overrides.logger ?? createLogger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'stille' }),
    metrics: overrides.metrics ?? powertoolsMetrics(),
  } as DepsWith<K>;
  // The settings are getters (read on first use): copy them as getters, never by value.
  Object.defineProperties(deps, Object.getOwnPropertyDescriptors(settingsFromEnv(env)));
  const clients = deps as Partial<Clients>;
  for (const name of Object.keys(factories) as K[]) {
    const create = factories[name] as ClientFactory<Clients[K]>;
    (clients as Record<K, Clients[K]>)[name] = create(context);
  }
  return deps;
}
