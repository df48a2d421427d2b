import { join } from 'node:path';
import { LOCAL_REGION } from './client-config.ts';
import { type LocalDynamoDb, startDynamoDb } from './dynamodb.ts';
import { type LocalEmail, type SentEmail, startEmail } from './email.ts';
import { DEFAULT_SEED, type FaultOptions } from './faults.ts';
import { type LocalS3, startS3 } from './s3.ts';
import { type LocalSms, startSms } from './sms.ts';

export {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalClientConfig,
  localClientConfig,
} from './client-config.ts';
export { type DynamoDbOptions, type LocalDynamoDb, startDynamoDb } from './dynamodb.ts';
export { type EmailOptions, type LocalEmail, type SentEmail, startEmail } from './email.ts';
export {
  type EventBridgeOptions,
  type LocalEventBridge,
  type PutEventsHandler,
  startEventBridge,
} from './eventbridge.ts';
export { DEFAULT_SEED, type FaultOptions, type SendStats } from './faults.ts';
export {
  buildHttpApiEvent,
  type HttpApiDefinition,
  type HttpApiEventV2,
  type HttpApiOptions,
  type HttpApiRoute,
  httpApisFromTemplate,
  type LocalHttpApi,
  mapHttpApiResult,
  selectRoute,
  startHttpApi,
  UnsupportedHttpApiError,
} from './http-api.ts';
export { createRandom, type Random } from './random.ts';
export {
  ensureBucket,
  type JsonLinesObject,
  type LocalS3,
  localS3ClientConfig,
  parseS3Location,
  putJsonLines,
  type Rows,
  readJsonLines,
  type S3Location,
  type S3Options,
  startS3,
} from './s3.ts';
export {
  generatePassword,
  type LocalSecret,
  LocalSecretError,
  type LocalSecretsManager,
  type SecretsManagerOptions,
  secretsFromTemplate,
  startSecretsManager,
} from './secrets-manager.ts';
export {
  type SesEventDestination,
  type SesEventToPublish,
  type SimulatorOutcome,
  sesEventDestinationsFromTemplate,
  sesEventsFor,
  simulatorOutcome,
} from './ses-events.ts';
export { type LocalSms, type SentSms, type SmsOptions, startSms } from './sms.ts';
export { createTableInput, createTablesFromTemplate, LocalTableError } from './tables.ts';

/** Options of {@link startLocalServices}. */
export interface LocalServicesOptions {
  /** Keep DynamoDB tables (`<dataDir>/dynamodb`) and S3 buckets (`<dataDir>/s3`) on disk; in memory and a temp directory otherwise. */
  dataDir?: string;
  /** Fault injection of the channels. */
  faults?: { email?: FaultOptions; sms?: FaultOptions };
  /** Seed of the fault injection; the SMS sink draws from `seed + 1` so the channels do not fault in step. */
  seed?: number;
  /** Clock stamping sent emails and SMS; the system clock by default. */
  now?: () => Date;
  /** Called with each email the local SES accepts, before `SendEmail` answers (see `EmailOptions.onAccepted`). */
  onEmailAccepted?: (email: SentEmail) => void;
  /** Whether the local SES keeps the bodies of the emails it accepts (`EmailOptions.keepBodies`). */
  keepEmailBodies?: boolean;
}

/** Endpoints of the running local services, in the shape the handlers' `LocalEndpoints` take. */
export interface LocalServiceEndpoints {
  dynamodb: string;
  s3: string;
  ses: string;
  sms: string;
  region: typeof LOCAL_REGION;
}

/** The local AWS services of the embedded runtime. */
export interface LocalServices {
  endpoints: LocalServiceEndpoints;
  email: LocalEmail;
  sms: LocalSms;
  /** Stops every service; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts the local DynamoDB, S3, SES v2 and SMS sink in parallel, each on its own ephemeral port of
 * 127.0.0.1. If one fails to start, those that started are stopped again and the first error is thrown.
 */
export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now === undefined ? {} : { now: options.now };
  const results = await Promise.allSettled([
    startDynamoDb(options.dataDir === undefined ? {} : { path: join(options.dataDir, 'dynamodb') }),
    startS3(options.dataDir === undefined ? {} : { directory: join(options.dataDir, 's3') }),
    startEmail({
      ...now,
      seed,
      ...(options.faults?.email ? { faults: options.faults.email } : {}),
      ...(options.onEmailAccepted ? { onAccepted: options.onEmailAccepted } : {}),
      ...(options.keepEmailBodies === false ? { keepBodies: false } : {}),
    }),
    startSms({ ...now, seed: seed + 1, ...(options.faults?.sms ? { faults: options.faults.sms } : {}) }),
  ]);
  const [dynamodb, s3, email, sms] = results;
  if (
    dynamodb.status === 'rejected' ||
    s3.status === 'rejected' ||
    email.status === 'rejected' ||
    sms.status === 'rejected'
  ) {
    const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    await Promise.allSettled(started.map((service) => service.close()));
    const failure = results.find((result) => result.status === 'rejected');
    throw new Error('cannot start the local AWS services', { cause: failure?.reason });
  }
  return servicesOf(dynamodb.value, s3.value, email.value, sms.value);
}

function servicesOf(dynamodb: LocalDynamoDb, s3: LocalS3, email: LocalEmail, sms: LocalSms): LocalServices {
  let closing: Promise<void> | undefined;
  const close = async () => {
    const results = await Promise.allSettled([dynamodb.close(), s3.close(), email.close(), sms.close()]);
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failures.length > 0) {
      throw new AggregateError(failures, 'some local AWS services did not close cleanly');
    }
  };
  return {
    endpoints: {
      dynamodb: dynamodb.endpoint,
      s3: s3.endpoint,
      ses: email.endpoint,
      sms: sms.endpoint,
      region: LOCAL_REGION,
    },
    email,
    sms,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
