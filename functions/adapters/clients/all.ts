/**
 * Every client factory, for what needs them all: the embedded runtime's own reads of the tables and the
 * tests. No Lambda entry point imports this module (its bundle would then carry every SDK client); each
 * names its own clients instead.
 */
import { type ClientFactories, type Deps, type DepsOverrides, depsWith } from '../deps.ts';
import { dynamoDocumentClient } from './dynamodb.ts';
import { eventBridgeClient } from './event-bridge.ts';
import { s3Client } from './s3.ts';
import { schedulerClient } from './scheduler.ts';
import { secretsManagerClient } from './secrets-manager.ts';
import { sesClient } from './ses.ts';
import { smsClient } from './sms.ts';

/** The factory of each client. */
export const ALL_CLIENTS: ClientFactories = {
  ddb: dynamoDocumentClient,
  s3: s3Client,
  ses: sesClient,
  sms: smsClient,
  secrets: secretsManagerClient,
  eventBridge: eventBridgeClient,
  scheduler: schedulerClient,
};

/** Dependencies with every client, from an environment (and local endpoints). */
export function depsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: DepsOverrides = {},
): Deps {
  return depsWith(env, ALL_CLIENTS, overrides);
}
