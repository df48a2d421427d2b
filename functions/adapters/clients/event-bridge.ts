import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type ClientContext, clientConfig } from './context.ts';

/** The EventBridge client of a function that puts events on the stille bus (requests, alerts). */
export function eventBridgeClient(context: ClientContext): EventBridgeClient {
  return new EventBridgeClient(clientConfig(context, context.endpoints?.eventbridge));
}
