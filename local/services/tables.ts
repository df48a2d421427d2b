import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  type ProvisionedThroughput,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import type { CloudFormationResource, CloudFormationTemplate } from '../cfn/template.ts';

/*
 * What is translated from `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable`:
 * TableName (when a plain string), KeySchema, AttributeDefinitions, BillingMode, ProvisionedThroughput,
 * GlobalSecondaryIndexes and LocalSecondaryIndexes (KeySchema, Projection, throughput).
 *
 * What is ignored, because dynalite has no use for it or no support for it: TimeToLiveSpecification
 * (dynalite never expires items), PointInTimeRecoverySpecification, SSESpecification, StreamSpecification,
 * KinesisStreamSpecification, ContributorInsightsSpecification, TableClass, DeletionProtectionEnabled,
 * OnDemandThroughput, WarmThroughput, ResourcePolicy, ImportSourceSpecification, Tags, and for global
 * tables the Replicas (one local table stands for every replica).
 *
 * dynalite does not enforce capacity, so provisioned throughput only has to be valid: when a provisioned
 * table or index gives none (or only auto scaling bounds), the minimum capacity or 5 units are used.
 */

/** A table resource of the template could not be created locally. */
export class LocalTableError extends Error {
  override readonly name = 'LocalTableError';
  /** Logical ID of the resource in the template. */
  readonly logicalId: string;

  constructor(logicalId: string, message: string, options?: ErrorOptions) {
    super(`${logicalId}: ${message}`, options);
    this.logicalId = logicalId;
  }
}

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);
const DEFAULT_CAPACITY_UNITS = 5;
const ACTIVE_POLL_MS = 5;
const ACTIVE_TIMEOUT_MS = 10_000;

/**
 * Creates a dynalite table for every `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` resource of
 * a synthesized template, and waits until they (and their indexes) are ACTIVE. A table that already
 * exists (a dynalite store kept on disk) is left as it is.
 *
 * @returns logical ID → physical table name: the resource's `TableName` when it is a plain string,
 *   otherwise its logical ID.
 * @throws LocalTableError when a resource cannot be translated or dynalite rejects it.
 */
export async function createTablesFromTemplate(
  client: DynamoDBClient,
  template: CloudFormationTemplate,
): Promise<Map<string, string>> {
  const inputs = new Map<string, CreateTableCommandInput>();
  const owners = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!TABLE_TYPES.has(resource.Type)) continue;
    const input = createTableInput(logicalId, resource);
    const tableName = input.TableName ?? logicalId;
    const owner = owners.get(tableName);
    if (owner !== undefined) {
      throw new LocalTableError(logicalId, `table name ${tableName} is already used by ${owner}`);
    }
    owners.set(tableName, logicalId);
    inputs.set(logicalId, input);
  }

  await Promise.all(
    [...inputs].map(async ([logicalId, input]) => {
      try {
        await client.send(new CreateTableCommand(input));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) {
          throw new LocalTableError(logicalId, `cannot create table ${input.TableName}`, { cause: error });
        }
      }
      await waitUntilActive(client, logicalId, input.TableName ?? logicalId);
    }),
  );

  return new Map([...inputs].map(([logicalId, input]) => [logicalId, input.TableName ?? logicalId]));
}

/** Translates one table resource into the CreateTable request dynalite gets. */
export function createTableInput(
  logicalId: string,
  resource: CloudFormationResource,
): CreateTableCommandInput {
  const properties = resource.Properties ?? {};
  const tableName = typeof properties.TableName === 'string' ? properties.TableName : logicalId;
  const isGlobalTable = resource.Type === 'AWS::DynamoDB::GlobalTable';
  const onDemand = properties.BillingMode === 'PAY_PER_REQUEST';
  const tableThroughput = onDemand
    ? undefined
    : isGlobalTable
      ? globalTableThroughput(properties, undefined)
      : tableProvisionedThroughput(properties.ProvisionedThroughput);

  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: keySchema(logicalId, properties.KeySchema, 'KeySchema'),
    AttributeDefinitions: attributeDefinitions(logicalId, properties.AttributeDefinitions),
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ...(tableThroughput === undefined ? {} : { ProvisionedThroughput: tableThroughput }),
  };

  const globalIndexes = list(properties.GlobalSecondaryIndexes);
  if (globalIndexes.length > 0) {
    input.GlobalSecondaryIndexes = globalIndexes.map((raw, i): GlobalSecondaryIndex => {
      const index = record(raw);
      const where = `GlobalSecondaryIndexes[${i}]`;
      const throughput = onDemand
        ? undefined
        : isGlobalTable
          ? globalTableThroughput(properties, index.IndexName)
          : (tableProvisionedThroughput(index.ProvisionedThroughput, tableThroughput) ?? tableThroughput);
      return {
        IndexName: requiredString(logicalId, index.IndexName, `${where}.IndexName`),
        KeySchema: keySchema(logicalId, index.KeySchema, `${where}.KeySchema`),
        Projection: projection(index.Projection),
        ...(throughput === undefined ? {} : { ProvisionedThroughput: throughput }),
      };
    });
  }

  const localIndexes = list(properties.LocalSecondaryIndexes);
  if (localIndexes.length > 0) {
    input.LocalSecondaryIndexes = localIndexes.map((raw, i): LocalSecondaryIndex => {
      const index = record(raw);
      const where = `LocalSecondaryIndexes[${i}]`;
      return {
        IndexName: requiredString(logicalId, index.IndexName, `${where}.IndexName`),
        KeySchema: keySchema(logicalId, index.KeySchema, `${where}.KeySchema`),
        Projection: projection(index.Projection),
      };
    });
  }
  return input;
}

