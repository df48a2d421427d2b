import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ContactPreferencesChanged,
  ContractRenewed,
  CustomerUpserted,
} from '#domain/contracts/index.ts';
import { profileVersion } from '#domain/customers/profile-version.ts';
import { TransientError } from '#domain/errors.ts';
import {
  callDynamo,
  epochMillis,
  isConditionalCheckFailed,
  omitAttributes,
  queryItems,
  type StoredItem,
  scanItems,
} from './calls.ts';

/** Sort key of the customer's profile item. */
export const PROFILE_SK = 'profile';
/** Sort-key prefix of product items: `product#<version>#<productId>` ({@link productSk}). */
export const PRODUCT_SK_PREFIX = 'product#';
/** Sort-key prefix of opt-out items: `optout#<channel>#<purpose>`. */
export const OPTOUT_SK_PREFIX = 'optout#';
/** Sort-key prefix of ended contracts (Contract Ended): `ended#<productId>`. */
export const ENDED_SK_PREFIX = 'ended#';
/** Sort key of the customer's churn risk as the retention program last derived it. */
export const RISK_SK = 'risk';
/** The GSI on product items: pk `tariffId`, sk `customerId`. */
export const BY_TARIFF_INDEX = 'byTariff';
/** The GSI on profiles: pk `phone` (E.164), sk `customerId`. */
export const BY_PHONE_INDEX = 'byPhone';

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

/**
 * The stored profile: the `Customer Upserted` detail without products, plus the time of the upsert that
 * wrote it (the event's time; when it was stored, for a direct start without one).
 */
export type CustomerProfile = Omit<CustomerUpserted, 'products'> & { updatedAt: string };

/** A product whose contract ended (the item behind `ended#<productId>`). */
export interface EndedContract {
  productId: string;
  endedAt: string;
  reason: string;
}

/** The churn risk the retention program last derived (the item behind `risk`). */
export interface StoredRisk {
  churnRisk: string;
  score: number;
  /** The risk signals that held, as `code#key`: what a later run compares with to find new ones. */
  signalKeys: string[];
  /** The catalog it was derived for: a new catalog makes every signal that holds new. */
  catalogId: string;
  derivedAt: string;
}

/** A customer with everything stored about it. */
export type CustomerRecord = CustomerProfile & {
  products: ProductRecord[];
  optOuts: OptOutRecord[];
  /** Contracts that ended (absent: none). */
  ended?: EndedContract[];
  /** The churn risk the retention program last stored (absent: never derived). */
  risk?: StoredRisk;
};

/** Whether a conditional write changed the stored state. */
export interface WriteOutcome {
  applied: boolean;
}

/** Customers, their products and their contact preferences. */
export interface CustomerRepository {
  /**
   * Replaces the profile and the product list with those of an upsert at `at` (the event's time),
   * unless a later upsert already stands (`applied: false`): the later upsert wins whole, whatever order
   * the two arrive in, and two upserts of the same instant always the same one of them.
   */
  upsert(detail: CustomerUpserted, at: Date): Promise<WriteOutcome>;
  /**
   * The customer with opt-outs and exactly the standing profile's products, or `undefined` when no
   * profile was stored.
   */
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Stores an opt-out (or opt-in); a change older than the stored one is ignored (`applied: false`). */
  recordPreference(detail: ContactPreferencesChanged): Promise<WriteOutcome>;
  /**
   * Applies a renewal to the product item. Ignored (`applied: false`) when the product is unknown or a
   * later renewal was already applied.
   */
  renewContract(detail: ContractRenewed): Promise<WriteOutcome>;
  /** Every product on a tariff of a standing profile (one per customer product), page by page. */
  customersOnTariff(tariffId: string): AsyncIterable<ProductRecord>;
  /** The customers whose profile has this phone number (E.164), at most `limit`. */
  customerIdsByPhone(phone: string, limit?: number): Promise<string[]>;
  /**
   * Every customer with a profile, by one scan of the table (a campaign's audience is evaluated on
   * everyone). Eventually consistent: a profile changed during the scan is read as it was or is.
   * `segment`/`segments` split the scan for parallel readers (DynamoDB parallel scan).
   */
  all(options?: { segment?: number; segments?: number }): AsyncIterable<CustomerRecord>;
}

