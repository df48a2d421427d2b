import { LimitExceededException, NotFoundException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import {
  classifyProviderError,
  DeliveryOutcomeUnknownError,
  PermanentDeliveryError,
  providerMayHaveAccepted,
  toDeliveryError,
} from '#adapters/channels/errors.ts';
import { TransientError } from '#domain/errors.ts';

/** An error shaped like an SDK service error: a name and the HTTP status in `$metadata`. */
function serviceError(name: string, httpStatusCode: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode }, ...extra });
}

/** An error shaped like a Node socket error. */
function networkError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}

describe('provider error classification', () => {
  it.each([
    ['SES TooManyRequestsException', serviceError('TooManyRequestsException', 429)],
    ['SES LimitExceededException (a sending quota)', serviceError('LimitExceededException', 400)],
    ['SMS ThrottlingException (HTTP 400)', serviceError('ThrottlingException', 400)],
    ['SMS InternalServerException', serviceError('InternalServerException', 500)],
    ['InternalFailure', serviceError('InternalFailure', 500)],
    ['ServiceUnavailable', serviceError('ServiceUnavailable', 503)],
    ['an unmodeled 502', serviceError('UnknownError', 502)],
    ['connection refused (never sent)', networkError('ECONNREFUSED')],
    ['DNS failure (never sent)', networkError('ENOTFOUND')],
  ])('treats %s as transient: the provider did not accept the message', (_label, error) => {
    const failure = classifyProviderError(error);
    expect(failure.kind).toBe('transient');
    expect(failure).toMatchObject({ accepted: 'no' });
    const mapped = toDeliveryError('email', error);
    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped).not.toBeInstanceOf(DeliveryOutcomeUnknownError);
    expect(mapped.cause).toBe(error);
    expect(providerMayHaveAccepted(mapped)).toBe(false);
  });

  it.each([
    ['ECONNRESET', networkError('ECONNRESET')],
    ['ETIMEDOUT', networkError('ETIMEDOUT')],
    ['the SDK TimeoutError', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    [
      'a wrapped undici socket error',
      Object.assign(new TypeError('fetch failed'), { cause: networkError('UND_ERR_SOCKET') }),
    ],
  ])('treats %s as transient with an unknown outcome', (_label, error) => {
    const mapped = toDeliveryError('sms', error);

    expect(classifyProviderError(error)).toMatchObject({ kind: 'transient', accepted: 'unknown' });
    expect(mapped).toBeInstanceOf(DeliveryOutcomeUnknownError);
    // Still retried by name like every TransientError.
    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped.name).toBe('TransientError');
    expect(providerMayHaveAccepted(mapped)).toBe(true);
  });

  it.each([
    ['SES MessageRejected', serviceError('MessageRejected', 400)],
    ['SES AccountSuspendedException', serviceError('AccountSuspendedException', 400)],
    ['SES SendingPausedException', serviceError('SendingPausedException', 400)],
    ['SES MailFromDomainNotVerifiedException', serviceError('MailFromDomainNotVerifiedException', 400)],
    ['SES NotFoundException (unknown identity or configuration set)', serviceError('NotFoundException', 404)],
    ['SES BadRequestException', serviceError('BadRequestException', 400)],
    ['SMS ValidationException', serviceError('ValidationException', 400)],
    ['SMS AccessDeniedException', serviceError('AccessDeniedException', 403)],
    ['SMS ResourceNotFoundException', serviceError('ResourceNotFoundException', 404)],
    [
      'SMS ServiceQuotaExceededException (monthly spend limit)',
      serviceError('ServiceQuotaExceededException', 402),
    ],
    ['a plain TypeError', new TypeError('Cannot read properties of undefined')],
    ['a thrown string', 'boom'],
  ])('treats %s as permanent', (_label, error) => {
    const mapped = toDeliveryError('email', error);

    expect(classifyProviderError(error).kind).toBe('permanent');
    expect(mapped).toBeInstanceOf(PermanentDeliveryError);
    expect(mapped.name).toBe('PermanentDeliveryError');
    expect(mapped.cause).toBe(error);
  });

  it('names the SDK error class as the code of a permanent failure', () => {
    const mapped = toDeliveryError('email', new NotFoundException({ message: 'no identity', $metadata: {} }));

    expect(mapped).toMatchObject({ code: 'NotFoundException', channel: 'email' });
  });

  it('classifies the real SES LimitExceededException class as transient', () => {
    const error = new LimitExceededException({ message: 'quota', $metadata: { httpStatusCode: 400 } });

    expect(classifyProviderError(error)).toEqual({
      kind: 'transient',
      accepted: 'no',
      code: 'LimitExceededException',
    });
  });

  it('keeps the provider reason of a permanent SMS refusal', () => {
    const error = serviceError('ServiceQuotaExceededException', 402, {
      Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
    });

    expect(classifyProviderError(error)).toEqual({
      kind: 'permanent',
      code: 'ServiceQuotaExceededException',
      providerReason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
    });
  });
});
