/**
 * Seeding the embedded runtime's tables for a benchmark: straight `BatchWriteItem`s in the repositories'
 * own item layout, because publishing 100,000 `Customer Upserted` events would take longer than what is
 * measured. Benchmarks read a sample back through the repositories to check the layout.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerItems as upsertItems } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';

/** Items per `BatchWriteItem` (DynamoDB's limit) and batches in flight while seeding. */
const BATCH_ITEMS = 25;
const SEED_CONCURRENCY = 8;

/**
 * Writes items with `BatchWriteItem`, 25 at a time, retrying what DynamoDB leaves unprocessed. The items
 * are taken from `items` as batches go out (at most 8 in flight), so a generator that builds each item
 * when asked, or one that reads them from a file, keeps no second copy of a large data set alive.
 */
export async function batchPut(
  ddb: DynamoDBDocumentClient,
  table: string,
  items: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  const nextBatch = async (): Promise<Array<Record<string, unknown>>> => {
    const batch: Array<Record<string, unknown>> = [];
    for (let step = await source.next(); !step.done; step = await source.next()) {
      batch.push(step.value);
      if (batch.length === BATCH_ITEMS) break;
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = await nextBatch(); batch.length > 0; batch = await nextBatch()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`${requests.length} items of ${table} stayed unprocessed`);
        const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

/** The elements of `array`, mapped one at a time as they are taken (no mapped copy of the whole array). */
export function* mapping<T, R>(array: readonly T[], map: (element: T) => Iterable<R>): Generator<R> {
  for (const element of array) yield* map(element);
}

/** The items `DynamoCustomerRepository.upsert` writes for a customer: its products and the profile. */
export function customerItems(customer: CustomerUpserted, updatedAt: string): Array<Record<string, unknown>> {
  const { profile, products } = upsertItems(customer, new Date(updatedAt));
  return [...products, profile];
}

/**
 * kWh a month of a household using 1,000 kWh in July, January first: a Nordic winter uses about twice
 * July's electricity (the seeded invoices of the price-change and retention benchmarks).
 */
export const MONTHLY_KWH: readonly number[] = [
  2000, 1800, 1500, 1200, 1000, 900, 1000, 1000, 1100, 1300, 1600, 1900,
];
