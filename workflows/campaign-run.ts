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
  Pass,
  S3JsonLItemReader,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { grantDistributedMapAccess } from './fragments/distributed-map-access.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors } from './fragments/validate-and-store.ts';

/** Properties of the {@link CampaignRunWorkflow}. */
export interface CampaignRunWorkflowProps {
  /** StartCampaignRun: claims the run, evaluates the audience, writes the snapshot (one file per wave). */
  readonly startCampaignRun: IFunction;
  /** SendCampaignBatch: holdout, cancellation and the send gate for one batch of the audience. */
  readonly sendCampaignBatch: IFunction;
  /** CompleteCampaignRun: counts the outcomes, publishes Campaign Run Completed, writes the preview. */
  readonly completeCampaignRun: IFunction;
  /** The runs bucket (snapshots, tallies, previews under campaigns/). */
  readonly runsBucket: IBucket;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `CampaignRun` Standard state machine, started by the campaign's EventBridge Scheduler schedule
 * (`{ campaignId, scheduledAt }`) or by CampaignSchedule for a preview (`preview: true`):
 * `StartRun` (claim the run, evaluate the audience, snapshot it to the runs bucket in waves) →
 * `Runs`: `NotRun` (cancelled, unknown, or already run) or, for each wave in time order
 * (`MoreWaves` → `PickWave` → `IsPreview` → `UntilSendAt`, a Wait until the wave's instant, skipped by a
 * preview → `SendBatches`, a Distributed Map over the wave's file in batches, each an Express child
 * running `SendBatch`; `PickWave` has already moved the index on); then `CompleteRun`
 * (counts every member's outcome) → `AllDecided`: `Completed`, or `UntilDecided` (a Wait while the send
 * gate still works or an SMS waits for the morning) → `CountAgain` → `CompleteRun`.
 * A paced run (the campaign's `maxPerSecond`, never above its share of the account's SES rate) holds
 * its rate inside the map: each batch's child waits ten seconds after its requests
 * (`PaceBatch`), `concurrency` batches at a time. Five Standard transitions per wave (one per distinct
 * instant), whatever the audience and its pace.
 */
export class CampaignRunWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: CampaignRunWorkflowProps) {
    super(scope, id);

    const start = new LambdaInvoke(this, 'StartRun', {
      lambdaFunction: props.startCampaignRun,
      comment: 'Claims the run, evaluates the audience and writes the snapshot: { action, runAt, waves, … }',
      payload: TaskInput.fromObject({ input: JsonPath.objectAt('$'), execution: JsonPath.executionId }),
      payloadResponseOnly: true,
      resultPath: '$.run',
    });
    retryTransientErrors(start);

    const firstWave = new Pass(this, 'FirstWave', {
      comment: 'The run and the first wave’s index',
      parameters: { 'run.$': '$.run', waveIndex: 0, attempt: 0 },
    });
    const pickWave = new Pass(this, 'PickWave', {
      comment: 'The wave at waveIndex, and waveIndex moved on to the next one (one state less a wave)',
      parameters: {
        'run.$': '$.run',
        'waveIndex.$': 'States.MathAdd($.waveIndex, 1)',
        'attempt.$': '$.attempt',
        'wave.$': 'States.ArrayGetItem($.run.waves, $.waveIndex)',
      },
    });
    const untilSendAt = new Wait(this, 'UntilSendAt', {
      comment: 'Until the wave’s instant: the time on its customers’ own clock',
      time: WaitTime.timestampPath('$.wave.sendAt'),
    });

    const sendBatch = new LambdaInvoke(this, 'SendBatch', {
      lambdaFunction: props.sendCampaignBatch,
      comment: 'Holdout, cancellation and the send gate for one batch: { BatchInput, Items: [member] }',
      payload: TaskInput.fromJsonPathAt('$'),
      resultSelector: { 'summary.$': '$.Payload' },
      resultPath: '$.batch',
    });
    retryTransientErrors(sendBatch);
    // The pace: a child lasts at least pauseSeconds (0 when unpaced), so at most `concurrency` batches
    // go per window. The child's output is the batch's small summary, not its members.
    const summary = new Pass(this, 'BatchSummary', {
      comment: 'What the child gives the map: the batch’s counts and its pause, not its members',
      parameters: { 'summary.$': '$.batch.summary', 'pauseSeconds.$': '$.BatchInput.pauseSeconds' },
    });
    const paceBatch = new Wait(this, 'PaceBatch', {
      comment:
        'Holds the batch’s slot for the pace window after its requests (0 s when the run is not paced)',
      time: WaitTime.secondsPath('$.pauseSeconds'),
    });
    sendBatch.next(summary).next(paceBatch);

