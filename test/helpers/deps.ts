import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '#adapters/clock.ts';
import type { Deps } from '#adapters/deps.ts';
import { recordingMetrics } from '#adapters/metrics.ts';
import type { TableName } from '#domain/config/env-names.ts';

/** The instant the fixed test clock reports unless a test sets another. */
export const TEST_NOW = '2027-01-05T08:00:00.000Z';

/** Table names the test deps use: `<name>-test`, so assertions can tell tables apart. */
export const TEST_TABLES: Record<TableName, string> = {
  customersTable: 'customers-test',
  invoicesTable: 'invoices-test',
  ticketsTable: 'tickets-test',
  messagesTable: 'messages-test',
  priceChangesTable: 'price-changes-test',
  surveysTable: 'surveys-test',
  rejectionsTable: 'rejections-test',
  suppressionsTable: 'suppressions-test',
  seasonalProfilesTable: 'seasonal-profiles-test',
  controlsTable: 'controls-test',
  campaignsTable: 'campaigns-test',
};

/** A clock that always reports `instant`. */
export function fixedClock(instant: string = TEST_NOW): Clock {
  return { now: () => new Date(instant) };
}

// Never contacted in unit tests (clients are mocked), but a fixed endpoint guarantees no real AWS call.
const OFFLINE = {
  region: 'eu-north-1',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

/**
 * Deps for tests: a fixed clock, a silent logger, clients pointed at an unreachable local endpoint (mock
 * them with aws-sdk-client-mock, or pass real ones), and the `TEST_TABLES` names.
 */
export function testDeps(overrides: Partial<Deps> = {}): Deps {
  return {
    clock: fixedClock(),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: recordingMetrics(),
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({ ...OFFLINE, maxAttempts: 1 }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    s3: new S3Client({ ...OFFLINE, forcePathStyle: true }),
    ses: new SESv2Client({ ...OFFLINE, maxAttempts: 1 }),
    sms: new PinpointSMSVoiceV2Client({ ...OFFLINE, maxAttempts: 1 }),
    secrets: new SecretsManagerClient({ ...OFFLINE, maxAttempts: 1 }),
    eventBridge: new EventBridgeClient({ ...OFFLINE, maxAttempts: 1 }),
    scheduler: new SchedulerClient({ ...OFFLINE, maxAttempts: 1 }),
    tables: { ...TEST_TABLES },
    runsBucket: 'runs-test',
    eventBusName: 'bus-test',
    linkSecretArn: 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:link-test',
    sesConfigurationSet: 'ses-config-test',
    smsConfigurationSet: 'sms-config-test',
    smsOptOutList: 'optout-test',
    publicBaseUrl: 'https://links.stille.test',
    marketsConfig: undefined,
    scheduleGroup: 'schedules-test',
    campaignRunArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:campaign-run-test',
    schedulerRoleArn: 'arn:aws:iam::000000000000:role/scheduler-test',
    ...overrides,
  };
}
