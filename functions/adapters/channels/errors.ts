import { TransientError } from '#domain/errors.ts';

/** A delivery channel of the send gate. */
export type ChannelName = 'email' | 'sms';

/** The name (and Step Functions `Error`) of {@link PermanentDeliveryError}. */
export const PERMANENT_DELIVERY_ERROR = 'PermanentDeliveryError';

/**
 * The provider refused the message for good (invalid request, rejected content, suspended account,
 * unknown identity, opted-out destination, spend limit). Sending it again cannot help: the send gate
 * records the message as failed. DeliverMessage also throws it for facts that cannot be rendered
 * (`RenderError`) and for a message it gives up on (`OutcomeUnknown`), and throws it out of the handler
 * only after recording the message failed under its own claim, which RecordDeliveryFailure relies on
 * to raise the alert. Workflows catch this error by name (`PermanentDeliveryError`).
 */
export class PermanentDeliveryError extends Error {
  override readonly name = PERMANENT_DELIVERY_ERROR;
  /** The provider's error code (the SDK error's name, e.g. `MessageRejected`). */
  readonly code: string;
  readonly channel: ChannelName;
  /** The provider's reason, when it gives one (SMS `Reason`, e.g. `DESTINATION_PHONE_NUMBER_OPTED_OUT`). */
  readonly providerReason: string | undefined;

  constructor(
    channel: ChannelName,
    code: string,
    message: string,
    options: ErrorOptions & { providerReason?: string } = {},
  ) {
    super(message, options);
    this.channel = channel;
    this.code = code;
    this.providerReason = options.providerReason;
  }
}

/**
 * The request may have reached the provider, but no answer came back (connection reset, socket timeout):
 * the message may or may not have been accepted. Still a `TransientError` (its `name` is
 * `TransientError`, so workflows retry it), but the send gate must NOT release its ledger claim: the
 * next attempt finds the claim in flight and applies the per-purpose policy (docs/idempotency.md).
 */
export class DeliveryOutcomeUnknownError extends TransientError {
  /** The network error's code (`ECONNRESET`, `TimeoutError`, …). */
  readonly code: string;
  readonly channel: ChannelName;

  constructor(channel: ChannelName, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.channel = channel;
    this.code = code;
  }
}

/** The provider message id recorded when a provider accepted a message but answered no id. */
export const UNKNOWN_PROVIDER_ID = 'unknown';

/** How a failed send is treated. */
export type ProviderFailure =
  /** The provider did not accept the message (throttled, quota, 5xx, no connection): try again later. */
  | { kind: 'transient'; accepted: 'no'; code: string }
  /** No answer after the request may have been delivered: outcome unknown, retried under the in-flight policy. */
  | { kind: 'transient'; accepted: 'unknown'; code: string }
  /** Refused for good. */
  | { kind: 'permanent'; code: string; providerReason?: string };

/**
 * Error names that mean "not now": throttling, rate and sending quotas (SES v2 `LimitExceededException`
 * is a quota that frees up again), and server-side failures. Both SES v2 and End User Messaging SMS
 * names, plus the generic ones the SDK uses for unmodeled errors.
 */
const TRANSIENT_CODES = new Set([
  // SES v2
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalServiceErrorException',
  // End User Messaging SMS
  'ThrottlingException',
  'InternalServerException',
  // generic (unmodeled errors, other AWS protocols)
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequests',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServiceError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'SlowDown',
]);

/** Network failures before the request left this machine: the provider never saw it. */
const NOT_SENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** Network failures after the request may have reached the provider: nobody knows if it was accepted. */
const UNKNOWN_OUTCOME_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Reason?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

/** The network error code of an error or its cause (Node puts it in `code`, undici in `cause.code`). */
function networkCode(error: ErrorShape): string | undefined {
  for (const candidate of [error, shapeOf(error.cause)]) {
    for (const value of [candidate.code, candidate.name]) {
      if (typeof value !== 'string') continue;
      if (NOT_SENT_NETWORK_CODES.has(value) || UNKNOWN_OUTCOME_NETWORK_CODES.has(value)) return value;
    }
  }
  return undefined;
}

/**
 * Classifies an error thrown by an SES v2 `SendEmail` or SMS `SendTextMessage` call. The single place
 * where provider failures are sorted into "retry later" and "never": anything not known to be transient
 * is permanent, so an unexpected error never makes a workflow send again and again.
 */
export function classifyProviderError(error: unknown): ProviderFailure {
  const shape = shapeOf(error);
  const name = typeof shape.name === 'string' ? shape.name : 'UnknownError';
  const network = networkCode(shape);
  if (network !== undefined) {
    return NOT_SENT_NETWORK_CODES.has(network)
      ? { kind: 'transient', accepted: 'no', code: network }
      : { kind: 'transient', accepted: 'unknown', code: network };
  }
  if (TRANSIENT_CODES.has(name)) return { kind: 'transient', accepted: 'no', code: name };
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || (status >= 500 && status <= 599))) {
    return { kind: 'transient', accepted: 'no', code: name };
  }
  const providerReason = typeof shape.Reason === 'string' ? shape.Reason.slice(0, 128) : undefined;
  return providerReason === undefined
    ? { kind: 'permanent', code: name }
    : { kind: 'permanent', code: name, providerReason };
}

/**
 * The typed error a failed send becomes: `TransientError` (the provider did not accept it: release the
 * ledger claim and retry), `DeliveryOutcomeUnknownError` (a `TransientError` whose outcome is unknown:
 * keep the claim) or `PermanentDeliveryError`. The SDK error is kept as `cause`.
 */
export function toDeliveryError(
  channel: ChannelName,
  error: unknown,
): TransientError | DeliveryOutcomeUnknownError | PermanentDeliveryError {
  const failure = classifyProviderError(error);
  const said = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
  const operation = channel === 'email' ? 'SES SendEmail' : 'SMS SendTextMessage';
  if (failure.kind === 'transient' && failure.accepted === 'no') {
    return new TransientError(`${operation} failed transiently (${failure.code}): ${said}`, { cause: error });
  }
  if (failure.kind === 'transient') {
    return new DeliveryOutcomeUnknownError(
      channel,
      failure.code,
      `${operation} got no answer (${failure.code}); the provider may have accepted the message`,
      { cause: error },
    );
  }
  return new PermanentDeliveryError(
    channel,
    failure.code,
    `${operation} refused (${failure.code}): ${said}`,
    {
      cause: error,
      ...(failure.providerReason === undefined ? {} : { providerReason: failure.providerReason }),
    },
  );
}

/**
 * True when a failed send may have been accepted by the provider: the ledger claim must then stay
 * `sending` rather than be released.
 */
export function providerMayHaveAccepted(error: unknown): boolean {
  return error instanceof DeliveryOutcomeUnknownError;
}
