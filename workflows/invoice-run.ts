import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
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
import { catchInvalidEvent, rejectionPath, retryTransientErrors } from './fragments/validate-and-store.ts';

/** Properties of the {@link InvoiceRunWorkflow}. */
export interface InvoiceRunWorkflowProps {
  /** The PrepareInvoiceRun function (validates the run event, returns `{ runId, eventId, bucket, key, count, location }`). */
  readonly prepareInvoiceRun: IFunction;
  /** The ProcessInvoiceBatch function (handles one batch of invoices). */
  readonly processInvoiceBatch: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /** The bucket the run files are in; the Distributed Map reads them from it. */
  readonly runsBucket: IBucket;
  /** Invoices per child execution. @default 500 */
  readonly maxItemsPerBatch?: number;
  /** Child executions running at once. @default 50 */
  readonly maxConcurrency?: number;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `InvoiceRun` Standard state machine, started by an `Invoice Run Submitted` event:
 * `PrepareRun` → `ProcessInvoices` (Distributed Map over the run's JSON Lines file, in batches, each
 * batch an Express child running `ProcessBatch`) → `RunProcessed`. An `InvalidEventError` from
 * PrepareRun goes `RecordRejection` → `Rejected`.
 */
export class InvoiceRunWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: InvoiceRunWorkflowProps) {
    super(scope, id);

    const prepareRun = new LambdaInvoke(this, 'PrepareRun', {
      lambdaFunction: props.prepareInvoiceRun,
      comment: 'Validates the run event and finds its file: { runId, eventId, bucket, key, count, location }',
      payload: TaskInput.fromJsonPathAt('$'),
      outputPath: '$.Payload',
    });
    retryTransientErrors(prepareRun);
    catchInvalidEvent(prepareRun, rejectionPath(this, props.recordRejection));

    const processBatch = new LambdaInvoke(this, 'ProcessBatch', {
      lambdaFunction: props.processInvoiceBatch,
      comment: 'Handles one batch: { BatchInput: { runId, eventId, location }, Items: [{ index, invoice }] }',
      payload: TaskInput.fromJsonPathAt('$'),
      outputPath: '$.Payload',
    });
    retryTransientErrors(processBatch);

    const processInvoices = new DistributedMap(this, 'ProcessInvoices', {
      comment: 'Every line of the run file, in batches, each batch one Express child execution',
      itemReader: new S3JsonLItemReader({
        bucketNamePath: JsonPath.stringAt('$.bucket'),
        key: JsonPath.stringAt('$.key'),
      }),
      itemSelector: {
        'index.$': '$$.Map.Item.Index',
        'invoice.$': '$$.Map.Item.Value',
      },
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: props.maxItemsPerBatch ?? 500,
        batchInput: {
          'runId.$': '$.runId',
          'eventId.$': '$.eventId',
          'location.$': '$.location',
        },
      }),
      mapExecutionType: StateMachineType.EXPRESS,
      maxConcurrency: props.maxConcurrency ?? 50,
      // No invoice may be lost: a batch that still fails after its retries fails the run (which can
      // then be redriven). CDK leaves a 0 out of the ASL, where 0 is the default anyway.
      toleratedFailurePercentage: 0,
      // Keep only the number of batches: the children's outputs are not needed downstream and the
      // array of them grows with the run.
      resultSelector: { 'count.$': 'States.ArrayLength($)' },
      resultPath: '$.batches',
    });
    processInvoices.itemProcessor(processBatch);

    const definition = prepareRun
      .next(processInvoices)
      .next(new Succeed(this, 'RunProcessed', { comment: 'Every invoice of the run was handled' }));

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment: 'Processes a whole billing run (a JSON Lines file of Invoice Issued details) in batches',
      timeout: Duration.hours(24),
      invokedFunctions: [props.prepareInvoiceRun, props.processInvoiceBatch, props.recordRejection],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));

    grantDistributedMapAccess(this.stateMachine, {
      bucket: props.runsBucket,
      keyPattern: '*',
      reason:
        'The ItemReader reads the run file named by the event, so the key is known only at run time; the ' +
        'role may only s3:GetObject, and only in the runs bucket.',
    });
  }
}
