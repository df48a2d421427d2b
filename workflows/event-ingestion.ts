import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  QueryLanguage,
  StateMachine,
  StateMachineType,
  Succeed,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  acknowledgeErrorLevelLogging,
  acknowledgeStateMachineRole,
  workflowLogGroup,
  workflowLogOptions,
} from './fragments/state-machine-defaults.ts';
import { validateAndStore } from './fragments/validate-and-store.ts';

/** Properties of the {@link EventIngestionWorkflow}. */
export interface EventIngestionWorkflowProps {
  /** The IngestEvent function (validates and stores one event). */
  readonly ingestEvent: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `EventIngestion` Express state machine, started once per event (by EventBridge or directly):
 * `ValidateAndStore` → `Stored`; an `InvalidEventError` goes `RecordRejection` → `Rejected`.
 */
export class EventIngestionWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EventIngestionWorkflowProps) {
    super(scope, id);

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      next: new Succeed(this, 'Stored', { comment: 'The event is valid and stored' }),
    });

    this.logGroup = workflowLogGroup(this, id, props.logRetention);
    // 'Default' makes the state machine the default child and keeps this level out of its logical ID.
    this.stateMachine = new StateMachine(this, 'Default', {
      comment: 'Validates and stores one stille event; rejects and records an invalid one',
      stateMachineType: StateMachineType.EXPRESS,
      queryLanguage: QueryLanguage.JSON_PATH,
      definitionBody: DefinitionBody.fromChainable(definition),
      // Express executions cannot run longer than 5 minutes.
      timeout: Duration.minutes(5),
      tracingEnabled: true,
      logs: workflowLogOptions(this.logGroup),
    });
    acknowledgeErrorLevelLogging(this.stateMachine);
    acknowledgeStateMachineRole(this.stateMachine, [props.ingestEvent, props.recordRejection]);
  }
}
