import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DataStore, TableKey } from './data-store.ts';
import { acknowledgeWildcardResource } from './nag.ts';

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
};

/** Environment variable holding the runs bucket's name. */
export const RUNS_BUCKET_ENV = 'RUNS_BUCKET';
/** Environment variable holding the event bus name. */
export const EVENT_BUS_NAME_ENV = 'EVENT_BUS_NAME';

/** What a function may do with a table. */
export type TableAccess = 'read' | 'write' | 'readWrite';

/**
 * What a function may touch. The same declaration gives the function its environment variables and
 * its IAM grants, so a function never knows a name it may not use, nor holds a grant it has no name for.
 */
export interface FunctionAccess {
  /** Tables and the access to each. */
  readonly tables?: Partial<Record<TableKey, TableAccess>>;
  /** `name`: only `RUNS_BUCKET`; `read`: the name and `s3:GetObject` on the bucket's objects. */
  readonly runsBucket?: 'name' | 'read';
  /** `name`: only `EVENT_BUS_NAME`; `put`: the name and `events:PutEvents` on the bus. */
  readonly eventBus?: 'name' | 'put';
}

/** The shared resources functions get access to. */
export interface SharedResources {
  readonly data: DataStore;
  readonly runsBucket: IBucket;
  /** The event bus, where it exists before the function (it is created with the routing). */
  readonly eventBus?: IEventBus;
}

function requireEventBus(resources: SharedResources): IEventBus {
  if (!resources.eventBus) {
    throw new Error(
      'A function declares event bus access, but no event bus was given to the function environment',
    );
  }
  return resources.eventBus;
}

/** The environment variables (names of tables, bucket and bus) a function with `access` gets. */
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
  if (access.eventBus === 'put') requireEventBus(resources).grantPutEventsTo(grantee);
}
