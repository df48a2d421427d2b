/** A field-level validation problem: `path` is a dotted path into the event detail (`lines[0].amount`). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The names of the errors workflows catch or retry by name (a thrown error's `name` is its Step
 * Functions `Error`): the classes below take their names from here, and the workflows' Catch and Retry
 * fields name them from here too.
 */
export const ERROR_NAMES = {
  invalidEvent: 'InvalidEventError',
  transient: 'TransientError',
} as const;

/**
 * The event does not satisfy its contract. Workflows catch this error by name (`InvalidEventError`)
 * and record the event as rejected; it is never retried.
 */
export class InvalidEventError extends Error {
  override readonly name = ERROR_NAMES.invalidEvent;
  readonly errors: FieldError[];

  constructor(detailType: string, errors: FieldError[], options?: ErrorOptions) {
    super(JSON.stringify({ detailType, errors: errors.slice(0, 50) }), options);
    this.errors = errors;
  }
}

/**
 * A dependency failed in a way that may succeed on a later attempt (throttling, a 5xx, a timeout).
 * Workflows retry this error by name with backoff and jitter.
 */
export class TransientError extends Error {
  override readonly name = ERROR_NAMES.transient;
}

/** The input of an SNS-subscribed function is not an SNS event (`{ Records: [{ Sns: { Message } }] }`). */
export class InvalidSnsEventError extends Error {
  override readonly name = 'InvalidSnsEventError';
}
