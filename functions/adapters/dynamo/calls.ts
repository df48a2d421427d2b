import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransientError } from '#domain/errors.ts';

/** An item as the DocumentClient returns it (native JavaScript values). */
export type StoredItem = Record<string, unknown>;

/**
 * Error names DynamoDB (and the SDK) use for throttling and server-side failures. Retrying these later
 * can succeed, so they become a `TransientError` the workflows retry with backoff.
 */
const TRANSIENT_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'InternalFailure',
]);

interface SdkErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** True when a DynamoDB call failed in a way a later attempt may not (throttling, a 5xx). */
export function isTransientDynamoError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as SdkErrorShape;
  if (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500 && status <= 599;
}

/** True when a conditional write was refused because its condition did not hold. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Runs one DynamoDB call. The single place where SDK failures are classified: throttling and 5xx become
 * `TransientError` (with the SDK error as `cause`); every other error propagates unchanged.
 */
export async function callDynamo<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isTransientDynamoError(error)) {
      const name = (error as SdkErrorShape).name;
      throw new TransientError(`DynamoDB ${operation} failed transiently (${String(name)})`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Every item a query matches, page by page (follows `LastEvaluatedKey`). */
export async function* queryItems(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<StoredItem> {
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await callDynamo(`Query ${input.TableName}`, () =>
      ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item of a table, page by page (follows `LastEvaluatedKey`). */
export async function* scanItems(
  ddb: DynamoDBDocumentClient,
  input: ScanCommandInput,
): AsyncGenerator<StoredItem> {
  let startKey: ScanCommandInput['ExclusiveStartKey'];
  do {
    const page = await callDynamo(`Scan ${input.TableName}`, () =>
      ddb.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** BatchWriteItem takes at most 25 put requests per call. */
export const BATCH_WRITE_MAX_ITEMS = 25;
/** Rounds of retrying unprocessed items (with doubling delays) before giving up with a TransientError. */
export const MAX_UNPROCESSED_ROUNDS = 6;

/** Options of {@link batchPutItems}. */
export interface BatchPutOptions {
  /** First delay before retrying unprocessed items; doubles each round. Default 50 ms. */
  retryDelayMs?: number;
  /** How to wait; `setTimeout` by default (tests pass one that resolves at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Calls in flight at once. Default 4. */
  concurrency?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts many items with `BatchWriteItem`, 25 a call, so a batch of 500 costs 20 requests instead of 500
 * (the same write units). Items throttled into `UnprocessedItems` are sent again with doubling delays;
 * after {@link MAX_UNPROCESSED_ROUNDS} rounds the call fails as a `TransientError` for the workflow to
 * retry (every put is idempotent). Items must have distinct keys: DynamoDB refuses a call that repeats one.
 */
export async function batchPutItems(
  ddb: DynamoDBDocumentClient,
  table: string,
  items: readonly StoredItem[],
  options: BatchPutOptions = {},
): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  const retryDelayMs = options.retryDelayMs ?? 50;
  const chunks: StoredItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_MAX_ITEMS) {
    chunks.push(items.slice(start, start + BATCH_WRITE_MAX_ITEMS));
  }
  const writeChunk = async (chunk: StoredItem[]) => {
    let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = chunk.map((Item) => ({
      PutRequest: { Item },
    }));
    for (let round = 0; ; round += 1) {
      const sent = requests;
      const result = await callDynamo(`BatchWriteItem ${table}`, () =>
        ddb.send(new BatchWriteCommand({ RequestItems: { [table]: sent } })),
      );
      const unprocessed = result.UnprocessedItems?.[table];
      if (!unprocessed?.length) return;
      if (round + 1 >= MAX_UNPROCESSED_ROUNDS) {
        throw new TransientError(
          `BatchWriteItem ${table} left ${unprocessed.length} items unprocessed after ${MAX_UNPROCESSED_ROUNDS} rounds`,
        );
      }
      // DynamoDB leaves items unprocessed when throttled: back off before sending them again.
      await sleep(retryDelayMs * 2 ** round);
      requests = unprocessed;
    }
  };
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++] as StoredItem[];
      try {
        await writeChunk(chunk);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, chunks.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Epoch milliseconds of an ISO 8601 instant, so instants with different offsets compare correctly. */
export function epochMillis(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) {
    throw new TypeError(`Not an ISO 8601 instant: ${instant.slice(0, 64)}`);
  }
  return ms;
}

/** A copy without the given attributes (internal bookkeeping never leaves the repository). */
export function omitAttributes(item: StoredItem, names: readonly string[]): StoredItem {
  const copy = { ...item };
  for (const name of names) delete copy[name];
  return copy;
}
