import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ContactPreferencesChanged,
  ContractRenewed,
  CustomerUpserted,
} from '../../domain/contracts/index.ts';
import {
  callDynamo,
  epochMillis,
  isConditionalCheckFailed,
  omitAttributes,
  queryItems,
  type StoredItem,
} from './calls.ts';

/** Sort key of the customer's profile item. */
export const PROFILE_SK = 'profile';
/** Sort-key prefix of product items: `product#<productId>`. */
export const PRODUCT_SK_PREFIX = 'product#';
/** Sort-key prefix of opt-out items: `optout#<channel>#<purpose>`. */
export const OPTOUT_SK_PREFIX = 'optout#';
/** The GSI on product items: pk `tariffId`, sk `customerId`. */
export const BY_TARIFF_INDEX = 'byTariff';

/** A product as the CRM sent it. */
export type CustomerProduct = CustomerUpserted['products'][number];

/** A stored product of a customer (the item behind `product#<productId>`). */
export type ProductRecord = CustomerProduct & {
  customerId: string;
  /** Set by `Contract Renewed`: the instant of the latest renewal applied. */
  renewedAt?: string;
};

/** A stored opt-out (the item behind `optout#<channel>#<purpose>`). */
export type OptOutRecord = Pick<
  ContactPreferencesChanged,
  'channel' | 'purpose' | 'optedOut' | 'source' | 'at'
>;

/** The stored profile: the `Customer Upserted` detail without products, plus when it was stored. */
export type CustomerProfile = Omit<CustomerUpserted, 'products'> & { updatedAt: string };

/** A customer with everything stored about it. */
export type CustomerRecord = CustomerProfile & { products: ProductRecord[]; optOuts: OptOutRecord[] };

/** Whether a conditional write changed the stored state. */
export interface WriteOutcome {
  applied: boolean;
}

/** Customers, their products and their contact preferences. */
export interface CustomerRepository {
  /** Replaces the profile and the product list (products no longer listed are deleted). */
  upsert(detail: CustomerUpserted, now: Date): Promise<void>;
  /** The customer with products and opt-outs, or `undefined` when no profile was stored. */
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Stores an opt-out (or opt-in); a change older than the stored one is ignored (`applied: false`). */
  recordPreference(detail: ContactPreferencesChanged): Promise<WriteOutcome>;
  /**
   * Applies a renewal to the product item. Ignored (`applied: false`) when the product is unknown or a
   * later renewal was already applied.
   */
  renewContract(detail: ContractRenewed): Promise<WriteOutcome>;
  /** Every product item on a tariff (one per customer product), page by page. */
  customersOnTariff(tariffId: string): AsyncIterable<ProductRecord>;
}

const PRODUCT_INTERNAL = ['sk', 'renewedAtMs'] as const;
const OPTOUT_INTERNAL = ['sk', 'customerId', 'atMs'] as const;

/** `CustomerRepository` on the Customers table (pk `customerId`, sk `sk`). */
export class DynamoCustomerRepository implements CustomerRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async upsert(detail: CustomerUpserted, now: Date): Promise<void> {
    const { products, ...profile } = detail;
    const { customerId } = detail;
    // Read the current product keys first: no transactions on dynalite, so the replacement is a
    // sequence of idempotent single-item writes that converges when replayed.
    const existing: string[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      KeyConditionExpression: 'customerId = :c AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':c': customerId, ':p': PRODUCT_SK_PREFIX },
      ProjectionExpression: 'sk',
    })) {
      if (typeof item.sk === 'string') existing.push(item.sk);
    }

    await this.#put({ ...profile, customerId, sk: PROFILE_SK, updatedAt: now.toISOString() });
    const kept = new Set<string>();
    for (const product of products) {
      const sk = productSk(product.productId);
      kept.add(sk);
      await this.#put({ ...product, customerId, sk });
    }
    for (const sk of existing) {
      if (kept.has(sk)) continue;
      await callDynamo(`DeleteItem ${this.#table}`, () =>
        this.#ddb.send(new DeleteCommand({ TableName: this.#table, Key: { customerId, sk } })),
      );
    }
  }

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    let profile: StoredItem | undefined;
    const products: ProductRecord[] = [];
    const optOuts: OptOutRecord[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    })) {
      const sk = String(item.sk);
      if (sk === PROFILE_SK) profile = omitAttributes(item, ['sk']);
      else if (sk.startsWith(PRODUCT_SK_PREFIX)) products.push(toProduct(item));
      else if (sk.startsWith(OPTOUT_SK_PREFIX))
        optOuts.push(omitAttributes(item, OPTOUT_INTERNAL) as OptOutRecord);
    }
    if (!profile) return undefined;
    return { ...(profile as CustomerProfile), products, optOuts };
  }

  async recordPreference(detail: ContactPreferencesChanged): Promise<WriteOutcome> {
    const { customerId, channel, purpose, optedOut, source, at } = detail;
    try {
      await this.#put(
        {
          customerId,
          sk: optOutSk(channel, purpose),
          channel,
          purpose,
          optedOut,
          source,
          at,
          atMs: epochMillis(at),
        },
        {
          // Equal instants may overwrite, so replaying the same change is a no-op rather than a failure.
          ConditionExpression: 'attribute_not_exists(sk) OR atMs <= :atMs',
          ExpressionAttributeValues: { ':atMs': epochMillis(at) },
        },
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async renewContract(detail: ContractRenewed): Promise<WriteOutcome> {
    const { customerId, productId, renewedAt, bindingEndsOn } = detail;
    const renewedAtMs = epochMillis(renewedAt);
    const sets = ['bindingEndsOn = :b', 'renewedAt = :r', 'renewedAtMs = :rMs'];
    const values: StoredItem = { ':b': bindingEndsOn, ':r': renewedAt, ':rMs': renewedAtMs };
    if (bindingEndsOn !== null) {
      sets.push('#contract = :fixed');
      values[':fixed'] = 'fixed-term';
    }
    try {
      await callDynamo(`UpdateItem ${this.#table}`, () =>
        this.#ddb.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: { customerId, sk: productSk(productId) },
            UpdateExpression: `SET ${sets.join(', ')}`,
            // Only an existing product is renewed (no half-made product items), and never with an older renewal.
            ConditionExpression:
              'attribute_exists(sk) AND (attribute_not_exists(renewedAtMs) OR renewedAtMs <= :rMs)',
            ...(bindingEndsOn !== null ? { ExpressionAttributeNames: { '#contract': 'contract' } } : {}),
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async *customersOnTariff(tariffId: string): AsyncIterable<ProductRecord> {
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      IndexName: BY_TARIFF_INDEX,
      KeyConditionExpression: 'tariffId = :t',
      ExpressionAttributeValues: { ':t': tariffId },
    })) {
      yield toProduct(item);
    }
  }

  async #put(
    item: StoredItem,
    condition: { ConditionExpression: string; ExpressionAttributeValues: StoredItem } | undefined = undefined,
  ) {
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(new PutCommand({ TableName: this.#table, Item: item, ...condition })),
    );
  }
}

/** `product#<productId>` */
export function productSk(productId: string): string {
  return `${PRODUCT_SK_PREFIX}${productId}`;
}

/** `optout#<channel>#<purpose>` */
export function optOutSk(channel: string, purpose: string): string {
  return `${OPTOUT_SK_PREFIX}${channel}#${purpose}`;
}

function toProduct(item: StoredItem): ProductRecord {
  return omitAttributes(item, PRODUCT_INTERNAL) as ProductRecord;
}
