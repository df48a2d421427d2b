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
  Pass,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MESSAGE_REQUESTED } from '#domain/contracts/event-names.ts';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import {
  catchInvalidEvent,
  rejectionPath,
  retryTransientErrors,
  TRANSIENT_ERRORS,
} from './fragments/validate-and-store.ts';

/** Properties of the {@link SendMessageWorkflow}. */
export interface SendMessageWorkflowProps {
  /** The DecideMessage function: the contact policy for one request (`send`, `defer` or `suppress`). */
  readonly decideMessage: IFunction;
  /** The DeliverMessage function: renders, records and sends one message. */
  readonly deliverMessage: IFunction;
  /** The RecordDeliveryFailure function: records a message that could not be sent, and alerts. */
  readonly recordDeliveryFailure: IFunction;
  /** The RecordRejection function: stores an invalid request. */
  readonly recordRejection: IFunction;
  /** The DeferredSend state machine, started for a deferred message. */
  readonly deferredSend: IStateMachine;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `SendMessage` Express state machine: the send gate for one message request. Every message of
 * stille goes through it.
 *
 * The input is a `Message Requested` EventBridge event (the request at `$.detail`), or `{ request }`
 * from a direct `StartExecution`, which `FromRequest` turns into the same shape. Then `Decide`
 * (DecideMessage, decision at `$.decision`) and `RouteDecision` on `$.decision.action`:
 * - `send`: `Deliver` (DeliverMessage) → `Sent`; if delivery still fails after its retries,
 *   `RecordFailure` → `Failed`;
 * - `defer`: `ScheduleRetry` starts DeferredSend with `{ request, sendAt }` → `Deferred`;
 * - `suppress`: `Suppressed` (DecideMessage has recorded why).
 * An invalid request (`InvalidEventError` from Decide) goes `RecordRejection` → `Rejected`.
 */
export class SendMessageWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SendMessageWorkflowProps) {
    super(scope, id);

    // A direct start gives { request }; make it look like the event, so that everything after reads
    // the request at $.detail and a rejection is recorded with its detail-type and detail.
    const fromRequest = new Pass(this, 'FromRequest', {
      comment: 'A direct start: { request } becomes the Message Requested event shape',
      parameters: { 'detail-type': MESSAGE_REQUESTED, 'detail.$': '$.request' },
    });

    // DecideMessage's result is a tagged union (send | defer | suppress) whose fields vary; the plain
    // function ARN resource returns it as it is, so $.decision is the decision itself.
    const decide = new LambdaInvoke(this, 'Decide', {
      lambdaFunction: props.decideMessage,
      comment: 'The contact policy for this request: { action: send | defer | suppress, ... }',
      payloadResponseOnly: true,
      inputPath: '$.detail',
      resultPath: '$.decision',
    });
    retryTransientErrors(decide);
    catchInvalidEvent(decide, rejectionPath(this, props.recordRejection));

    // The execution's id is the claimant of the message's ledger claim: Deliver claims under it, and
    // RecordFailure may only settle a message this execution claimed (docs/idempotency.md).
    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: props.recordDeliveryFailure,
      comment: 'Records the message as failed (provider-error) if this execution claimed it, and alerts',
      payload: TaskInput.fromObject({
        request: JsonPath.objectAt('$.detail'),
        decision: JsonPath.objectAt('$.decision'),
        error: JsonPath.objectAt('$.error'),
        execution: JsonPath.executionId,
      }),
      outputPath: '$.Payload',
    });
    retryTransientErrors(recordFailure);
    recordFailure.next(
      new Succeed(this, 'Failed', { comment: 'The message could not be sent; it is recorded as failed' }),
    );

    const deliver = new LambdaInvoke(this, 'Deliver', {
      lambdaFunction: props.deliverMessage,
      comment: 'Renders the message, records it in the ledger and sends it (e-mail or SMS)',
      payload: TaskInput.fromObject({
        request: JsonPath.objectAt('$.detail'),
        decision: JsonPath.objectAt('$.decision'),
        execution: JsonPath.executionId,
      }),
      outputPath: '$.Payload',
    });
    // Provider throttling and outages: longer and capped, so a throttled channel is not hammered. The
    // ledger makes a retry after a send that did go out a no-op.
    deliver.addRetry({
      errors: TRANSIENT_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 6,
      maxDelay: Duration.seconds(60),
      jitterStrategy: JitterType.FULL,
    });
    deliver.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    deliver.next(new Succeed(this, 'Sent', { comment: 'The message was handed to the channel' }));

    const scheduleRetry = new StepFunctionsStartExecution(this, 'ScheduleRetry', {
      stateMachine: props.deferredSend,
      comment: 'Starts DeferredSend, which waits until sendAt and requests the message again',
      integrationPattern: IntegrationPattern.REQUEST_RESPONSE,
      input: TaskInput.fromObject({
        request: JsonPath.objectAt('$.detail'),
        sendAt: JsonPath.stringAt('$.decision.sendAt'),
      }),
      resultPath: JsonPath.DISCARD,
    });
    scheduleRetry.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(1),
      backoffRate: 2,
      maxAttempts: 3,
      jitterStrategy: JitterType.FULL,
    });
    // A deferral that cannot be scheduled would lose the message: record it as failed instead.
    scheduleRetry.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    scheduleRetry.next(
      new Succeed(this, 'Deferred', { comment: 'DeferredSend asks for the message again at sendAt' }),
    );

    const route = new Choice(this, 'RouteDecision', { comment: 'What the contact policy decided' })
      .when(Condition.stringEquals('$.decision.action', 'send'), deliver)
      .when(Condition.stringEquals('$.decision.action', 'defer'), scheduleRetry)
      .when(
        Condition.stringEquals('$.decision.action', 'suppress'),
        new Succeed(this, 'Suppressed', { comment: 'Not sent; DecideMessage recorded why' }),
      );
    // No otherwise: an unknown action fails the execution with States.NoChoiceMatched, visibly.

    decide.next(route);
    const definition = new Choice(this, 'IsEvent', {
      comment: 'An EventBridge event carries the request at $.detail',
    })
      .when(Condition.isPresent('$.detail'), decide)
      .otherwise(fromRequest.next(decide));

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.EXPRESS,
      comment: 'The send gate: contact policy, then the ledger and the channel, for one message request',
      invokedFunctions: [
        props.decideMessage,
        props.deliverMessage,
        props.recordDeliveryFailure,
        props.recordRejection,
      ],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
