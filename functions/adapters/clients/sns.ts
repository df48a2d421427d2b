import { SNSClient } from '@aws-sdk/client-sns';
import { type ClientContext, clientConfig } from './context.ts';

/**
 * The SNS client of whatever publishes to stille's topics (the embedded runtime's inbound SMS and alarm
 * notifications, tests, the CLI); locally it talks to the runtime's SNS endpoint.
 */
export function snsClient(context: ClientContext): SNSClient {
  return new SNSClient(clientConfig(context, context.endpoints?.sns));
}
