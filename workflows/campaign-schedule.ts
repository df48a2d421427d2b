import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  IntegrationPattern,
  type IStateMachine,
  JitterType,
  JsonPath,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors, validateAndStore } from './fragments/validate-and-store.ts';

/** Properties of the {@link CampaignScheduleWorkflow}. */
export interface CampaignScheduleWorkflowProps {
  /** The IngestEvent function (validates and stores the campaign or its cancellation). */
  readonly ingestEvent: IFunction;
  /** The RecordRejection function. */
  readonly recordRejection: IFunction;
  /** The ScheduleCampaign function (creates, replaces or deletes the campaign's schedule). */
  readonly scheduleCampaign: IFunction;
  /** The CampaignRun state machine, started at once for a preview. */
  readonly campaignRun: IStateMachine;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `CampaignSchedule` Express state machine, started by `Campaign Scheduled` and `Campaign
 * Cancelled`: `ValidateAndStore` (the campaign, latest wins; or its cancellation) → `Schedule`
 * (ScheduleCampaign: the EventBridge Scheduler schedule matches the stored campaign, or is deleted) →
 * `IsPreview`: a preview (`dryRun`) starts CampaignRun at once (`StartPreview` → `PreviewStarted`),
 * otherwise `Scheduled`. An invalid campaign (field errors) goes `RecordRejection` → `Rejected`, and no
 * schedule is touched.
 */
export class CampaignScheduleWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: CampaignScheduleWorkflowProps) {
    super(scope, id);

    const schedule = new LambdaInvoke(this, 'Schedule', {
      lambdaFunction: props.scheduleCampaign,
      comment: 'Creates, replaces or deletes the campaign’s schedule; a preview says when it would run',
      // The whole state (the event and what ValidateAndStore stored) is the payload.
      payloadResponseOnly: true,
      resultPath: '$.scheduled',
    });
    retryTransientErrors(schedule);

    const startPreview = new StepFunctionsStartExecution(this, 'StartPreview', {
      stateMachine: props.campaignRun,
      comment: 'Runs the preview now: the same workflow, nothing claimed or sent',
      integrationPattern: IntegrationPattern.REQUEST_RESPONSE,
      input: TaskInput.fromJsonPathAt('$.scheduled.run'),
      resultPath: JsonPath.DISCARD,
    });
    startPreview.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(1),
      backoffRate: 2,
      maxAttempts: 3,
      jitterStrategy: JitterType.FULL,
    });

    const isPreview = new Choice(this, 'IsPreview', { comment: 'A dryRun campaign is previewed at once' })
      .when(
        Condition.stringEquals('$.scheduled.action', 'preview'),
        startPreview.next(
          new Succeed(this, 'PreviewStarted', { comment: 'CampaignRun previews the campaign' }),
        ),
      )
      .otherwise(new Succeed(this, 'Scheduled', { comment: 'The schedule matches the stored campaign' }));

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      next: schedule.next(isPreview),
    });

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.EXPRESS,
      comment: 'Stores a campaign (or its cancellation) and makes its EventBridge Scheduler schedule match',
      invokedFunctions: [props.ingestEvent, props.recordRejection, props.scheduleCampaign],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
