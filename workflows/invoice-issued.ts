import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  type StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { workflowStateMachine } from './fragments/state-machine-defaults.ts';
import { retryTransientErrors, validateAndStore } from './fragments/validate-and-store.ts';

/** Properties of the {@link InvoiceIssuedWorkflow}. */
export interface InvoiceIssuedWorkflowProps {
  /** The IngestEvent function (validates and stores the invoice). */
  readonly ingestEvent: IFunction;
  /** The ExplainInvoice function (assesses the stored invoice, requests an explanation, alerts billing). */
  readonly explainInvoice: IFunction;
  /** The RecordRejection function (stores a rejected event). */
  readonly recordRejection: IFunction;
  /** Retention of the workflow's log group. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The `InvoiceIssued` Express state machine, started once per `Invoice Issued` event (by EventBridge or
 * directly): `ValidateAndStore` → `ExplainInvoice` → `IsSurprising` → `Explained` (an explanation was
 * requested from the send gate) or `AsUsual`. An `InvalidEventError` from ValidateAndStore goes
 * `RecordRejection` → `Rejected`.
 */
export class InvoiceIssuedWorkflow extends Construct {
  /** The state machine (logical ID derived from this construct's id). */
  readonly stateMachine: StateMachine;
  /** Its log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: InvoiceIssuedWorkflowProps) {
    super(scope, id);

    const explain = new LambdaInvoke(this, 'ExplainInvoice', {
      lambdaFunction: props.explainInvoice,
      comment:
        'Assesses the stored invoice against the customer’s history; requests an explanation when it is ' +
        'surprising and alerts billing when it duplicates an earlier one',
      payload: TaskInput.fromJsonPathAt('$'),
      resultSelector: {
        'invoiceId.$': '$.Payload.invoiceId',
        'explained.$': '$.Payload.explained',
        'reasons.$': '$.Payload.reasons',
        'duplicate.$': '$.Payload.duplicate',
        'pastDue.$': '$.Payload.pastDue',
      },
      resultPath: '$.explanation',
    });
    retryTransientErrors(explain);

    const isSurprising = new Choice(this, 'IsSurprising', {
      comment: 'Whether an explanation was requested from the send gate',
    })
      .when(
        Condition.booleanEquals('$.explanation.explained', true),
        new Succeed(this, 'Explained', {
          comment: 'The invoice is surprising: an explanation is on its way',
        }),
      )
      .otherwise(new Succeed(this, 'AsUsual', { comment: 'Nothing to explain (or too late to)' }));

    const definition = validateAndStore(this, {
      ingestEvent: props.ingestEvent,
      recordRejection: props.recordRejection,
      next: explain.next(isSurprising),
    });

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = workflowStateMachine(this, id, {
      definition,
      type: StateMachineType.EXPRESS,
      comment: 'Stores one Invoice Issued event and explains the invoice when it is surprising',
      invokedFunctions: [props.ingestEvent, props.explainInvoice, props.recordRejection],
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    }));
  }
}
