/**
 * Seeding the embedded runtime's tables for a benchmark: straight `BatchWriteItem`s in the repositories'
 * own item layout, because publishing 100,000 `Customer Upserted` events would take longer than what is
 * measured. Benchmarks read a sample back through the repositories to check the layout.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerItems as upsertItems } from '#adapters/dynamo/index.ts';
import type { CustomerUpserted } from '#domain/contracts/index.ts';
import { forEachBounded } from '#handlers/common/bounded.ts';

/** Items per `BatchWriteItem` (DynamoDB's limit) and batches in flight while seeding. */
const BATCH_ITEMS = 25;
const SEED_CONCURRENCY = 8;

/** Items taken from the source at a time: a few rounds of batches, so seeding holds no whole data set. */
const WINDOW_ITEMS = BATCH_ITEMS * SEED_CONCURRENCY * 4;

/**
 * Writes items with `BatchWriteItem`, 25 at a time (8 in flight), retrying what DynamoDB leaves
 * unprocessed. The items are taken from `items` a window at a time, so a generator that builds each item
 * when asked, or one that reads them from a file, keeps no second copy of a large data set alive.
 */
export async function batchPut(
  ddb: DynamoDBDocumentClient,
  table: string,
  items: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  let window: Array<Record<string, unknown>> = [];
  const flush = async () => {
    const batches: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < window.length; i += BATCH_ITEMS) batches.push(window.slice(i, i + BATCH_ITEMS));
    window = [];
    await forEachBounded(batches, SEED_CONCURRENCY, async (batch) => {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`${requests.length} items of ${table} stayed unprocessed`);
        const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    });
  };
  for await (const item of items) {
    window.push(item);
    if (window.length === WINDOW_ITEMS) await flush();
  }
  await flush();
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
