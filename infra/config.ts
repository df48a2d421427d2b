import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SETTING_ENV, TABLE_ENV, type TableKey } from '#domain/config/env-names.ts';
import { STILLE_SOURCE } from '#domain/contracts/event-names.ts';
import { acknowledgeWildcardResource } from '#workflows/fragments/nag.ts';
import type { DataStore } from './data-store.ts';
import type { EmailSending } from './email-sending.ts';
import type { SmsSending } from './sms-sending.ts';

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
   * `{ list: prefix }`: the name, `s3:ListBucket` of that prefix and `s3:GetObject` under it only;
   * `{ listAndWrite: prefix }`: both.
   */
  readonly runsBucket?:
    | 'name'
    | 'read'
    | { readonly write: string }
    | { readonly list: string }
    | { readonly listAndWrite: string };
  /** `name`: only `EVENT_BUS_NAME`; `put`: the name and `events:PutEvents` on the bus. */
  readonly eventBus?: 'name' | 'put';
  /**
   * `send`: `SES_CONFIGURATION_SET` and `ses:SendEmail` through that configuration set from the
   * configured sending identities. `quota`: `ses:GetAccount` only, to read the account's sending rate
   * (a campaign run never paces faster than it).
   */
  readonly email?: 'send' | 'quota';
  /**
   * `send`: `SMS_CONFIGURATION_SET` and `sms-voice:SendTextMessage` through that configuration set from
   * the configured origination identities. `optOut`: `SMS_OPT_OUT_LIST` and `sms-voice:PutOptedOutNumber`
   * on that opt-out list only.
   */
  readonly sms?: 'send' | 'optOut';
  /** `read`: `LINK_SECRET_ARN` and reading the link-signing secret (to sign or verify links). */
  readonly linkSecret?: 'read';
  /** `MARKETS_CONFIG`: the per-market configuration, as JSON. */
  readonly marketsConfig?: boolean;
  /** `PUBLIC_BASE_URL`: where the links in messages point. */
  readonly publicBaseUrl?: boolean;
  /**
   * `manage`: `SCHEDULE_GROUP`, `CAMPAIGN_RUN_ARN`, `SCHEDULER_ROLE_ARN`, and creating, updating,
   * reading and deleting the schedules of the stack's schedule group (passing the scheduler role).
   */
  readonly schedules?: 'manage';
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
  /** The campaign schedules: the group, the role Scheduler starts runs with, and their target. */
  readonly schedules?: {
    readonly groupName: string;
    /** `arn:…:schedule/<group>/*`: every schedule of the group. */
    readonly schedulesArn: string;
    readonly role: IRole;
    readonly targetArn: string;
  };
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
  if (access.runsBucket) environment[SETTING_ENV.runsBucket] = resources.runsBucket.bucketName;
  if (access.eventBus) environment[SETTING_ENV.eventBusName] = requireEventBus(resources).eventBusName;
  if (access.email === 'send') {
    environment[SETTING_ENV.sesConfigurationSet] = required(
      resources,
      'email',
      'e-mail',
    ).configurationSet.configurationSetName;
  }
  if (access.sms === 'send') {
    environment[SETTING_ENV.smsConfigurationSet] = required(resources, 'sms', 'SMS').configurationSetName;
  }
  if (access.sms === 'optOut') {
    environment[SETTING_ENV.smsOptOutList] = required(resources, 'sms', 'SMS').optOutListName;
  }
  if (access.linkSecret) {
    environment[SETTING_ENV.linkSecretArn] = required(resources, 'linkSecret', 'link secret').secretArn;
  }
  if (access.marketsConfig) {
    environment[SETTING_ENV.marketsConfig] = required(resources, 'marketsConfig', 'markets configuration');
  }
  if (access.publicBaseUrl) {
    environment[SETTING_ENV.publicBaseUrl] = required(resources, 'publicBaseUrl', 'public base URL');
  }
  if (access.schedules) {
    const schedules = required(resources, 'schedules', 'campaign schedules');
    environment[SETTING_ENV.scheduleGroup] = schedules.groupName;
    environment[SETTING_ENV.campaignRunArn] = schedules.targetArn;
    environment[SETTING_ENV.schedulerRoleArn] = schedules.role.roleArn;
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
    const prefix = 'write' in runs ? runs.write : 'list' in runs ? runs.list : runs.listAndWrite;
    const objects = resources.runsBucket.arnForObjects(`${prefix}*`);
    const listing = [
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [resources.runsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    ];
    const writing = [new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] })];
    const statements = 'write' in runs ? writing : 'list' in runs ? listing : [...listing, ...writing];
    for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        objects,
        `The function ${'write' in runs ? 'writes' : 'list' in runs ? 'reads' : 'reads and writes'} files under ${prefix} named at run time (one set per ` +
          `event); it may only ${'write' in runs ? 's3:PutObject' : 'list' in runs ? 's3:GetObject and list' : 's3:GetObject, s3:PutObject and list'} there, and only under ` +
          'that prefix of the runs bucket.',
      );
    }
  }
  if (access.eventBus === 'put') {
    // Under stille's own source only: a function of stille never speaks for another system.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [requireEventBus(resources).eventBusArn],
        conditions: { StringEquals: { 'events:source': STILLE_SOURCE } },
      }),
    );
  }
  if (access.email === 'send') required(resources, 'email', 'e-mail').grantSend(grantee);
  if (access.email === 'quota') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }),
    );
    if (Construct.isConstruct(grantee.grantPrincipal))
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        '*',
        'ses:GetAccount (the account sending quota a campaign paces under) supports no resource-level ' +
          'permissions; the same wildcard also covers X-Ray PutTraceSegments and PutTelemetryRecords, ' +
          'which support none either.',
      );
  }
  if (access.sms === 'send') required(resources, 'sms', 'SMS').grantSend(grantee);
  if (access.sms === 'optOut') required(resources, 'sms', 'SMS').grantOptOut(grantee);
  // GetSecretValue and DescribeSecret on this one secret (its full ARN: it belongs to this stack).
  if (access.linkSecret === 'read') required(resources, 'linkSecret', 'link secret').grantRead(grantee);
  if (access.schedules === 'manage') {
    const schedules = required(resources, 'schedules', 'campaign schedules');
    const inGroup = schedules.schedulesArn;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'scheduler:CreateSchedule',
          'scheduler:UpdateSchedule',
          'scheduler:DeleteSchedule',
          'scheduler:GetSchedule',
        ],
        resources: [inGroup],
      }),
    );
    schedules.role.grantPassRole(grantee.grantPrincipal);
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(
        grantee.grantPrincipal,
        inGroup,
        'A schedule is named by its campaign, known only at run time; the function may manage schedules of ' +
          'the stack’s own schedule group only.',
      );
    }
  }
}
