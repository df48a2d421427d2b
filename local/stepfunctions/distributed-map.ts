import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { jsonTextDepth } from '#domain/contracts/bounds.ts';
import { StatesTaskError } from '../lambda/local-lambda.ts';
import { applyPayloadTemplate, queryPath } from './payload-template.ts';
import type { DistributedMapSpec } from './prepare.ts';

/**
 * The embedded runtime's Distributed Map: reads the items (ItemReader or ItemsPath), applies the
 * ItemSelector, groups them with the ItemBatcher, runs one child execution of the ItemProcessor per
 * batch (or item) with at most MaxConcurrency at once, and applies the failure tolerance. The output is
 * the array of child outputs, as a Distributed Map without ResultWriter gives on AWS.
 */
export interface DistributedMapEnv {
  s3: S3Client;
  /** Runs one child execution and resolves with its output; rejects with a StatesTaskError-like error. */
  runChild: (input: unknown) => Promise<unknown>;
  /**
   * Runs `work`, which starts the children at once and resolves when they are done (the simulated
   * clock's hand-off, so children may sleep). Without it the work simply runs.
   */
  runChildren?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Upper bound on concurrent children locally, whatever MaxConcurrency says. */
  localConcurrencyLimit?: number;
}

interface ReaderSpec {
  Resource?: string;
  ReaderConfig?: { InputType?: string; MaxItems?: number; MaxItemsPath?: string; CSVHeaderLocation?: string };
  Parameters?: Record<string, unknown>;
}

interface BatcherSpec {
  MaxItemsPerBatch?: number;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: Record<string, unknown>;
}

/** AWS's ceiling for MaxInputBytesPerBatch (256 KiB). */
const MAX_BATCH_BYTES = 256 * 1024;

export async function runDistributedMap(
  spec: DistributedMapSpec,
  input: unknown,
  context: Record<string, unknown>,
  env: DistributedMapEnv,
): Promise<unknown[]> {
  const state = spec.state;
  // Only the child inputs outlive this block, and each is dropped once its child has taken it, so a run
  // of 100,000 items does not keep all of them (parsed, then selected) until the last child ends.
  const childInputs: (unknown | undefined)[] = await (async () => {
    const items = await readItems(state, input, context, env.s3);
    const selector = (state.ItemSelector ?? state.Parameters) as Record<string, unknown> | undefined;
    const selected = selector
      ? items.map((value, index) =>
          applyPayloadTemplate(selector, input, {
            ...context,
            Map: { Item: { Index: index, Value: value } },
          }),
        )
      : items;
    return batch(selected, state.ItemBatcher as BatcherSpec | undefined, input, context);
  })();

  const maxConcurrency =
    numberOrPath(state.MaxConcurrency, state.MaxConcurrencyPath, input, context) || Infinity;
  const limit = Math.max(1, Math.min(maxConcurrency, env.localConcurrencyLimit ?? 32));
  const outputs: unknown[] = new Array(childInputs.length);
  let failures = 0;
  let firstFailure: unknown;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < childInputs.length; i = next++) {
      const childInput = childInputs[i];
      childInputs[i] = undefined;
      try {
        outputs[i] = await env.runChild(childInput);
      } catch (error) {
        failures++;
        firstFailure ??= error;
        const err = error as { name?: string; message?: string };
        outputs[i] = { Error: err.name ?? 'Error', Cause: err.message ?? String(error) };
      }
    }
  };
  const workers = () => Promise.all(Array.from({ length: Math.min(limit, childInputs.length) }, worker));
  await (env.runChildren ? env.runChildren(workers) : workers());

  if (failures > 0) {
    const toleratedCount = numberOrPath(
      state.ToleratedFailureCount,
      state.ToleratedFailureCountPath,
      input,
      context,
    );
    const toleratedPercent = numberOrPath(
      state.ToleratedFailurePercentage,
      state.ToleratedFailurePercentagePath,
      input,
      context,
    );
    const percent = (failures / childInputs.length) * 100;
    const withinCount = toleratedCount !== undefined && failures <= toleratedCount;
    const withinPercent = toleratedPercent !== undefined && percent <= toleratedPercent;
    if (!withinCount && !withinPercent) {
      const first = firstFailure as { name?: string; message?: string };
      throw new StatesTaskError(
        'States.ExceedToleratedFailureThreshold',
        `${failures} of ${childInputs.length} child executions failed; first: ${first.name}: ${first.message}`,
      );
    }
  }
  return outputs;
}

