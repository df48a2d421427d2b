import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type Chain, type IChainable, JitterType, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ERROR_NAMES } from '#domain/errors.ts';

/** Errors a handler throws when a later attempt may succeed (see functions/domain/errors.ts), plus Lambda throttling. */
export const TRANSIENT_ERRORS = [ERROR_NAMES.transient, 'Lambda.TooManyRequestsException'];

/** The error a handler throws for an event that breaks its contract; never retried, always recorded. */
export const INVALID_EVENT_ERROR = ERROR_NAMES.invalidEvent;

/**
 * Adds stille's retry of transient errors to a Lambda task, after the Lambda service retries CDK adds
 * by default: 1 s, doubling, 5 attempts, full jitter (so throttled batches do not retry in lockstep).
 */
export function retryTransientErrors(task: LambdaInvoke): LambdaInvoke {
  task.addRetry({
    errors: TRANSIENT_ERRORS,
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 5,
    jitterStrategy: JitterType.FULL,
  });
  return task;
}

/**
 * The path of a rejected event: Task `RecordRejection` (stores the event and its error in the
 * Rejections table) → Succeed `Rejected`. Its input is the workflow input with the caught error at
 * `$.error`; the execution's output is what RecordRejection returns. Build it once per state machine.
 */
export function rejectionPath(scope: Construct, recordRejection: IFunction): LambdaInvoke {
  const record = new LambdaInvoke(scope, 'RecordRejection', {
    lambdaFunction: recordRejection,
    comment: 'Stores the rejected event with its field-level errors, for ops',
    // The original input with the caught error at $.error, as RecordRejectionInput expects it.
    payload: TaskInput.fromJsonPathAt('$'),
    outputPath: '$.Payload',
  });
  retryTransientErrors(record);
  record.next(new Succeed(scope, 'Rejected', { comment: 'The event broke its contract and is recorded' }));
  return record;
}

/** Sends `InvalidEventError` from `task`, with the error at `$.error` next to the input, to `rejection`. */
export function catchInvalidEvent(task: LambdaInvoke, rejection: IChainable): LambdaInvoke {
  task.addCatch(rejection, { errors: [INVALID_EVENT_ERROR], resultPath: '$.error' });
  return task;
}

/** Properties of {@link validateAndStore}. */
export interface ValidateAndStoreProps {
  /** The IngestEvent function: validates the event against its contract and stores it. */
  readonly ingestEvent: IFunction;
  /** The RecordRejection function. */
  readonly recordRejection: IFunction;
  /** Where a stored event goes next. */
  readonly next: IChainable;
}

/**
 * Task `ValidateAndStore` (the whole input to IngestEvent; `{ detailType, key }` of its result at
 * `$.stored`), retried on transient errors, catching `InvalidEventError` into the rejection path,
 * then `next`.
 */
export function validateAndStore(scope: Construct, props: ValidateAndStoreProps): Chain {
  const task = new LambdaInvoke(scope, 'ValidateAndStore', {
    lambdaFunction: props.ingestEvent,
    comment: 'Validates the event against its contract and stores what it says',
    payload: TaskInput.fromJsonPathAt('$'),
    resultSelector: {
      'detailType.$': '$.Payload.detailType',
      'key.$': '$.Payload.key',
    },
    resultPath: '$.stored',
  });
  retryTransientErrors(task);
  catchInvalidEvent(task, rejectionPath(scope, props.recordRejection));
  return task.next(props.next);
}
