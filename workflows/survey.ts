import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  type StateMachine,
  StateMachineType,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DEFAULT_SURVEY_DELAY_MINUTES } from '#domain/surveys/surveys.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors, validateAndStore } from './fragments/validate-and-store.ts';

/** Context key: minutes between a resolution or renewal and its survey. @default 120 */
export const SURVEY_DELAY_CONTEXT = 'stille:surveyDelayMinutes';

/** Properties of the {@link SurveyWorkflow}. */
export interface SurveyWorkflowProps {
  /** The IngestEvent function (validates and stores the resolution or renewal). */
  readonly ingestEvent: IFunction;
  /** The PlanSurvey function (when to ask: the delay after the event, by day on the customer's clock). */
  readonly planSurvey: IFunction;
  /** The RequestSurvey function (records the survey and requests it from the send gate). */
  readonly requestSurvey: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /**
   * How long after the event the survey is asked. @default the `stille:surveyDelayMinutes` context, else
   * 2 hours
   */
  readonly delay?: Duration;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `Survey` Standard state machine, one execution per `Support Ticket Resolved` or `Contract Renewed`
 * event: `ValidateAndStore` → `PlanSurvey` (2 hours after the event by default, moved out of the
 * customer's night) → `WaitBeforeSurvey` (until then) → `RequestSurvey` (records the survey, CSAT after a
 * ticket or NPS after a renewal, and requests it from the send gate), which ends the execution. An
 * invalid event goes `RecordRejection` → `Rejected`. Four state transitions per survey.
 *
 * Consent, opt-outs, quiet hours and the one-survey-per-90-days cap are the send gate's; the survey id
 * comes from the ticket or the renewal, so a replayed event asks for the same message and the ledger
 * drops it.
 */
export class SurveyWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;
  /** The delay it waits before asking. */
  readonly delay: Duration;

  constructor(scope: Construct, id: string, props: SurveyWorkflowProps) {
    super(scope, id);
    this.delay = props.delay ?? surveyDelayFromContext(this);

    const plan = retryTransientErrors(
      new LambdaInvoke(this, 'PlanSurvey', {
        lambdaFunction: props.planSurvey,
        comment: 'When to ask: the delay after the resolution or renewal, moved out of the customer’s night',
        payload: TaskInput.fromObject({
          'event.$': '$',
          delayMinutes: Math.round(this.delay.toMinutes({ integral: false })),
        }),
        resultSelector: { 'askAt.$': '$.Payload.askAt' },
        resultPath: '$.plan',
      }),
    );
    const wait = new Wait(this, 'WaitBeforeSurvey', {
      comment: 'Lets the resolution or renewal settle, and the night pass, before asking how it went',
      time: WaitTime.timestampPath('$.plan.askAt'),
    });
    const request = retryTransientErrors(
      new LambdaInvoke(this, 'RequestSurvey', {
        lambdaFunction: props.requestSurvey,
        comment: 'Records the survey and requests it from the send gate (consent, caps, quiet hours, ledger)',
        payload: TaskInput.fromJsonPathAt('$'),
        resultSelector: {
          'surveyId.$': '$.Payload.surveyId',
          'scale.$': '$.Payload.scale',
          'created.$': '$.Payload.created',
        },
        resultPath: '$.survey',
      }),
    );

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      // RequestSurvey ends the execution: a Succeed after it would add a billed transition.
      next: plan.next(wait).next(request),
    });

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment: 'Asks one survey question a while after a resolved ticket or a renewed contract',
      // The delay, a night, and room for retries.
      timeout: this.delay.plus(Duration.days(2)),
      invokedFunctions: [props.ingestEvent, props.planSurvey, props.requestSurvey, props.recordRejection],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}

/** The survey delay from the `stille:surveyDelayMinutes` context (1 minute to 30 days), else 2 hours. */
export function surveyDelayFromContext(scope: Construct): Duration {
  const value: unknown = scope.node.tryGetContext(SURVEY_DELAY_CONTEXT);
  if (value === undefined) return Duration.minutes(DEFAULT_SURVEY_DELAY_MINUTES);
  const minutes = typeof value === 'string' ? Number(value) : value;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 30 * 24 * 60) {
    throw new Error(
      `${SURVEY_DELAY_CONTEXT} must be a whole number of minutes from 1 to 43200, got ${String(value)}`,
    );
  }
  return Duration.minutes(minutes);
}
