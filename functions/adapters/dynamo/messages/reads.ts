/**
 * The read side of the ledger: one item by its dedupe key, the customer's recent sends and the claims
 * that count against a frequency cap (queries of the index by customer, which projects only the
 * attributes these queries read: by-customer-index.ts), and every item or final record (scans).
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel, MessageKind, MessageRecord, Purpose } from '#domain/contracts/index.ts';
import { TransientError } from '#domain/errors.ts';
import type { SentMessage } from '#domain/messaging/types.ts';
import { callDynamo, epochMillis, queryItems, scanItems } from '../calls.ts';
import { BY_CUSTOMER_INDEX, type ByCustomerAttribute } from './by-customer-index.ts';
import { type LedgerEntry, type LedgerTable, toEntry, toMessageRecord } from './items.ts';

/**
 * `recentSends` queries the GSI by `createdAt` (the claim) but filters by `sentAt`: a message claimed
 * shortly before the window and sent inside it must still count. Retries never span more than this.
 */
const CLAIM_TO_SEND_SLACK_MS = 24 * 60 * 60 * 1000;

/** The keys every entry of the index by customer carries besides its projected attributes. */
type IndexKey = 'dedupeKey' | 'customerId' | 'createdAt';

/** One item, read consistently; undefined when absent. */
export async function getEntry(table: LedgerTable, dedupeKey: string): Promise<LedgerEntry | undefined> {
  const result = await callDynamo(`GetItem ${table.name}`, () =>
    table.ddb.send(new GetCommand({ TableName: table.name, Key: { dedupeKey }, ConsistentRead: true })),
  );
  return result.Item ? toEntry(result.Item) : undefined;
}

/** Most keys of one BatchGetItem. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_ATTEMPTS = 8;

/**
 * The outcome of each of many messages (status and reason, nothing else), 100 keys a `BatchGetItem`;
 * absent keys are missing from the map. Strongly consistent.
 */
export async function outcomes(
  table: LedgerTable,
  dedupeKeys: readonly string[],
): Promise<Map<string, { state: string; status: string | null; reason: string | null }>> {
  const found = new Map<string, { state: string; status: string | null; reason: string | null }>();
  for (let i = 0; i < dedupeKeys.length; i += BATCH_GET_KEYS) {
    let keys: Array<Record<string, unknown>> = dedupeKeys
      .slice(i, i + BATCH_GET_KEYS)
      .map((dedupeKey) => ({ dedupeKey }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS) {
        throw new TransientError(`BatchGetItem ${table.name}: ${keys.length} messages stayed unprocessed`);
      }
      const out = await callDynamo(`BatchGetItem ${table.name}`, () =>
        table.ddb.send(
          new BatchGetCommand({
            RequestItems: {
              [table.name]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: '#k, #state, #status, #reason',
                ExpressionAttributeNames: {
                  '#k': 'dedupeKey',
                  '#state': 'state',
                  '#status': 'status',
                  '#reason': 'reason',
                },
              },
            },
          }),
        ),
      );
      for (const item of out.Responses?.[table.name] ?? []) {
        found.set(String(item.dedupeKey), {
          state: String(item.state),
          status: typeof item.status === 'string' ? item.status : null,
          reason: typeof item.reason === 'string' ? item.reason : null,
        });
      }
      keys = (out.UnprocessedKeys?.[table.name]?.Keys ?? []) as Array<Record<string, unknown>>;
    }
  }
  return found;
}

/**
 * The customer's sent messages since `since` (by `sentAt`; the index is on `createdAt`, read with the
 * claim-to-send slack), oldest first, with `attributes` besides `sentAt`; only those of `kind` when given.
 */
async function sentItems(
  table: LedgerTable,
  customerId: string,
  since: Date,
  attributes: readonly ByCustomerAttribute[],
  kind?: MessageKind,
): Promise<Array<Record<string, unknown> & { sentAt: string }>> {
  const sinceMs = since.getTime();
  const read: readonly ByCustomerAttribute[] = [...attributes, 'sentAt'];
  const names = Object.fromEntries(read.map((name) => [`#${name}`, name]));
  const items: Array<Record<string, unknown> & { sentAt: string }> = [];
  for await (const item of queryItems(table.ddb, {
    TableName: table.name,
    IndexName: BY_CUSTOMER_INDEX,
    KeyConditionExpression: '#customerId = :customerId AND #createdAt >= :from',
    FilterExpression: kind === undefined ? '#status = :sent' : '#status = :sent AND #kind = :kind',
    ProjectionExpression: Object.keys(names).join(', '),
    ExpressionAttributeNames: {
      ...names,
      '#customerId': 'customerId',
      '#createdAt': 'createdAt',
      '#status': 'status',
      ...(kind === undefined ? {} : { '#kind': 'kind' }),
    },
    ExpressionAttributeValues: {
      ':customerId': customerId,
      ':from': new Date(sinceMs - CLAIM_TO_SEND_SLACK_MS).toISOString(),
      ':sent': 'sent',
      ...(kind === undefined ? {} : { ':kind': kind }),
    },
  })) {
    if (typeof item.sentAt !== 'string' || epochMillis(item.sentAt) < sinceMs) continue;
    items.push(item as Record<string, unknown> & { sentAt: string });
  }
  return items.sort((a, b) => epochMillis(a.sentAt) - epochMillis(b.sentAt));
}