/** The attribute naming the profile version an item belongs to (see {@link customerItems}). */
const VERSION = 'version';
/** The attribute of the profile listing its products' ids, so a read can tell it has them all. */
const PRODUCT_IDS = 'productIds';
const PROFILE_INTERNAL = ['sk', VERSION, PRODUCT_IDS] as const;
const PRODUCT_INTERNAL = ['sk', 'renewedAtMs', VERSION] as const;
const OPTOUT_INTERNAL = ['sk', 'customerId', 'atMs'] as const;
/** Reads of a customer whose profile changed under them before one is given up as transient. */
const READ_ATTEMPTS = 5;
/** Keys per `BatchGetItem` (DynamoDB's limit). */
const BATCH_GET_KEYS = 100;

/**
 * The items an upsert writes: one per product under the sort key of this profile version
 * (`product#<version>#<productId>`), and the profile, which names its version and its products. The
 * version ({@link profileVersion}) sorts as the upserts win.
 */
export function customerItems(
  detail: CustomerUpserted,
  at: Date,
): { version: string; profile: StoredItem; products: StoredItem[] } {
  const { products, ...profile } = detail;
  const { customerId } = detail;
  const version = profileVersion(detail, at);
  return {
    version,
    profile: {
      ...profile,
      customerId,
      sk: PROFILE_SK,
      updatedAt: at.toISOString(),
      [VERSION]: version,
      [PRODUCT_IDS]: products.map((product) => product.productId),
    },
    products: products.map((product) => ({
      ...product,
      customerId,
      sk: productSk(product.productId, version),
      [VERSION]: version,
    })),
  };
}

/**
 * `CustomerRepository` on the Customers table (pk `customerId`, sk `sk`). dynalite has no transactions,
 * so an upsert is a versioned replace of single-item writes: first the new version's product items, under
 * keys no other version uses (readers ignore them); then the profile, with a condition that only a later
 * version may replace it — the one write that decides; then the older versions' products are deleted
 * (or, when a later version stood, this version's own). Readers take only the products of the version
 * the profile names: `get` checks it has every product the profile lists, `customersOnTariff` the
 * version of each customer's profile.
 */
