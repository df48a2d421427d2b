import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type StateMachine, StateMachineType, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
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

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.EXPRESS,
      comment: 'Validates and stores one stille event; rejects and records an invalid one',
      invokedFunctions: [props.ingestEvent, props.recordRejection],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
