import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type ClientContext, clientConfig } from './context.ts';

/** The EventBridge Scheduler client of the function that creates and deletes campaign schedules. */
export function schedulerClient(context: ClientContext): SchedulerClient {
  return new SchedulerClient(clientConfig(context, context.endpoints?.scheduler));
}