async function waitUntilActive(client: DynamoDBClient, logicalId: string, tableName: string): Promise<void> {
  const deadline = performance.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (performance.now() > deadline) {
      throw new LocalTableError(
        logicalId,
        `table ${tableName} is still ${table?.TableStatus} after ${ACTIVE_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
  }
}

function keySchema(logicalId: string, value: unknown, where: string): KeySchemaElement[] {
  const elements = list(value).map((raw, i): KeySchemaElement => {
    const element = record(raw);
    const keyType = element.KeyType;
    if (keyType !== 'HASH' && keyType !== 'RANGE') {
      throw new LocalTableError(
        logicalId,
        `${where}[${i}].KeyType must be HASH or RANGE, got ${String(keyType)}`,
      );
    }
    return {
      AttributeName: requiredString(logicalId, element.AttributeName, `${where}[${i}].AttributeName`),
      KeyType: keyType,
    };
  });
  if (elements.length === 0) {
    throw new LocalTableError(logicalId, `${where} is missing or empty`);
  }
  return elements;
}

function attributeDefinitions(logicalId: string, value: unknown): AttributeDefinition[] {
  return list(value).map((raw, i) => {
    const definition = record(raw);
    const type = definition.AttributeType;
    if (type !== 'S' && type !== 'N' && type !== 'B') {
      throw new LocalTableError(
        logicalId,
        `AttributeDefinitions[${i}].AttributeType must be S, N or B, got ${String(type)}`,
      );
    }
    return {
      AttributeName: requiredString(
        logicalId,
        definition.AttributeName,
        `AttributeDefinitions[${i}].AttributeName`,
      ),
      AttributeType: type,
    };
  });
}

function projection(value: unknown): Projection {
  const raw = record(value);
  // CDK always writes a ProjectionType; ALL is assumed when a hand-written template leaves it out.
  const type =
    raw.ProjectionType === 'INCLUDE' || raw.ProjectionType === 'KEYS_ONLY' ? raw.ProjectionType : 'ALL';
  const nonKeyAttributes = list(raw.NonKeyAttributes).filter(
    (name): name is string => typeof name === 'string',
  );
  return type === 'INCLUDE'
    ? { ProjectionType: type, NonKeyAttributes: nonKeyAttributes }
    : { ProjectionType: type };
}

/** `ProvisionedThroughput` of a table or an index, or `fallback` when it gives none. */
function tableProvisionedThroughput(
  value: unknown,
  fallback?: ProvisionedThroughput,
): ProvisionedThroughput | undefined {
  const raw = record(value);
  const read = positiveNumber(raw.ReadCapacityUnits);
  const write = positiveNumber(raw.WriteCapacityUnits);
  if (read === undefined && write === undefined) {
    return (
      fallback ?? { ReadCapacityUnits: DEFAULT_CAPACITY_UNITS, WriteCapacityUnits: DEFAULT_CAPACITY_UNITS }
    );
  }
  return {
    ReadCapacityUnits: read ?? DEFAULT_CAPACITY_UNITS,
    WriteCapacityUnits: write ?? DEFAULT_CAPACITY_UNITS,
  };
}

/**
 * Throughput of a provisioned global table (or of one of its indexes when `indexName` is given): write
 * capacity from `WriteProvisionedThroughputSettings`, read capacity from the first replica.
 */
function globalTableThroughput(
  properties: Record<string, unknown>,
  indexName: unknown,
): ProvisionedThroughput {
  const index =
    indexName === undefined
      ? undefined
      : list(properties.GlobalSecondaryIndexes)
          .map(record)
          .find((candidate) => candidate.IndexName === indexName);
  const writeSettings = record((index ?? properties).WriteProvisionedThroughputSettings);
  const firstReplica = record(list(properties.Replicas)[0]);
  const readSettings =
    indexName === undefined
      ? record(firstReplica.ReadProvisionedThroughputSettings)
      : record(
          list(firstReplica.GlobalSecondaryIndexes)
            .map(record)
            .find((candidate) => candidate.IndexName === indexName)?.ReadProvisionedThroughputSettings,
        );
  return {
    ReadCapacityUnits:
      positiveNumber(readSettings.ReadCapacityUnits) ??
      positiveNumber(record(readSettings.ReadCapacityAutoScalingSettings).MinCapacity) ??
      DEFAULT_CAPACITY_UNITS,
    WriteCapacityUnits:
      positiveNumber(record(writeSettings.WriteCapacityAutoScalingSettings).MinCapacity) ??
      DEFAULT_CAPACITY_UNITS,
  };
}

function requiredString(logicalId: string, value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new LocalTableError(logicalId, `${where} must be a plain string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A positive number from a template value (CloudFormation also accepts numbers written as strings). */
function positiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
