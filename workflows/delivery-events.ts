import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type StateMachine, StateMachineType, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors } from './fragments/validate-and-store.ts';

/** Properties of the {@link DeliveryEventsWorkflow}. */
export interface DeliveryEventsWorkflowProps {
  /** The RecordDeliveryEvent function: suppresses bounced and complaining addresses. */
  readonly recordDeliveryEvent: IFunction;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `DeliveryEvents` Express state machine, started once per SES event (bounce, complaint, delivery,
 * reject, rendering failure, delivery delay) from the default bus: `RecordDeliveryEvent` → `Recorded`.
 * RecordDeliveryEvent acts on permanent bounces and complaints and lets every other event through
 * unchanged, so there is no rejection path; an error it still throws after the retries fails the
 * execution (ERROR log, X-Ray), and the event can be replayed from the archive of SES events the
 * routing keeps on the default bus.
 */
export class DeliveryEventsWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: DeliveryEventsWorkflowProps) {
    super(scope, id);

    const record = new LambdaInvoke(this, 'RecordDeliveryEvent', {
      lambdaFunction: props.recordDeliveryEvent,
      comment: 'Suppresses the address after a hard bounce, complaint or reject; records the rest',
      payload: TaskInput.fromJsonPathAt('$'),
      outputPath: '$.Payload',
    });
    retryTransientErrors(record);
    const definition = record.next(
      new Succeed(this, 'Recorded', { comment: 'The delivery event is recorded' }),
    );

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.EXPRESS,
      comment: 'Records one SES delivery event: suppresses bounced and complaining addresses',
      invokedFunctions: [props.recordDeliveryEvent],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