    const sendBatches = new DistributedMap(this, 'SendBatches', {
      comment: 'The wave’s audience, in batches, each batch one Express child execution',
      itemReader: new S3JsonLItemReader({
        bucketNamePath: JsonPath.stringAt('$.run.bucket'),
        key: JsonPath.stringAt('$.wave.key'),
      }),
      itemBatcher: new ItemBatcher({
        maxItemsPerBatchPath: '$.run.batchSize',
        batchInput: {
          'campaignId.$': '$.run.campaignId',
          'runAt.$': '$.run.runAt',
          'dryRun.$': '$.run.dryRun',
          'talliesPrefix.$': '$.run.talliesPrefix',
          'pauseSeconds.$': '$.run.pauseSeconds',
        },
      }),
      mapExecutionType: StateMachineType.EXPRESS,
      maxConcurrencyPath: '$.run.concurrency',
      // Nobody may go without a record: a batch that still fails after its retries fails the run, which
      // can be redriven (the ledger keeps what was done to one record each).
      toleratedFailurePercentage: 0,
      resultSelector: { 'batches.$': 'States.ArrayLength($)' },
      resultPath: JsonPath.DISCARD,
    });
    sendBatches.itemProcessor(sendBatch);

    const complete = new LambdaInvoke(this, 'CompleteRun', {
      lambdaFunction: props.completeCampaignRun,
      comment: 'Counts every member’s outcome; publishes Campaign Run Completed once all are decided',
      payload: TaskInput.fromObject({
        run: JsonPath.objectAt('$.run'),
        attempt: JsonPath.numberAt('$.attempt'),
      }),
      payloadResponseOnly: true,
      resultPath: '$.completion',
    });
    retryTransientErrors(complete);
    const countAgain = new Pass(this, 'CountAgain', {
      parameters: { 'run.$': '$.run', 'attempt.$': '$.completion.attempt' },
    });
    const allDecided = new Choice(this, 'AllDecided', { comment: 'Whether every member’s outcome is known' })
      .when(
        Condition.booleanEquals('$.completion.complete', true),
        new Succeed(this, 'Completed', {
          comment: 'Every audience member has one record; the run is reported',
        }),
      )
      .otherwise(
        new Wait(this, 'UntilDecided', {
          comment: 'The send gate is still deciding (or an SMS waits for the morning)',
          time: WaitTime.secondsPath('$.completion.waitSeconds'),
        })
          .next(countAgain)
          .next(complete),
      );
    complete.next(allDecided);

    const moreWaves = new Choice(this, 'MoreWaves', { comment: 'Whether a wave is left' })
      .when(Condition.numberLessThanJsonPath('$.waveIndex', '$.run.waveCount'), pickWave)
      .otherwise(complete);
    sendBatches.next(moreWaves);
    pickWave.next(
      new Choice(this, 'IsPreview', { comment: 'A preview does not wait for the wave’s time' })
        .when(Condition.booleanEquals('$.run.dryRun', true), sendBatches)
        .otherwise(untilSendAt.next(sendBatches)),
    );

    const definition = start.next(
      new Choice(this, 'Runs', { comment: 'Whether this run goes ahead' })
        .when(
          Condition.stringEquals('$.run.action', 'skip'),
          new Succeed(this, 'NotRun', { comment: 'Cancelled, unknown, or another execution has the run' }),
        )
        .otherwise(firstWave.next(moreWaves)),
    );

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment:
        'Runs a campaign: audience snapshot, waves on customers’ own clocks, batches through the send gate',
      // Up to a day of waves (time zones) and 36 hours of counting.
      timeout: Duration.days(4),
      invokedFunctions: [props.startCampaignRun, props.sendCampaignBatch, props.completeCampaignRun],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));

    grantDistributedMapAccess(this.stateMachine, {
      bucket: props.runsBucket,
      keyPattern: 'campaigns/*',
      reason:
        'The ItemReader reads the audience snapshot StartRun wrote, whose key is known only at run time; ' +
        'the role may only s3:GetObject, and only under campaigns/ in the runs bucket.',
    });
  }
}