function factsOf(item: Record<string, unknown>): Record<string, unknown> {
  return typeof item.facts === 'object' && item.facts !== null ? (item.facts as Record<string, unknown>) : {};
}

/** The customer's sent messages since `since` (by `sentAt`), oldest first. */
export async function recentSends(
  table: LedgerTable,
  customerId: string,
  since: Date,
): Promise<SentMessage[]> {
  const items = await sentItems(table, customerId, since, ['kind', 'purpose', 'channel']);
  return items.map((item) => ({
    kind: item.kind as MessageKind,
    purpose: item.purpose as Purpose,
    channel: item.channel as Channel,
    sentAt: item.sentAt,
  }));
}

/** A sent message of any kind with its facts, as {@link sentWithFacts} reads them. */
export interface SentWithFacts {
  kind: MessageKind;
  sentAt: string;
  facts: Record<string, unknown>;
}

/**
 * The messages sent to the customer since `since`, every kind with its facts, oldest first: one query
 * gives the retention signals all they read of the ledger.
 */
export async function sentWithFacts(
  table: LedgerTable,
  customerId: string,
  since: Date,
): Promise<SentWithFacts[]> {
  const items = await sentItems(table, customerId, since, ['kind', 'facts']);
  return items.map((item) => ({ kind: item.kind as MessageKind, sentAt: item.sentAt, facts: factsOf(item) }));
}

/** A sent message's facts, as {@link sentFacts} reads them. */
export interface SentFacts {
  sentAt: string;
  facts: Record<string, unknown>;
}

/** The facts of the messages of `kind` sent to the customer since `since` (by `sentAt`), oldest first. */
export async function sentFacts(
  table: LedgerTable,
  customerId: string,
  kind: MessageKind,
  since: Date,
): Promise<SentFacts[]> {
  const items = await sentItems(table, customerId, since, ['facts'], kind);
  return items.map((item) => ({ sentAt: item.sentAt, facts: factsOf(item) }));
}

/** Other messages of `purpose` sent since `since` or claimed right now (`sending`). */
export async function capClaims(
  table: LedgerTable,
  customerId: string,
  purpose: Purpose,
  since: Date,
  exceptDedupeKey: string,
): Promise<number> {
  const sinceMs = since.getTime();
  let count = 0;
  for await (const item of queryItems(table.ddb, {
    TableName: table.name,
    IndexName: BY_CUSTOMER_INDEX,
    KeyConditionExpression: '#customerId = :customerId AND #createdAt >= :from',
    FilterExpression: '#purpose = :purpose AND (#status = :sent OR #state = :sending)',
    ProjectionExpression: '#dedupeKey, #status, #state, #sentAt',
    ExpressionAttributeNames: {
      '#customerId': 'customerId',
      '#createdAt': 'createdAt',
      '#purpose': 'purpose',
      '#status': 'status',
      '#state': 'state',
      '#sentAt': 'sentAt',
      '#dedupeKey': 'dedupeKey',
    } satisfies Record<string, ByCustomerAttribute | IndexKey>,
    ExpressionAttributeValues: {
      ':customerId': customerId,
      ':from': new Date(sinceMs - CLAIM_TO_SEND_SLACK_MS).toISOString(),
      ':purpose': purpose,
      ':sent': 'sent',
      ':sending': 'sending',
    },
  })) {
    if (item.dedupeKey === exceptDedupeKey) continue;
    // A sent message counts inside the window by when it was sent; an in-flight claim always counts.
    if (item.status === 'sent' && (typeof item.sentAt !== 'string' || epochMillis(item.sentAt) < sinceMs))
      continue;
    count++;
  }
  return count;
}

/** Whether an entry is a final message (its status set): what becomes a contract record. */
function isFinal(entry: LedgerEntry): boolean {
  return entry.state === 'final' && entry.status !== null;
}

/**
 * Every final item as its contract record, in scan order, one page in memory at a time: for counting a
 * ledger too large to hold whole with its bodies (100,000 messages are gigabytes as JavaScript strings).
 */
export async function* finalRecords(table: LedgerTable): AsyncIterable<MessageRecord> {
  for await (const entry of ledgerEntries(table)) if (isFinal(entry)) yield toMessageRecord(entry);
}

/** Every final item as its contract record, by when it was sent or settled. */
export async function listRecords(table: LedgerTable): Promise<MessageRecord[]> {
  const records: Array<{ record: MessageRecord; order: string }> = [];
  for await (const entry of ledgerEntries(table)) {
    if (!isFinal(entry)) continue;
    records.push({
      record: toMessageRecord(entry),
      order: entry.sentAt ?? entry.settledAt ?? entry.createdAt,
    });
  }
  return records
    .sort(
      (a, b) =>
        epochMillisOrZero(a.order) - epochMillisOrZero(b.order) ||
        a.record.customerId.localeCompare(b.record.customerId) ||
        a.record.dedupeKey.localeCompare(b.record.dedupeKey),
    )
    .map(({ record }) => record);
}

/** Every item, final or not (a consistent scan). */
export async function* ledgerEntries(table: LedgerTable): AsyncIterable<LedgerEntry> {
  for await (const item of scanItems(table.ddb, { TableName: table.name, ConsistentRead: true })) {
    yield toEntry(item);
  }
}

function epochMillisOrZero(instant: string): number {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? 0 : ms;
}
