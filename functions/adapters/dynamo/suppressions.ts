import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Channel } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import { callDynamo, isConditionalCheckFailed } from './calls.ts';
import type { WriteOutcome } from './customers.ts';

/** Why an address is on the suppression list. */
export type AddressSuppressionReason = 'bounce' | 'complaint' | 'sms-stop' | 'manual';

/** An address no message may be sent to, whatever the purpose. */
export interface Suppression {
  /** An email address or an E.164 phone number; normalized on write. */
  address: string;
  channel: Channel;
  reason: AddressSuppressionReason;
  /** When the address was suppressed (ISO 8601): the first time is kept. */
  at: string;
  /** What reported it (an SES event id, an SMS keyword event, an operator). */
  source: string;
}

/** The suppression list: bounced, complained and STOPped addresses. */
export interface SuppressionList {
  /**
   * Puts an address on the list. Idempotent: an address already listed keeps its first entry
   * (`applied: false`).
   */
  suppress(suppression: Suppression): Promise<WriteOutcome>;
  /**
   * The addresses among `addresses` that are suppressed, as given (not normalized), so the caller can
   * test `result.has(customer.email)`. Email addresses are matched case-insensitively.
   * @throws TransientError when DynamoDB keeps leaving keys unprocessed.
   */
  suppressedAmong(addresses: readonly string[]): Promise<Set<string>>;
}

/** BatchGetItem reads at most 100 keys per call. */
export const BATCH_GET_MAX_KEYS = 100;
/** Rounds of retrying unprocessed keys (with doubling delays) before giving up with a TransientError. */
const MAX_UNPROCESSED_ROUNDS = 5;
const MAX_ADDRESS_CHARS = 254;
const MAX_SOURCE_CHARS = 256;

/** Options of {@link DynamoSuppressionList}. */
export interface SuppressionListOptions {
  /** First delay before retrying unprocessed keys; doubles each round. Default 50 ms. */
  retryDelayMs?: number;
  /** How to wait; `setTimeout` by default (tests pass one that resolves at once). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The key an address is stored under: email addresses trimmed and lowercased (mailbox providers treat
 * them case-insensitively in practice), phone numbers trimmed and otherwise as given (E.164 already).
 */
export function normalizeAddress(channel: Channel, address: string): string {
  const trimmed = address.trim();
  return channel === 'email' ? trimmed.toLowerCase() : trimmed;
}

/** The channel an address belongs to: an `@` makes it email. */
function channelOf(address: string): Channel {
  return address.includes('@') ? 'email' : 'sms';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `SuppressionList` on the Suppressions table (pk `address`). */
export class DynamoSuppressionList implements SuppressionList {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retryDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(ddb: DynamoDBDocumentClient, tableName: string, options: SuppressionListOptions = {}) {
    this.#ddb = ddb;
    this.#table = tableName;
    this.#retryDelayMs = options.retryDelayMs ?? 50;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  async suppress(suppression: Suppression): Promise<WriteOutcome> {
    const address = normalizeAddress(suppression.channel, suppression.address);
    if (address === '' || address.length > MAX_ADDRESS_CHARS) {
      throw new RangeError(`a suppressed address must have 1 to ${MAX_ADDRESS_CHARS} characters`);
    }
    try {
      await callDynamo(`PutItem ${this.#table}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              address,
              channel: suppression.channel,
              reason: suppression.reason,
              at: suppression.at,
              source: suppression.source.slice(0, MAX_SOURCE_CHARS),
            },
            // The first report wins: a later bounce of a complained address must not rewrite its history.
            ConditionExpression: 'attribute_not_exists(#address)',
            ExpressionAttributeNames: { '#address': 'address' },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async suppressedAmong(addresses: readonly string[]): Promise<Set<string>> {
    // Normalized key → the addresses given for it (`Kari@x` and `kari@x` share one key).
    const byKey = new Map<string, string[]>();
    for (const address of addresses) {
      const key = normalizeAddress(channelOf(address), address);
      if (key === '' || key.length > MAX_ADDRESS_CHARS) continue;
      const given = byKey.get(key);
      if (given) given.push(address);
      else byKey.set(key, [address]);
    }
    const keys = [...byKey.keys()];
    const suppressed = new Set<string>();
    for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
      const found = await this.#batchGet(keys.slice(start, start + BATCH_GET_MAX_KEYS));
      for (const key of found) {
        for (const address of byKey.get(key) ?? []) suppressed.add(address);
      }
    }
    return suppressed;
  }

  /** The keys (≤ 100, distinct) that are stored, retrying unprocessed keys with doubling delays. */
  async #batchGet(keys: string[]): Promise<string[]> {
    const found: string[] = [];
    let request: BatchGetCommandInput['RequestItems'] = {
      [this.#table]: {
        Keys: keys.map((address) => ({ address })),
        ProjectionExpression: '#address',
        ExpressionAttributeNames: { '#address': 'address' },
        ConsistentRead: true,
      },
    };
    for (let round = 0; ; round += 1) {
      const requested: BatchGetCommandInput['RequestItems'] = request;
      const result: BatchGetCommandOutput = await callDynamo(`BatchGetItem ${this.#table}`, () =>
        this.#ddb.send(new BatchGetCommand({ RequestItems: requested })),
      );
      for (const item of result.Responses?.[this.#table] ?? []) {
        if (typeof item.address === 'string') found.push(item.address);
      }
      const unprocessed = result.UnprocessedKeys?.[this.#table];
      if (!unprocessed?.Keys?.length) return found;
      if (round + 1 >= MAX_UNPROCESSED_ROUNDS) {
        throw new TransientError(
          `BatchGetItem ${this.#table} left ${unprocessed.Keys.length} keys unprocessed after ${MAX_UNPROCESSED_ROUNDS} rounds`,
        );
      }
      // DynamoDB leaves keys unprocessed when throttled: back off before asking again.
      await this.#sleep(this.#retryDelayMs * 2 ** round);
      request = { [this.#table]: unprocessed };
    }
  }
}
