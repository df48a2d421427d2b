import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  QueryLanguage,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  acknowledgeErrorLevelLogging,
  acknowledgeStateMachineRole,
  workflowLogGroup,
  workflowLogOptions,
} from './fragments/state-machine-defaults.ts';
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

    this.logGroup = workflowLogGroup(this, id, props.logRetention);
    // 'Default' makes the state machine the default child and keeps this level out of its logical ID.
    this.stateMachine = new StateMachine(this, 'Default', {
      comment: 'Records one SES delivery event: suppresses bounced and complaining addresses',
      stateMachineType: StateMachineType.EXPRESS,
      queryLanguage: QueryLanguage.JSON_PATH,
      definitionBody: DefinitionBody.fromChainable(definition),
      // Express executions cannot run longer than 5 minutes.
      timeout: Duration.minutes(5),
      tracingEnabled: true,
      logs: workflowLogOptions(this.logGroup),
    });
    acknowledgeErrorLevelLogging(this.stateMachine);
    acknowledgeStateMachineRole(this.stateMachine, [props.recordDeliveryEvent]);
  }
}
