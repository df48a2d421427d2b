import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  JsonPath,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { SECOND_NOTICE_AFTER_HOURS } from '#domain/support/delay-notices.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors, validateAndStore } from './fragments/validate-and-store.ts';

/** Properties of the {@link SupportTicketWorkflow}. */
export interface SupportTicketWorkflowProps {
  /** The IngestEvent function (validates and stores the ticket). */
  readonly ingestEvent: IFunction;
  /** The CheckTicketResponse function (reads the ticket; requests a delay notice when it is unanswered). */
  readonly checkTicketResponse: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /**
   * Longest an execution may run: the time to the promised response plus a day. A ticket due later
   * than this fails its execution (and is visible in the workflow's failed executions). @default 90 days
   */
  readonly timeout?: Duration;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `SupportTicket` Standard state machine, one execution per `Support Ticket Opened` event:
 * `ValidateAndStore` → `WaitForResponseDue` (until the ticket's `responseDueAt`) → `CheckFirstResponse`
 * (a delay notice when the ticket is still unanswered) → `StillUnanswered` → either `AnsweredInTime`
 * (Succeed), or `WaitADay` (24 h) → `CheckSecondResponse` (a second, last notice and a `support-delay`
 * alert when it is still unanswered), which ends the execution. An invalid event goes
 * `RecordRejection` → `Rejected`.
 *
 * Updates and resolutions of the ticket are not sent to the execution: they are stored by the
 * ingestion workflow, and each check reads the ticket as stored. 5 state transitions for a ticket
 * answered in time, 6 for a late one; nothing is billed while waiting.
 */
export class SupportTicketWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SupportTicketWorkflowProps) {
    super(scope, id);

    const check = (stateId: string, notice: 1 | 2, comment: string) =>
      retryTransientErrors(
        new LambdaInvoke(this, stateId, {
          lambdaFunction: props.checkTicketResponse,
          comment,
          payload: TaskInput.fromObject({ ticketId: JsonPath.stringAt('$.detail.ticketId'), notice }),
          resultSelector: { 'late.$': '$.Payload.late', 'notice.$': '$.Payload.notice' },
          resultPath: '$.check',
        }),
      );

    const waitForDue = new Wait(this, 'WaitForResponseDue', {
      comment: 'Sleeps until the response the customer was promised is due (responseDueAt)',
      time: WaitTime.timestampPath('$.detail.responseDueAt'),
    });
    const first = check(
      'CheckFirstResponse',
      1,
      'Reads the stored ticket; when it is still unanswered, requests the first delay notice',
    );
    const waitADay = new Wait(this, 'WaitADay', {
      comment: 'Gives support one more day before the second, last notice',
      time: WaitTime.duration(Duration.hours(SECOND_NOTICE_AFTER_HOURS)),
    });
    // The last state: a Succeed after it would add a billed transition and say nothing.
    const second = check(
      'CheckSecondResponse',
      2,
      'When the ticket is still unanswered a day later: the second, last notice and a support-delay alert',
    );
    const stillUnanswered = new Choice(this, 'StillUnanswered', {
      comment: 'Whether the first notice went out (the ticket was late)',
    })
      .when(Condition.booleanEquals('$.check.late', true), waitADay.next(second))
      .otherwise(
        new Succeed(this, 'AnsweredInTime', {
          comment: 'Answered, resolved or waiting on the customer by the due time: no notice',
        }),
      );

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      next: waitForDue.next(first).next(stillUnanswered),
    });

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.STANDARD,
      comment: 'Keeps the response promise of one support ticket: a notice when it breaks, at most two',
      timeout: props.timeout ?? Duration.days(90),
      invokedFunctions: [props.ingestEvent, props.checkTicketResponse, props.recordRejection],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
