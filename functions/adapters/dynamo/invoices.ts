import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { InvoiceIssued } from '#domain/contracts/index.ts';
import { type BatchPutOptions, batchPutItems, callDynamo, omitAttributes, queryItems } from './calls.ts';

/** Invoices by customer, sorted by billing period. */
export interface InvoiceRepository {
  /**
   * Stores an invoice (idempotent: storing it again leaves the same item). `created` is false when an
   * invoice with the same id and period was already stored.
   */
  put(invoice: InvoiceIssued): Promise<{ created: boolean }>;
  /**
   * Stores many invoices at once (idempotent), 25 a request. An invoice id and period given twice is
   * stored once, as its last occurrence, as consecutive `put`s would leave it.
   */
  putMany(invoices: readonly InvoiceIssued[]): Promise<void>;
  /** Every stored invoice of the customer, oldest billing period first. */
  history(customerId: string): Promise<InvoiceIssued[]>;
}

/** `<period.from>#<invoiceId>`: sorts a customer's invoices by billing period. */
export function invoiceSk(invoice: Pick<InvoiceIssued, 'invoiceId' | 'period'>): string {
  return `${invoice.period.from}#${invoice.invoiceId}`;
}

/** `InvoiceRepository` on the Invoices table (pk `customerId`, sk `sk`). */
export class DynamoInvoiceRepository implements InvoiceRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  readonly #batchOptions: BatchPutOptions;

  constructor(ddb: DynamoDBDocumentClient, tableName: string, batchOptions: BatchPutOptions = {}) {
    this.#ddb = ddb;
    this.#table = tableName;
    this.#batchOptions = batchOptions;
  }

  async putMany(invoices: readonly InvoiceIssued[]): Promise<void> {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const invoice of invoices) {
      const sk = invoiceSk(invoice);
      const key = `${invoice.customerId}\u0000${sk}`;
      // Deleted first so the item keeps the place of its last occurrence.
      byKey.delete(key);
      byKey.set(key, { ...invoice, sk });
    }
    await batchPutItems(this.#ddb, this.#table, [...byKey.values()], this.#batchOptions);
  }

  async put(invoice: InvoiceIssued): Promise<{ created: boolean }> {
    const result = await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...invoice, sk: invoiceSk(invoice) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return { created: result.Attributes === undefined };
  }

  async history(customerId: string): Promise<InvoiceIssued[]> {
    const invoices: InvoiceIssued[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
      ScanIndexForward: true,
    })) {
      invoices.push(omitAttributes(item, ['sk']) as InvoiceIssued);
    }
    return invoices;
  }
}
