import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataStore, TableKey } from './data-store.ts';
import type { EmailSending } from './email-sending.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import type { SmsSending } from './sms-sending.ts';

/**
 * Environment variable holding each table's name. The handlers read the same names
 * (`ENV` in functions/adapters/deps.ts); a test keeps the two lists equal.
 */
export const TABLE_ENV: Readonly<Record<TableKey, string>> = {
  customers: 'CUSTOMERS_TABLE',
  invoices: 'INVOICES_TABLE',
  tickets: 'TICKETS_TABLE',
  messages: 'MESSAGES_TABLE',
  priceChanges: 'PRICE_CHANGES_TABLE',
  surveys: 'SURVEYS_TABLE',
  rejections: 'REJECTIONS_TABLE',
  suppressions: 'SUPPRESSIONS_TABLE',
};

/** Environment variable holding the runs bucket's name. */
export const RUNS_BUCKET_ENV = 'RUNS_BUCKET';
/** Environment variable holding the event bus name. */
export const EVENT_BUS_NAME_ENV = 'EVENT_BUS_NAME';
/** Environment variable holding the name of the SES configuration set e-mail is sent with. */
export const SES_CONFIGURATION_SET_ENV = 'SES_CONFIGURATION_SET';
/** Environment variable holding the name of the End User Messaging configuration set SMS is sent with. */
export const SMS_CONFIGURATION_SET_ENV = 'SMS_CONFIGURATION_SET';
/** Environment variable holding the ARN of the secret unsubscribe links are signed with. */
export const LINK_SECRET_ARN_ENV = 'LINK_SECRET_ARN';
/** Environment variable holding the per-market configuration as JSON. */
export const MARKETS_CONFIG_ENV = 'MARKETS_CONFIG';
/** Environment variable holding the base URL of the public endpoints (unsubscribe links), no trailing slash. */
export const PUBLIC_BASE_URL_ENV = 'PUBLIC_BASE_URL';

/** Every environment variable name the stack gives functions (besides Powertools and Node settings). */
export const ALL_RESOURCE_ENV: readonly string[] = [
  ...Object.values(TABLE_ENV),
  RUNS_BUCKET_ENV,
  EVENT_BUS_NAME_ENV,
  SES_CONFIGURATION_SET_ENV,
  SMS_CONFIGURATION_SET_ENV,
  LINK_SECRET_ARN_ENV,
  MARKETS_CONFIG_ENV,
  PUBLIC_BASE_URL_ENV,
];

/** What a function may do with a table. */
export type TableAccess = 'read' | 'write' | 'readWrite';

/**
 * What a function may touch. The same declaration gives the function its environment variables and
 * its IAM grants, so a function never knows a name it may not use, nor holds a grant it has no name for.
 */
export interface FunctionAccess {
  /** Tables and the access to each. */
  readonly tables?: Partial<Record<TableKey, TableAccess>>;
  /**
   * `name`: only `RUNS_BUCKET`; `read`: the name and `s3:GetObject` on the bucket's objects;
   * `{ write: prefix }`: the name and `s3:PutObject` on the objects under that key prefix only;
   * `{ list: prefix }`: the name, `s3:ListBucket` of that prefix and `s3:GetObject` under it only.
   */
  readonly runsBucket?: 'name' | 'read' | { readonly write: string } | { readonly list: string };
  /** `name`: only `EVENT_BUS_NAME`; `put`: the name and `events:PutEvents` on the bus. */
  readonly eventBus?: 'name' | 'put';
  /**
   * `send`: `SES_CONFIGURATION_SET` and `ses:SendEmail` through that configuration set from the
   * configured sending identities.
   */
  readonly email?: 'send';
  /**
   * `send`: `SMS_CONFIGURATION_SET` and `sms-voice:SendTextMessage` through that configuration set from
   * the configured origination identities.
   */
  readonly sms?: 'send';
  /** `read`: `LINK_SECRET_ARN` and reading the link-signing secret (to sign or verify links). */
  readonly linkSecret?: 'read';
  /** `MARKETS_CONFIG`: the per-market configuration, as JSON. */
  readonly marketsConfig?: boolean;
  /** `PUBLIC_BASE_URL`: where the links in messages point. */
  readonly publicBaseUrl?: boolean;
}

/** The shared resources functions get access to. */
export interface SharedResources {
  readonly data: DataStore;
  readonly runsBucket: IBucket;
  /** The stille event bus. */
  readonly eventBus?: IEventBus;
  /** E-mail through SES. */
  readonly email?: EmailSending;
  /** SMS through End User Messaging. */
  readonly sms?: SmsSending;
  /** The secret unsubscribe links are signed with. */
  readonly linkSecret?: ISecret;
  /** The per-market configuration, as JSON. */
  readonly marketsConfig?: string;
  /** The base URL of the public endpoints. */
  readonly publicBaseUrl?: string;
}

