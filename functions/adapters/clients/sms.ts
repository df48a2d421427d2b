import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { type ClientContext, clientConfig } from './context.ts';

/**
 * The AWS End User Messaging SMS client of a function that sends text messages, created with
 * `maxAttempts: 1` for the same reason as the SES client (see ses.ts): retries belong to the workflow
 * and the ledger.
 */
export function smsClient(context: ClientContext): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client({ ...clientConfig(context, context.endpoints?.sms), maxAttempts: 1 });
}