export class DynamoCustomerRepository implements CustomerRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async upsert(detail: CustomerUpserted, at: Date): Promise<WriteOutcome> {
    const { customerId } = detail;
    const { version, profile, products } = customerItems(detail, at);
    for (const item of products) await this.#put(item);
    try {
      await this.#put(profile, {
        // The same version again (a replay, a retry) may write again, and goes on to the clean-up.
        ConditionExpression: 'attribute_not_exists(sk) OR attribute_not_exists(#v) OR #v <= :v',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':v': version },
      });
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // A later profile stands: this version's products are never read; take them away.
      await this.#deleteProducts(customerId, (other) => other === version);
      return { applied: false };
    }
    await this.#deleteProducts(customerId, (other) => other < version);
    return { applied: true };
  }

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    for (let attempt = 1; ; attempt++) {
      let profile: StoredItem | undefined;
      const products: StoredItem[] = [];
      const optOuts: OptOutRecord[] = [];
      const extras: RetentionItems = {};
      for await (const item of queryItems(this.#ddb, {
        TableName: this.#table,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
        ConsistentRead: true,
      })) {
        const sk = String(item.sk);
        if (sk === PROFILE_SK) profile = item;
        else if (sk.startsWith(PRODUCT_SK_PREFIX)) products.push(item);
        else if (sk.startsWith(OPTOUT_SK_PREFIX))
          optOuts.push(omitAttributes(item, OPTOUT_INTERNAL) as OptOutRecord);
        else addRetentionItem(extras, sk, item);
      }
      if (!profile) return undefined;
      const version = versionOf(profile);
      const standing = products.filter((item) => versionOf(item) === version);
      // The query reads the products before the profile (sort-key order): a version committed in between
      // may name products the query passed too early. Read again then.
      if (hasEveryProduct(profile, standing)) {
        return {
          ...(omitAttributes(profile, PROFILE_INTERNAL) as CustomerProfile),
          products: standing.map(toProduct),
          optOuts,
          ...extras,
        };
      }
      if (attempt >= READ_ATTEMPTS) {
        throw new TransientError(`Customer ${customerId.slice(0, 128)} kept changing while it was read`);
      }
    }
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
    // The product of the standing profile; should a new version stand by the time it is written, the
    // renewal goes to that version's product too.
    let version = await this.#standingVersion(detail.customerId);
    for (let attempt = 1; version !== undefined; attempt++) {
      const outcome = await this.#renewProduct(detail, version);
      const now = await this.#standingVersion(detail.customerId);
      if (now === version || attempt >= READ_ATTEMPTS) return outcome;
      version = now;
    }
    return { applied: false };
  }

  async #renewProduct(detail: ContractRenewed, version: string): Promise<WriteOutcome> {
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
            Key: { customerId, sk: productSk(productId, version) },
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

  async customerIdsByPhone(phone: string, limit = 100): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      IndexName: BY_PHONE_INDEX,
      KeyConditionExpression: 'phone = :p',
      ExpressionAttributeValues: { ':p': phone },
      ProjectionExpression: 'customerId',
    })) {
      ids.push(String(item.customerId));
      if (ids.length >= limit) break;
    }
    return ids;
  }

  async *all(options: { segment?: number; segments?: number } = {}): AsyncIterable<CustomerRecord> {
    // A partition's items come together in a scan, in sort-key order: group them as they come.
    let current:
      | ({
          id: string;
          profile?: StoredItem;
          products: StoredItem[];
          optOuts: OptOutRecord[];
        } & RetentionItems)
      | undefined;
    const finish = (group: NonNullable<typeof current>): CustomerRecord | undefined => {
      if (!group.profile) return undefined;
      const version = versionOf(group.profile);
      return {
        ...(omitAttributes(group.profile, PROFILE_INTERNAL) as CustomerProfile),
        products: group.products.filter((item) => versionOf(item) === version).map(toProduct),
        optOuts: group.optOuts,
        ...(group.ended ? { ended: group.ended } : {}),
        ...(group.risk ? { risk: group.risk } : {}),
      };
    };
    for await (const item of scanItems(this.#ddb, {
      TableName: this.#table,
      ...(options.segments !== undefined && options.segments > 1
        ? { Segment: options.segment ?? 0, TotalSegments: options.segments }
        : {}),
    })) {
      const id = String(item.customerId);
      if (current?.id !== id) {
        const done = current && finish(current);
        if (done) yield done;
        current = { id, products: [], optOuts: [] };
      }
      const sk = String(item.sk);
      if (sk === PROFILE_SK) current.profile = item;
      else if (sk.startsWith(PRODUCT_SK_PREFIX)) current.products.push(item);
      else if (sk.startsWith(OPTOUT_SK_PREFIX))
        current.optOuts.push(omitAttributes(item, OPTOUT_INTERNAL) as OptOutRecord);
      else addRetentionItem(current, sk, item);
    }
    const last = current && finish(current);
    if (last) yield last;
  }

  async *customersOnTariff(tariffId: string): AsyncIterable<ProductRecord> {
    const input: QueryCommandInput = {
      TableName: this.#table,
      IndexName: BY_TARIFF_INDEX,
      KeyConditionExpression: 'tariffId = :t',
      ExpressionAttributeValues: { ':t': tariffId },
    };
    let startKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await callDynamo(`Query ${this.#table} ${BY_TARIFF_INDEX}`, () =>
        this.#ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
      );
      const items = page.Items ?? [];
      // Only the products of each customer's standing profile: not those of a version a later one
      // replaced, nor of one being written or that lost.
      const standing = await this.#standingVersions(items.map((item) => String(item.customerId)));
      for (const item of items) {
        if (standing.get(String(item.customerId)) === versionOf(item)) yield toProduct(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The version of the customer's standing profile ('' for one stored before versions), if any. */
  async #standingVersion(customerId: string): Promise<string | undefined> {
    const out = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(
        new GetCommand({
          TableName: this.#table,
          Key: { customerId, sk: PROFILE_SK },
          ProjectionExpression: '#v',
          ExpressionAttributeNames: { '#v': VERSION },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? versionOf(out.Item) : undefined;
  }

  /** The standing profile version of each customer that has a profile, 100 profiles a `BatchGetItem`. */
  async #standingVersions(customerIds: readonly string[]): Promise<Map<string, string>> {
    const versions = new Map<string, string>();
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
      let keys: Array<Record<string, unknown>> = unique
        .slice(i, i + BATCH_GET_KEYS)
        .map((customerId) => ({ customerId, sk: PROFILE_SK }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > READ_ATTEMPTS) {
          throw new TransientError(`BatchGetItem ${this.#table}: ${keys.length} profiles stayed unprocessed`);
        }
        const out = await callDynamo(`BatchGetItem ${this.#table}`, () =>
          this.#ddb.send(
            new BatchGetCommand({
              RequestItems: {
                [this.#table]: {
                  Keys: keys,
                  ProjectionExpression: 'customerId, #v',
                  ExpressionAttributeNames: { '#v': VERSION },
                  ConsistentRead: true,
                },
              },
            }),
          ),
        );
        for (const item of out.Responses?.[this.#table] ?? []) {
          versions.set(String(item.customerId), versionOf(item));
        }
        keys = (out.UnprocessedKeys?.[this.#table]?.Keys ?? []) as Array<Record<string, unknown>>;
      }
    }
    return versions;
  }

  /** Deletes the customer's product items of the versions `which` picks. */
  async #deleteProducts(customerId: string, which: (version: string) => boolean): Promise<void> {
    const doomed: string[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      KeyConditionExpression: 'customerId = :c AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':c': customerId, ':p': PRODUCT_SK_PREFIX },
      ProjectionExpression: 'sk, #v',
      ExpressionAttributeNames: { '#v': VERSION },
    })) {
      if (typeof item.sk === 'string' && which(versionOf(item))) doomed.push(item.sk);
    }
    for (const sk of doomed) {
      await callDynamo(`DeleteItem ${this.#table}`, () =>
        this.#ddb.send(new DeleteCommand({ TableName: this.#table, Key: { customerId, sk } })),
      );
    }
  }

  async #put(
    item: StoredItem,
    condition:
      | {
          ConditionExpression: string;
          ExpressionAttributeNames?: Record<string, string>;
          ExpressionAttributeValues: StoredItem;
        }
      | undefined = undefined,
  ) {
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(new PutCommand({ TableName: this.#table, Item: item, ...condition })),
    );
  }
}

/**
 * `product#<version>#<productId>`: each profile version has its own product items. A product stored before
 * profiles had versions (`version` '') is `product#<productId>`.
 */
export function productSk(productId: string, version: string): string {
  return version === '' ? `${PRODUCT_SK_PREFIX}${productId}` : `${PRODUCT_SK_PREFIX}${version}#${productId}`;
}

/** The profile version an item belongs to; '' for one stored before versions. */
function versionOf(item: StoredItem): string {
  return typeof item[VERSION] === 'string' ? item[VERSION] : '';
}

/** Whether `products` are every product the profile lists (a profile stored before versions lists none). */
function hasEveryProduct(profile: StoredItem, products: readonly StoredItem[]): boolean {
  const listed = profile[PRODUCT_IDS];
  if (!Array.isArray(listed)) return true;
  const read = new Set(products.map((item) => item.productId));
  return listed.length === products.length && listed.every((productId) => read.has(productId));
}

/** `optout#<channel>#<purpose>` */
export function optOutSk(channel: string, purpose: string): string {
  return `${OPTOUT_SK_PREFIX}${channel}#${purpose}`;
}

function toProduct(item: StoredItem): ProductRecord {
  return omitAttributes(item, PRODUCT_INTERNAL) as ProductRecord;
}

/** The retention items of a customer read so far. */
interface RetentionItems {
  ended?: EndedContract[];
  risk?: StoredRisk;
}

/** Adds an `ended#…` or `risk` item to what is read of a customer; any other item is not theirs to add. */
function addRetentionItem(into: RetentionItems, sk: string, item: StoredItem): void {
  if (sk.startsWith(ENDED_SK_PREFIX)) {
    into.ended = into.ended ?? [];
    into.ended.push({
      productId: String(item.productId),
      endedAt: String(item.endedAt),
      reason: String(item.reason),
    });
  } else if (sk === RISK_SK) {
    into.risk = {
      churnRisk: String(item.churnRisk),
      score: Number(item.score),
      signalKeys: Array.isArray(item.signalKeys) ? item.signalKeys.map(String) : [],
      catalogId: String(item.catalogId),
      derivedAt: String(item.derivedAt),
    };
  }
}