async function readItems(
  state: Record<string, unknown>,
  input: unknown,
  context: Record<string, unknown>,
  s3: S3Client,
): Promise<unknown[]> {
  const reader = state.ItemReader as ReaderSpec | undefined;
  if (!reader) {
    const items = queryPath((state.ItemsPath as string | undefined) ?? '$', input, context);
    if (!Array.isArray(items)) {
      throw new StatesTaskError('States.Runtime', 'The Map ItemsPath must point to an array');
    }
    return items;
  }
  const parameters = applyPayloadTemplate(reader.Parameters ?? {}, input, context) as Record<string, unknown>;
  const maxItems = numberOrPath(
    reader.ReaderConfig?.MaxItems,
    reader.ReaderConfig?.MaxItemsPath,
    input,
    context,
  );
  const bucket = String(parameters.Bucket ?? '');
  let items: unknown[];
  if (reader.Resource === 'arn:aws:states:::s3:listObjectsV2') {
    items = await listObjects(s3, bucket, parameters.Prefix as string | undefined);
  } else if (reader.Resource === 'arn:aws:states:::s3:getObject') {
    const key = String(parameters.Key ?? '');
    const body = await getObjectText(s3, bucket, key);
    items = parseItems(body, reader.ReaderConfig?.InputType ?? 'JSON', `s3://${bucket}/${key}`);
  } else {
    throw new StatesTaskError(
      'States.Runtime',
      `ItemReader resource ${reader.Resource} is not supported locally`,
    );
  }
  return maxItems ? items.slice(0, maxItems) : items;
}

async function getObjectText(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    const err = error as Error;
    // On AWS the reader fails the Map state with States.ItemReaderFailed.
    throw new StatesTaskError(
      'States.ItemReaderFailed',
      `Reading s3://${bucket}/${key} failed: ${err.name}: ${err.message}`,
    );
  }
}

async function listObjects(s3: S3Client, bucket: string, prefix: string | undefined): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      items.push({
        Key: object.Key,
        Size: object.Size,
        ETag: object.ETag,
        LastModified: object.LastModified?.toISOString(),
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return items;
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Deepest item the reader takes, as EventBridge and the JSON parsers of AWS services read at most about
 * 1,000 levels; anything shallower but deeper than a contract allows is passed on, and the batch that
 * validates it rejects that line alone with its line number.
 */
const MAX_ITEM_DEPTH = 1000;

/** Parses the object as the reader's InputType; a malformed line fails the reader, as on AWS. */
export function parseItems(body: string, inputType: string, location: string): unknown[] {
  if (inputType === 'JSON') {
    const parsed: unknown = JSON.parse(body);
    if (!Array.isArray(parsed))
      throw new StatesTaskError('States.ItemReaderFailed', `${location} is not a JSON array`);
    return parsed;
  }
  if (inputType === 'JSONL') {
    const items: unknown[] = [];
    let lineNumber = 0;
    for (const line of body.split('\n')) {
      lineNumber++;
      if (line.trim() === '') continue;
      if (lineNumber === 1 && line.startsWith(BYTE_ORDER_MARK)) {
        throw new StatesTaskError(
          'States.ItemReaderFailed',
          `${location} line 1 starts with a UTF-8 byte order mark (U+FEFF): save the file as UTF-8 without one`,
        );
      }
      // Read without parsing first: a line nested past what the service reads would overflow a walk of it.
      if (jsonTextDepth(line, MAX_ITEM_DEPTH + 1) > MAX_ITEM_DEPTH) {
        throw new StatesTaskError(
          'States.ItemReaderFailed',
          `${location} line ${lineNumber} nests objects and arrays more than ${MAX_ITEM_DEPTH} levels deep`,
        );
      }
      try {
        items.push(JSON.parse(line));
      } catch (error) {
        throw new StatesTaskError(
          'States.ItemReaderFailed',
          `${location} line ${lineNumber} is not valid JSON (${(error as Error).message.slice(0, 200)})`,
        );
      }
    }
    return items;
  }
  throw new StatesTaskError('States.Runtime', `ItemReader InputType ${inputType} is not supported locally`);
}

/** Groups the items as the ItemBatcher says; without a batcher every item is one child input. */
export function batch(
  items: unknown[],
  batcher: BatcherSpec | undefined,
  input: unknown,
  context: Record<string, unknown>,
): unknown[] {
  if (!batcher) return items;
  const maxItems =
    numberOrPath(batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, input, context) ?? Infinity;
  const maxBytes = Math.min(
    numberOrPath(batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, input, context) ??
      MAX_BATCH_BYTES,
    MAX_BATCH_BYTES,
  );
  const batchInput = batcher.BatchInput
    ? applyPayloadTemplate(batcher.BatchInput, input, context)
    : undefined;
  const batches: unknown[] = [];
  let current: unknown[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    batches.push(batchInput === undefined ? { Items: current } : { BatchInput: batchInput, Items: current });
    current = [];
    bytes = 0;
  };
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (current.length >= maxItems || (current.length > 0 && bytes + size > maxBytes)) flush();
    current.push(item);
    bytes += size;
  }
  flush();
  return batches;
}

function numberOrPath(value: unknown, path: unknown, input: unknown, context: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof path === 'string') {
    const resolved = queryPath(path, input, context);
    if (typeof resolved !== 'number') throw new StatesTaskError('States.Runtime', `${path} must be a number`);
    return resolved;
  }
  return undefined;
}
