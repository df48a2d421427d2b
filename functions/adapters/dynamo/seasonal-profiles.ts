import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callDynamo } from './calls.ts';

/** One product's seasonal shape (twelve weights, January first, mean 1), a sample of a learned profile. */
export interface ProfileSample {
  productId: string;
  shape: number[];
  /** When the sample was last refreshed (ISO 8601). */
  updatedAt: string;
}

/**
 * The samples of the seasonal profiles learned from the provider's own invoices (issue #13, item 3), per
 * profile key (`<market>#<productKind>`, e.g. `NO#electricity`).
 */
export interface SeasonalProfileRepository {
  /** Stores (or refreshes) one product's shape under `profileKey`; idempotent. */
  putSample(profileKey: string, sample: ProfileSample): Promise<void>;
  /** At most `limit` samples of `profileKey`, an evenly spread subset of the products (by hash). */
  samples(profileKey: string, limit: number): Promise<ProfileSample[]>;
}

/** The sort key of a sample: a hash of the product first, so the first `limit` are a random-like subset. */
export function sampleKey(productId: string): string {
  return `${createHash('sha256').update(productId).digest('hex').slice(0, 8)}#${productId}`;
}

/** `SeasonalProfileRepository` on the SeasonalProfiles table (pk `profileKey`, sk `sampleKey`). */
export class DynamoSeasonalProfileRepository implements SeasonalProfileRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async putSample(profileKey: string, sample: ProfileSample): Promise<void> {
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            profileKey,
            sampleKey: sampleKey(sample.productId),
            productId: sample.productId,
            shape: sample.shape,
            updatedAt: sample.updatedAt,
          },
        }),
      ),
    );
  }

  async samples(profileKey: string, limit: number): Promise<ProfileSample[]> {
    const result = await callDynamo(`Query ${this.#table}`, () =>
      this.#ddb.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'profileKey' },
          ExpressionAttributeValues: { ':pk': profileKey },
          Limit: Math.max(1, Math.min(1_000, limit)),
        }),
      ),
    );
    return (result.Items ?? []).flatMap((item) =>
      typeof item.productId === 'string' && Array.isArray(item.shape)
        ? [
            {
              productId: item.productId,
              shape: item.shape.map(Number),
              updatedAt: String(item.updatedAt ?? ''),
            },
          ]
        : [],
    );
  }
}
