import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldError } from '#domain/errors.ts';
import { callDynamo, epochMillis, scanItems } from './calls.ts';

/** Where a rejected event came from: a single event, or a line of an invoice-run file. */
export type RejectionSource = 'events' | 'file';

/** What to record about an event that failed its contract. */
export interface RejectionInput {
  rejectionId: string;
  eventId: string;
  detailType: string;
  source: RejectionSource;
  errors: FieldError[];
  /** ISO 8601, from the clock. */
  receivedAt: string;
  /** `s3://bucket/key` of the file, for file lines. */
  location?: string;
  /** 1-based line number in the file, for file lines. */
  line?: number;
  /** The rejected detail, as received. */
  detail: unknown;
}

/** A stored rejection. */
export interface RejectionRecord extends Omit<RejectionInput, 'detail'> {
  /** The detail as JSON, cut to `MAX_DETAIL_BYTES`. */
  detail: string;
  /** True when `detail` was cut. */
  detailTruncated: boolean;
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: number;
}

/** Rejected events, kept for `REJECTION_RETENTION_DAYS`. */
export interface RejectionRepository {
  /** Stores the rejection (idempotent per `rejectionId`). */
  record(rejection: RejectionInput): Promise<RejectionRecord>;
  /** Every stored rejection, oldest first (scans the table: for reports, not hot paths). */
  list(): Promise<RejectionRecord[]>;
}

export const MAX_DETAIL_BYTES = 16 * 1024;
export const REJECTION_RETENTION_DAYS = 90;
// Keep an item well under DynamoDB's 400 KB even for pathological error lists.
const MAX_ERRORS = 100;
const MAX_ERROR_TEXT = 1000;

/** `RejectionRepository` on the Rejections table (pk `rejectionId`, TTL `expiresAt`). */
export class DynamoRejectionRepository implements RejectionRepository {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async record(rejection: RejectionInput): Promise<RejectionRecord> {
    const record = toRejectionRecord(rejection);
    await callDynamo(`PutItem ${this.#table}`, () =>
      this.#ddb.send(new PutCommand({ TableName: this.#table, Item: { ...record } })),
    );
    return record;
  }

  async list(): Promise<RejectionRecord[]> {
    const records: RejectionRecord[] = [];
    for await (const item of scanItems(this.#ddb, { TableName: this.#table, ConsistentRead: true })) {
      records.push(item as unknown as RejectionRecord);
    }
    return records.sort(
      (a, b) =>
        a.receivedAt.localeCompare(b.receivedAt) ||
        a.eventId.localeCompare(b.eventId) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        a.rejectionId.localeCompare(b.rejectionId),
    );
  }
}

/** The item stored for a rejection: detail serialized and bounded, expiry set. */
export function toRejectionRecord(rejection: RejectionInput): RejectionRecord {
  const { detail, location, line, ...rest } = rejection;
  const json = serializeDetail(detail);
  const cut = truncateUtf8(json, MAX_DETAIL_BYTES);
  return {
    ...rest,
    ...(location === undefined ? {} : { location }),
    ...(line === undefined ? {} : { line }),
    errors: rejection.errors.slice(0, MAX_ERRORS).map((error) => ({
      path: truncateText(error.path, MAX_ERROR_TEXT),
      message: truncateText(error.message, MAX_ERROR_TEXT),
    })),
    detail: cut,
    detailTruncated: cut.length < json.length,
    expiresAt: Math.floor(epochMillis(rejection.receivedAt) / 1000) + REJECTION_RETENTION_DAYS * 24 * 60 * 60,
  };
}

function serializeDetail(detail: unknown): string {
  try {
    return JSON.stringify(detail) ?? 'null';
  } catch {
    // Cycles or BigInts cannot come from JSON input, but a rejection must never fail to record.
    return JSON.stringify(String(detail));
  }
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
