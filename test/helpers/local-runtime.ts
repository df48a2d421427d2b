import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { LocalRuntime, type LocalRuntimeOptions } from '#local/runtime.ts';
import { localClientConfig } from '#local/services/client-config.ts';
import type { ExecutionRecord } from '#local/stepfunctions/local-step-functions.ts';

/** Starts the embedded runtime for a workflow test file; close it in `afterAll`. */
export function startRuntime(options: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  return LocalRuntime.start({ start: '2027-01-01T00:00:00Z', recordExecutions: true, ...options });
}

/** The logical ID of the function whose handler module ends with `entrySuffix`. */
export function functionId(runtime: LocalRuntime, entrySuffix: string): string {
  const fn = runtime.lambda.functions().find((f) => f.entry.endsWith(entrySuffix));
  if (!fn) throw new Error(`No function with a handler ending in ${entrySuffix}`);
  return fn.logicalId;
}

/** Publishes one event on the local bus and waits for every execution it started. */
export async function publish(
  runtime: LocalRuntime,
  detailType: string,
  detail: Record<string, unknown>,
  id?: string,
): Promise<ExecutionRecord[]> {
  const result = runtime.putEvent({ source: 'test', detailType, detail, ...(id ? { id } : {}) });
  return Promise.all(result.executions.map((execution) => execution.done));
}

/** The names of the states an execution passed through, in order. */
export const statesOf = (record: ExecutionRecord | undefined) =>
  record?.states.map((state) => state.name) ?? [];

/** Puts entries through the runtime's local EventBridge endpoint with the real client, as a handler would. */
export async function putEventsThroughEndpoint(
  runtime: LocalRuntime,
  entries: PutEventsRequestEntry[],
): Promise<PutEventsCommandOutput> {
  const client = new EventBridgeClient({
    ...localClientConfig(runtime.endpoints.eventbridge ?? ''),
    maxAttempts: 1,
  });
  try {
    return await client.send(new PutEventsCommand({ Entries: entries }));
  } finally {
    client.destroy();
  }
}
