import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type ClientContext, clientConfig } from './context.ts';

/**
 * The SES v2 client of a function that sends e-mail, created with `maxAttempts: 1`: the SDK never
 * retries a send on its own. The workflow retries with backoff and jitter, so every attempt is visible,
 * and the idempotency ledger knows of each attempt that may have reached the provider
 * (docs/idempotency.md).
 */
export function sesClient(context: ClientContext): SESv2Client {
  return new SESv2Client({ ...clientConfig(context, context.endpoints?.ses), maxAttempts: 1 });
}

/**
 * The SES v2 client of a function that only reads the account (its sending quota): the SDK's own
 * retries are fine here, nothing is sent.
 */
export function sesQuotaClient(context: ClientContext): SESv2Client {
  return new SESv2Client(clientConfig(context, context.endpoints?.ses));
}
