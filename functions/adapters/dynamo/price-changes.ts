import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PriceChangeAnnounced } from '#domain/contracts/index.ts';
import { callDynamo } from './calls.ts';

/** Announced price changes by id. */
export interface PriceChangeRepository {
  /** Stores the announcement (idempotent). */
  put(detail: PriceChangeAnnounced): Promise<void>;
  get(priceChangeId: string): Promise<PriceChangeAnnounced | undefined>;
}

/** `PriceChangeRepository` on the PriceChanges table (pk `priceChangeId`). */
export class DynamoPriceChangeRepository implements PriceChangeRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async put(detail: PriceChangeAnnounced): Promise<void> {
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(new PutCommand({ TableName: this.#table, Item: { ...detail } })),
    );
  }

  async get(priceChangeId: string): Promise<PriceChangeAnnounced | undefined> {
    const result = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(
        new GetCommand({ TableName: this.#table, Key: { priceChangeId }, ConsistentRead: true }),
      ),
    );
    return result.Item as PriceChangeAnnounced | undefined;
  }
}