/** The resource a function's access declares, or a clear error if it was not given. */
function required<K extends keyof SharedResources>(
  resources: SharedResources,
  key: K,
  what: string,
): NonNullable<SharedResources[K]> {
  const value = resources[key];
  if (value === undefined || value === null) {
    throw new Error(
      `A function declares ${what} access, but no ${what} was given to the function environment`,
    );
  }
  return value as NonNullable<SharedResources[K]>;
}

function requireEventBus(resources: SharedResources): IEventBus {
  return required(resources, 'eventBus', 'event bus');
}

/**
 * The environment variables (names of tables, bucket, bus and configuration sets, the secret's ARN,
 * the markets configuration, the public base URL) a function with `access` gets.
 */
export function functionEnvironment(
  resources: SharedResources,
  access: FunctionAccess,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, tableAccess] of Object.entries(access.tables ?? {}) as [
    TableKey,
    TableAccess | undefined,
  ][]) {
    if (tableAccess) environment[TABLE_ENV[key]] = resources.data.tables[key].tableName;
  }
  if (access.runsBucket) environment[RUNS_BUCKET_ENV] = resources.runsBucket.bucketName;
  if (access.eventBus) environment[EVENT_BUS_NAME_ENV] = requireEventBus(resources).eventBusName;
  if (access.email) {
    environment[SES_CONFIGURATION_SET_ENV] = required(
      resources,
      'email',
      'e-mail',
    ).configurationSet.configurationSetName;
  }
  if (access.sms) {
    environment[SMS_CONFIGURATION_SET_ENV] = required(resources, 'sms', 'SMS').configurationSetName;
  }
  if (access.linkSecret) {
    environment[LINK_SECRET_ARN_ENV] = required(resources, 'linkSecret', 'link secret').secretArn;
  }
  if (access.marketsConfig) {
    environment[MARKETS_CONFIG_ENV] = required(resources, 'marketsConfig', 'markets configuration');
  }
  if (access.publicBaseUrl) {
    environment[PUBLIC_BASE_URL_ENV] = required(resources, 'publicBaseUrl', 'public base URL');
  }
  return environment;
}

/** Grants `grantee` exactly the data access `access` declares. */
export function grantFunctionAccess(
  resources: SharedResources,
  access: FunctionAccess,
  grantee: IGrantable,
): void {
  for (const [key, tableAccess] of Object.entries(access.tables ?? {}) as [
    TableKey,
    TableAccess | undefined,
  ][]) {
    const table = resources.data.tables[key];
    if (tableAccess === 'read') table.grantReadData(grantee);
    else if (tableAccess === 'write') table.grantWriteData(grantee);
    else if (tableAccess === 'readWrite') table.grantReadWriteData(grantee);
    const indexNames = resources.data.indexNames[key];
    if (tableAccess && indexNames.length > 0 && Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        `${table.tableArn}/index/*`,
        `CDK's table grant also covers the table's indexes (${indexNames.join(', ')}) as <table arn>/index/*; ` +
          'the wildcard stays inside this one table, whose data the function is granted anyway.',
      );
    }
  }
  if (access.runsBucket === 'read') {
    // Only GetObject, not grantRead's s3:GetObject*/s3:List*/s3:GetBucket*.
    const objects = resources.runsBucket.arnForObjects('*');
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
    );
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        objects,
        'Run files are named by the events, so their keys are known only at run time; the function may ' +
          'only s3:GetObject, and only in the runs bucket.',
      );
    }
  }
  const runs = access.runsBucket;
  if (typeof runs === 'object') {
    const prefix = 'write' in runs ? runs.write : runs.list;
    const objects = resources.runsBucket.arnForObjects(`${prefix}*`);
    const statements =
      'write' in runs
        ? [new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] })]
        : [
            new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
            new PolicyStatement({
              actions: ['s3:ListBucket'],
              resources: [resources.runsBucket.bucketArn],
              conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
            }),
          ];
    for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        objects,
        `The function ${'write' in runs ? 'writes' : 'reads'} files under ${prefix} named at run time (one set per ` +
          `event); it may only ${'write' in runs ? 's3:PutObject' : 's3:GetObject and list'} there, and only under ` +
          'that prefix of the runs bucket.',
      );
    }
  }
  if (access.eventBus === 'put') requireEventBus(resources).grantPutEventsTo(grantee);
  if (access.email === 'send') required(resources, 'email', 'e-mail').grantSend(grantee);
  if (access.sms === 'send') required(resources, 'sms', 'SMS').grantSend(grantee);
  // GetSecretValue and DescribeSecret on this one secret (its full ARN: it belongs to this stack).
  if (access.linkSecret === 'read') required(resources, 'linkSecret', 'link secret').grantRead(grantee);
}
