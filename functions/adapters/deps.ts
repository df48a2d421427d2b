import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from './clock.ts';

/**
 * Environment variable names the CDK stack sets on every function. The embedded runtime reads the same
 * variables from the synthesized template, so a wrong name in the app is wrong locally too.
 */
export const ENV = {
  customersTable: 'CUSTOMERS_TABLE',
  invoicesTable: 'INVOICES_TABLE',
  ticketsTable: 'TICKETS_TABLE',
  messagesTable: 'MESSAGES_TABLE',
  priceChangesTable: 'PRICE_CHANGES_TABLE',
  surveysTable: 'SURVEYS_TABLE',
  rejectionsTable: 'REJECTIONS_TABLE',
  suppressionsTable: 'SUPPRESSIONS_TABLE',
  runsBucket: 'RUNS_BUCKET',
  eventBusName: 'EVENT_BUS_NAME',
  /** Secrets Manager secret (name or ARN) holding the key that signs unsubscribe and survey links. */
  linkSecretArn: 'LINK_SECRET_ARN',
  /** SES configuration set of every email (its event destination reports bounces and complaints). */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** End User Messaging SMS configuration set of every text message (delivery events, STOP). */
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  /** Base URL of the public link endpoints (`https://…`, no trailing slash needed). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Per-market sender settings (JSON): email from-addresses, SMS origination identities. */
  marketsConfig: 'MARKETS_CONFIG',
} as const;

/** `ENV` keys that are not table names. */
const SETTING_KEYS = [
  'runsBucket',
  'eventBusName',
  'linkSecretArn',
  'sesConfigurationSet',
  'smsConfigurationSet',
  'publicBaseUrl',
  'marketsConfig',
] as const;

type SettingKey = (typeof SETTING_KEYS)[number];

export type TableName = Exclude<keyof typeof ENV, SettingKey>;

/** Everything a handler may need, created once per process and injected. */
export interface Deps {
  clock: Clock;
  logger: Logger;
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  /**
   * SES v2 and End User Messaging SMS clients, created with `maxAttempts: 1`: the SDK never retries a
   * send on its own. The workflow retries with backoff and jitter, so every attempt is visible, and the
   * idempotency ledger knows of each attempt that may have reached the provider (docs/idempotency.md).
   */
  ses: SESv2Client;
  sms: PinpointSMSVoiceV2Client;
  secrets: SecretsManagerClient;
  eventBridge: EventBridgeClient;
  /** Physical table names, read from the environment. */
  tables: Record<TableName, string>;
  runsBucket: string;
  eventBusName: string;
  /** The settings below are read from the environment on first use (see `ENV`). */
  linkSecretArn: string;
  sesConfigurationSet: string;
  smsConfigurationSet: string;
  publicBaseUrl: string;
  /** `MARKETS_CONFIG` as JSON, or undefined for the defaults (functions/domain/config/markets.ts). */
  marketsConfig: string | undefined;
}

/** Endpoints and credentials for local services; absent on AWS. */
export interface LocalEndpoints {
  dynamodb?: string;
  s3?: string;
  ses?: string;
  sms?: string;
  secretsmanager?: string;
  eventbridge?: string;
  region?: string;
}

export interface DepsOverrides {
  clock?: Clock;
  logger?: Logger;
  endpoints?: LocalEndpoints;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Reads a variable lazily so a function only fails on a name it actually uses. */
function lazyEnv(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is not set`);
  }
  return value;
}

/**
 * Builds the dependencies of a handler from environment variables. On AWS, `env` is `process.env` and
 * clients use the default credential chain; the embedded runtime passes the function's template
 * environment and local endpoints.
 */
export function depsFromEnv(env: Record<string, string | undefined>, overrides: DepsOverrides = {}): Deps {
  const endpoints = overrides.endpoints ?? {};
  const region = endpoints.region ?? env.AWS_REGION ?? 'eu-north-1';
  const local = (endpoint: string | undefined) =>
    endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS, region } : { region };
  const ddbClient = new DynamoDBClient({ ...local(endpoints.dynamodb), maxAttempts: 4 });
  const tables = {} as Record<TableName, string>;
  const settingKeys: readonly string[] = SETTING_KEYS;
  for (const [key, name] of Object.entries(ENV)) {
    if (settingKeys.includes(key)) continue;
    Object.defineProperty(tables, key, { enumerable: true, get: () => lazyEnv(env, name) });
  }
  return {
    clock: overrides.clock ?? systemClock,
    logger: overrides.logger ?? new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'stille' }),
    ddb: DynamoDBDocumentClient.from(ddbClient, { marshallOptions: { removeUndefinedValues: true } }),
    s3: new S3Client(
      endpoints.s3
        ? {
            ...local(endpoints.s3),
            forcePathStyle: true,
            // Local S3 stores aws-chunked framing as content; send plain bodies when nothing needs a checksum.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          }
        : { region },
    ),
    // No SDK retries for sends: see `Deps.ses`.
    ses: new SESv2Client({ ...local(endpoints.ses), maxAttempts: 1 }),
    sms: new PinpointSMSVoiceV2Client({ ...local(endpoints.sms), maxAttempts: 1 }),
    secrets: new SecretsManagerClient(local(endpoints.secretsmanager)),
    eventBridge: new EventBridgeClient(local(endpoints.eventbridge)),
    tables,
    get runsBucket() {
      return lazyEnv(env, ENV.runsBucket);
    },
    get eventBusName() {
      return lazyEnv(env, ENV.eventBusName);
    },
    get linkSecretArn() {
      return lazyEnv(env, ENV.linkSecretArn);
    },
    get sesConfigurationSet() {
      return lazyEnv(env, ENV.sesConfigurationSet);
    },
    get smsConfigurationSet() {
      return lazyEnv(env, ENV.smsConfigurationSet);
    },
    get publicBaseUrl() {
      return lazyEnv(env, ENV.publicBaseUrl);
    },
    get marketsConfig() {
      return env[ENV.marketsConfig];
    },
  };
}
