import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  DistributedMap,
  ItemBatcher,
  JsonPath,
  S3JsonLItemReader,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { grantDistributedMapAccess } from './fragments/distributed-map-access.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors, validateAndStore } from './fragments/validate-and-store.ts';

/** Properties of the {@link PriceChangeWorkflow}. */
export interface PriceChangeWorkflowProps {
  /** The IngestEvent function (validates and stores the announcement). */
  readonly ingestEvent: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /** The PreparePriceChangeNotices function (lists the open-ended products on the tariff in the runs bucket). */
  readonly preparePriceChangeNotices: IFunction;
  /** The NotifyPriceChangeBatch function (requests the notices of one batch of customers). */
  readonly notifyPriceChangeBatch: IFunction;
  /** The ReportPriceChangeNotices function (adds the batches up, raises the late-notice alert). */
  readonly reportPriceChangeNotices: IFunction;
  /** The bucket the recipient lists are written to; the Distributed Map reads them from it. */
  readonly runsBucket: IBucket;
  /**
   * Customers per child execution. @default 100 — a batch then takes a second or so on AWS, and stays
   * well inside NotifyBatch's timeout on a loaded embedded runtime too, where 500 customers × 20 batches
   * sharing one process took longer than two minutes a batch.
   */
  readonly maxItemsPerBatch?: number;
  /** Child executions running at once. @default 10 */
  readonly maxConcurrency?: number;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `PriceChange` Standard state machine, started by a `Price Change Announced` event:
 * `ValidateAndStore` → `PrepareNotices` (the open-ended products on the tariff, from the `byTariff`
 * index, as a JSON Lines file) → `AnyoneAffected` → `NotifyCustomers` (Distributed Map over that file in
 * batches, each an Express child running `NotifyBatch`) → `ReportNotices` (the totals, and one
 * `late-price-notice` alert when any customer's date had to move) → `Notified`; or `NoOneAffected`.
 * An invalid event goes `RecordRejection` → `Rejected`. A handful of Standard transitions per change,
 * whatever the number of customers.
 */
export class PriceChangeWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PriceChangeWorkflowProps) {
    super(scope, id);

    const prepare = new LambdaInvoke(this, 'PrepareNotices', {
      lambdaFunction: props.preparePriceChangeNotices,
      comment:
        'Lists the open-ended products on the tariff (byTariff index) in the runs bucket: ' +
        '{ priceChangeId, bucket, key, recipients, fixedTerm }',
      payload: TaskInput.fromJsonPathAt('$'),
      resultSelector: {
        'priceChangeId.$': '$.Payload.priceChangeId',
        'bucket.$': '$.Payload.bucket',
        'key.$': '$.Payload.key',
        'talliesPrefix.$': '$.Payload.talliesPrefix',
        'recipients.$': '$.Payload.recipients',
        'fixedTerm.$': '$.Payload.fixedTerm',
      },
      resultPath: '$.prepared',
    });
    retryTransientErrors(prepare);

    const notifyBatch = new LambdaInvoke(this, 'NotifyBatch', {
      lambdaFunction: props.notifyPriceChangeBatch,
      comment:
        'Requests the notices of one batch: { BatchInput: { priceChangeId, talliesPrefix }, Items: [recipient] }; puts its tally in S3',
      payload: TaskInput.fromJsonPathAt('$'),
      outputPath: '$.Payload',
    });
    retryTransientErrors(notifyBatch);

    const notifyCustomers = new DistributedMap(this, 'NotifyCustomers', {
      comment: 'Every open-ended product on the tariff, in batches, each batch one Express child execution',
      itemReader: new S3JsonLItemReader({
        bucketNamePath: JsonPath.stringAt('$.prepared.bucket'),
        key: JsonPath.stringAt('$.prepared.key'),
      }),
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: props.maxItemsPerBatch ?? 100,
        batchInput: {
          'priceChangeId.$': '$.prepared.priceChangeId',
          'talliesPrefix.$': '$.prepared.talliesPrefix',
        },
      }),
      mapExecutionType: StateMachineType.EXPRESS,
      maxConcurrency: props.maxConcurrency ?? 10,
      // No customer may go without a notice: a batch that still fails after its retries fails the
      // execution, which can be redriven (the ledger keeps the notices already sent to one each).
      toleratedFailurePercentage: 0,
      // The batches put their tallies in the runs bucket; keep only how many there are (the state stays
      // small whatever the number of customers).
      resultSelector: { 'batches.$': 'States.ArrayLength($)' },
      resultPath: '$.notified',
    });
    notifyCustomers.itemProcessor(notifyBatch);

    const report = new LambdaInvoke(this, 'ReportNotices', {
      lambdaFunction: props.reportPriceChangeNotices,
      comment: 'Adds up the tallies; raises one late-price-notice alert when customers’ dates moved',
      payload: TaskInput.fromObject({
        'stored.$': '$.stored',
        'prepared.$': '$.prepared',
        'notified.$': '$.notified',
      }),
      outputPath: '$.Payload',
    });
    retryTransientErrors(report);

    const anyoneAffected = new Choice(this, 'AnyoneAffected', {
      comment: 'Whether any open-ended product is on the tariff',
    })
      .when(
        Condition.numberGreaterThan('$.prepared.recipients', 0),
        notifyCustomers
          .next(report)
          .next(new Succeed(this, 'Notified', { comment: 'Every affected customer’s notice was requested' })),
      )
      .otherwise(new Succeed(this, 'NoOneAffected', { comment: 'No open-ended product is on the tariff' }));

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      next: prepare.next(anyoneAffected),
    });

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment: 'Notifies every open-ended customer of a tariff of a price change, on time by law',
      timeout: Duration.hours(24),
      invokedFunctions: [
        props.ingestEvent,
        props.recordRejection,
        props.preparePriceChangeNotices,
        props.notifyPriceChangeBatch,
        props.reportPriceChangeNotices,
      ],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));

    grantDistributedMapAccess(this.stateMachine, {
      bucket: props.runsBucket,
      keyPattern: 'price-changes/*',
      reason:
        'The ItemReader reads the recipient list PrepareNotices wrote, whose key is known only at run ' +
        'time; the role may only s3:GetObject, and only under price-changes/ in the runs bucket.',
    });
  }
}
