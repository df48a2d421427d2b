import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ContractEnded, OfferCatalogPublished } from '#domain/contracts/index.ts';
import { RETENTION_PROGRAM_ID } from '#domain/retention/program.ts';
import { callDynamo, isConditionalCheckFailed } from './calls.ts';
import { ENDED_SK_PREFIX, RISK_SK, type StoredRisk } from './customers.ts';

/** Sort key of the current offer catalog, under the program's campaign id in the Campaigns table. */
export const CATALOG_SK = 'catalog';

/** The stored catalog: the latest `Offer Catalog Published`, and when it was published. */
export interface CatalogRecord {
  catalog: OfferCatalogPublished;
  publishedAt: string;
}

/**
 * What retention stores: the offer catalog (Campaigns table, next to the program's campaign), each
 * customer's ended contracts and churn risk (Customers table, next to the profile, so one read of a
 * customer brings them).
 */
export interface RetentionRepository {
  /** Stores a catalog published at `at`; an older one than the standing catalog is ignored. */
  publishCatalog(catalog: OfferCatalogPublished, at: Date): Promise<{ applied: boolean }>;
  /** The current catalog, or undefined when none was published. */
  currentCatalog(): Promise<CatalogRecord | undefined>;
  /** Stores an ended contract (the latest `endedAt` of a product stands). */
  endContract(ended: ContractEnded): Promise<{ applied: boolean }>;
  /** Stores the churn risk the program derived for a customer. */
  putRisk(customerId: string, risk: StoredRisk): Promise<void>;
}

export class DynamoRetentionRepository implements RetentionRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #campaigns: string;
  readonly #customers: string;

  constructor(ddb: DynamoDBDocumentClient, tables: { campaigns: string; customers: string }) {
    this.#ddb = ddb;
    this.#campaigns = tables.campaigns;
    this.#customers = tables.customers;
  }

  async publishCatalog(catalog: OfferCatalogPublished, at: Date): Promise<{ applied: boolean }> {
    try {
      await callDynamo(`PutItem ${this.#campaigns}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#campaigns,
            Item: {
              campaignId: RETENTION_PROGRAM_ID,
              sk: CATALOG_SK,
              catalogId: catalog.catalogId,
              // As JSON: the offers nest, and DynamoDB need not know their shape.
              catalog: JSON.stringify(catalog),
              publishedAt: at.toISOString(),
              eventAtMs: at.getTime(),
            },
            // The later publication stands, whatever order the events arrive in.
            ConditionExpression: 'attribute_not_exists(sk) OR eventAtMs <= :at',
            ExpressionAttributeValues: { ':at': at.getTime() },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async currentCatalog(): Promise<CatalogRecord | undefined> {
    const { Item } = await callDynamo(`GetItem ${this.#campaigns}`, () =>
      this.#ddb.send(
        new GetCommand({
          TableName: this.#campaigns,
          Key: { campaignId: RETENTION_PROGRAM_ID, sk: CATALOG_SK },
          ConsistentRead: true,
        }),
      ),
    );
    if (!Item || typeof Item.catalog !== 'string') return undefined;
    return {
      catalog: JSON.parse(Item.catalog) as OfferCatalogPublished,
      publishedAt: String(Item.publishedAt),
    };
  }

  async endContract(ended: ContractEnded): Promise<{ applied: boolean }> {
    const atMs = Date.parse(ended.endedAt);
    try {
      await callDynamo(`PutItem ${this.#customers}`, () =>
        this.#ddb.send(
          new PutCommand({
            TableName: this.#customers,
            Item: { ...ended, sk: `${ENDED_SK_PREFIX}${ended.productId}`, endedAtMs: atMs },
            ConditionExpression: 'attribute_not_exists(sk) OR endedAtMs <= :at',
            ExpressionAttributeValues: { ':at': atMs },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async putRisk(customerId: string, risk: StoredRisk): Promise<void> {
    await callDynamo(`PutItem ${this.#customers}`, () =>
      this.#ddb.send(
        new PutCommand({ TableName: this.#customers, Item: { customerId, sk: RISK_SK, ...risk } }),
      ),
    );
  }
}
