import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** A string key attribute; every key in stille is a string (ids, dates, composite sort keys). */
export interface StilleKey {
  /** Attribute name, e.g. `customerId`. */
  readonly name: string;
}

/**
 * What a {@link StilleIndex} projects besides the keys: every attribute (`ALL`), or only the `attributes`
 * named (`INCLUDE`). A query of an `INCLUDE` index returns nothing else, and DynamoDB cannot change an
 * index's projection: a new projection needs a new index name.
 */
export type StilleProjection =
  | { readonly type: 'all' }
  | { readonly type: 'include'; readonly attributes: readonly string[] };

/** A global secondary index of a {@link StilleTable}. */
export interface StilleIndex {
  /** Index name, e.g. `byCustomer`. */
  readonly indexName: string;
  /** Partition key of the index. */
  readonly partitionKey: StilleKey;
  /** Sort key of the index, if any. */
  readonly sortKey?: StilleKey;
  /** The attributes the index holds besides the keys. @default { type: 'all' } */
  readonly projection?: StilleProjection;
}

/** Properties of a {@link StilleTable}. */
export interface StilleTableProps {
  /** Partition key of the table. */
  readonly partitionKey: StilleKey;
  /** Sort key of the table, if any. */
  readonly sortKey?: StilleKey;
  /** Global secondary indexes (projection ALL unless an index says otherwise). @default none */
  readonly indexes?: readonly StilleIndex[];
  /** Attribute holding an epoch-seconds expiry; DynamoDB deletes the item some time after it. @default no TTL */
  readonly timeToLiveAttribute?: string;
  /**
   * Refuse `DeleteTable` (also from CloudFormation) until it is switched off. The table is retained
   * on stack deletion either way.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A DynamoDB table with stille's defaults: on-demand capacity, point-in-time recovery, encryption at
 * rest with the AWS managed key (`aws/dynamodb`, visible as `SSESpecification` in the template and
 * audited in CloudTrail, with no key policy to maintain; a customer key would add a monthly key cost
 * and grants to manage for no control this data needs yet), deletion protection and retention on
 * stack deletion.
 *
 * Synthesizes one `AWS::DynamoDB::Table` (the resource the embedded runtime creates in dynalite).
 * The table is this construct's default child, so its logical ID is the same as if the table
 * stood in this construct's place.
 */
export class StilleTable extends Construct {
  /** The table. */
  readonly table: Table;
  /** Names of its global secondary indexes. */
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: StilleTableProps) {
    super(scope, id);
    // 'Default' makes the table the default child and keeps it out of the logical ID.
    this.table = new Table(this, 'Default', {
      partitionKey: { name: props.partitionKey.name, type: AttributeType.STRING },
      ...(props.sortKey ? { sortKey: { name: props.sortKey.name, type: AttributeType.STRING } } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    });
    this.indexNames = (props.indexes ?? []).map((index) => index.indexName);
    for (const index of props.indexes ?? []) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey.name, type: AttributeType.STRING } } : {}),
        ...projectionOf(index.projection ?? { type: 'all' }),
      });
    }
  }
}

/** The CDK projection properties of a {@link StilleProjection}. */
function projectionOf(projection: StilleProjection): {
  projectionType: ProjectionType;
  nonKeyAttributes?: string[];
} {
  return projection.type === 'all'
    ? { projectionType: ProjectionType.ALL }
    : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection.attributes] };
}
