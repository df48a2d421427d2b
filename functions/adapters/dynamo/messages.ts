import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Channel,
  MessageKind,
  MessageRecord,
  MessageStatus,
  Purpose,
} from '../../domain/contracts/index.ts';
import type { SuppressionReason } from '../../domain/contracts/messages.ts';
import { TransientError } from '../../domain/errors.ts';
import type { SentMessage } from '../../domain/messaging/types.ts';
import {
  callDynamo,
  epochMillis,
  isConditionalCheckFailed,
  queryItems,
  type StoredItem,
  scanItems,
} from './calls.ts';
import type { WriteOutcome } from './customers.ts';

/** The GSI of the Messages table: pk `customerId`, sk `createdAt`. */
export const BY_CUSTOMER_INDEX = 'byCustomer';

/**
 * Where a ledger item stands. `sending`: an attempt holds the claim and may have handed the message to
 * the provider. `retrying`: the provider definitely did not accept it; the next attempt may claim it.
 * `final`: sent, suppressed or failed; never sent again.
 */
export type LedgerState = 'sending' | 'retrying' | 'final';

/** What the send gate knows of a message before sending it: the contract record without its outcome. */
export interface PendingMessage {
  /** Stable across retries and replays: use `messageIdFor(dedupeKey)` unless the caller has one. */
  messageId: string;
  dedupeKey: string;
  customerId: string;
  kind: MessageKind;
  purpose: Purpose;
  locale: string;
  trigger: { detailType: string; id: string };
  facts: Record<string, unknown>;
  /** Rendered content, when known (a suppressed message may have none). */
  channel?: Channel | null;
  to?: string | null;
  subject?: string | null;
  text?: string | null;
  html?: string | null;
}

/** What the provider accepted, recorded by `markSent`. */
export interface SentDetails {
  providerMessageId: string;
  /** When the provider accepted it (ISO 8601). */
  sentAt: string;
  channel: Channel;
  to: string;
  /** Null for SMS. */
  subject: string | null;
  text: string;
  /** Null for SMS. */
  html: string | null;
  locale: string;
}

/** A ledger item: every contract field known so far, plus the ledger's own bookkeeping. */
export interface LedgerEntry {
  messageId: string;
  dedupeKey: string;
  customerId: string;
  kind: MessageKind;
  purpose: Purpose;
  /** Null until the message is final. */
  status: MessageStatus | null;
  reason: SuppressionReason | null;
  channel: Channel | null;
  to: string | null;
  locale: string;
  subject: string | null;
  text: string | null;
  html: string | null;
  sentAt: string | null;
  trigger: { detailType: string; id: string };
  facts: Record<string, unknown>;
  state: LedgerState;
  /** How many attempts claimed the message (0 for a message suppressed before any attempt). */
  attempts: number;
  /** When the latest attempt claimed it. */
  claimedAt: string | null;
  /** When the item was first written (the GSI sort key). */
  createdAt: string;
  providerMessageId: string | null;
  /** Why the message failed or was released last (an error code, a short explanation). */
  detail: string | null;
  /** When the item became final. */
  settledAt: string | null;
}

/** What a claim found. */
export type ClaimResult =
  /** This attempt holds the claim (state `sending`): send, then mark the outcome. */
  | { outcome: 'claimed'; record: LedgerEntry }
  /**
   * Another attempt holds the claim and may have handed the message to the provider. The caller decides
   * with `inFlightClaimExpired` and `onInFlight` (functions/domain/messaging/delivery-policy.ts).
   */
  | { outcome: 'in-flight'; record: LedgerEntry }
  /** Already sent, suppressed or failed: never send again. */
  | { outcome: 'final'; record: LedgerEntry };

/**
 * The idempotency ledger of the send gate. Every write is a single-item conditional write (dynalite has
 * no transactions), and none of them ever changes a `final` item.
 */
export interface MessageLedger {
  /**
   * Claims the message for one attempt: creates it as `sending` when absent, or takes a `retrying` one
   * again (attempts + 1). A `sending` item gives `in-flight`, a `final` one gives `final`.
   * @throws TransientError when the item keeps changing under the claim (contention), or on throttling.
   */
  claim(record: PendingMessage, now: Date): Promise<ClaimResult>;
  /**
   * Takes over a `sending` claim whose attempt is dead (lease expired, `onInFlight` said `send-again` or
   * `give-up`): conditional on the attempt count the caller saw, so of two attempts taking over the
   * same claim exactly one wins. The loser gets `in-flight` (or `final`).
   */
  takeOver(dedupeKey: string, seenAttempts: number, now: Date): Promise<ClaimResult>;
  /** `sending`/`retrying` → final `sent`. Refused (`applied: false`) on a final or absent item. */
  markSent(dedupeKey: string, sent: SentDetails): Promise<WriteOutcome>;
  /**
   * Records a message the send gate decided not to send: creates the final `suppressed` record when
   * absent, or settles a `retrying` one. Refused on a `sending` (in flight) or final item.
   */
  markSuppressed(
    record: PendingMessage,
    reason: SuppressionReason,
    now: Date,
    detail?: string,
  ): Promise<WriteOutcome>;
  /**
   * Records a message that cannot be sent (permanent refusal, outcome unknown and `give-up`, retries
   * exhausted). With a dedupe key, settles an existing non-final item; with a `PendingMessage`, also
   * creates the record when absent (a failure before any claim). Never changes a final item.
   */
  markFailed(
    message: string | PendingMessage,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome>;
  /**
   * `sending` → `retrying`: the provider definitely did not accept the message (throttled, 5xx, no
   * connection), so the next attempt may claim it again.
   */
  release(dedupeKey: string, detail?: string): Promise<WriteOutcome>;
  /** Messages sent to the customer since `since` (by `sentAt`), oldest first, for frequency caps. */
  recentSends(customerId: string, since: Date): Promise<SentMessage[]>;
  /**
   * How many other messages of `purpose` to the customer count against its cap at this moment: those
   * sent since `since`, and those claimed by an attempt right now (state `sending`). The send gate asks
   * this after claiming, so two concurrent requests cannot both slip under the cap.
   */
  capClaims(customerId: string, purpose: Purpose, since: Date, exceptDedupeKey: string): Promise<number>;
  /** Settles a message this attempt has claimed (state `sending`) as suppressed, e.g. at the cap. */
  suppressClaimed(
    dedupeKey: string,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome>;
  get(dedupeKey: string): Promise<LedgerEntry | undefined>;
  /** Every final message as its contract record (internal fields removed, `html` included). */
  list(): Promise<MessageRecord[]>;
  /** Every item, final or not, with its bookkeeping (a scan). */
  entries(): AsyncIterable<LedgerEntry>;
}

/** Claim rounds before giving up on an item that keeps changing between the write and the read. */
const MAX_CLAIM_ROUNDS = 3;
/** Longest `detail` stored. */
const MAX_DETAIL_CHARS = 1_000;
/**
 * `recentSends` queries the GSI by `createdAt` (the claim) but filters by `sentAt`: a message claimed
 * shortly before the window and sent inside it must still count. Retries never span more than this.
 */
const CLAIM_TO_SEND_SLACK_MS = 24 * 60 * 60 * 1000;

/** A message id derived from the dedupe key, so retries and replays record the same id. */
export function messageIdFor(dedupeKey: string): string {
  return `m-${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}`;
}

/** An update built from named attributes: `SET #a = :a, …`, with `#`/`:` placeholders for all. */
interface UpdateSpec {
  /** Attributes set to a value. */
  set?: StoredItem;
  /** Attributes set only when absent (`if_not_exists`). */
  setIfAbsent?: StoredItem;
  /** Raw SET clauses (placeholders declared in `names`/`values`). */
  clauses?: string[];
  condition: string;
  /** Values the condition and clauses use. */
  values?: StoredItem;
  returnNew?: boolean;
}

/** `MessageLedger` on the Messages table (pk `dedupeKey`, GSI `byCustomer`: `customerId`, `createdAt`). */
export class DynamoMessageLedger implements MessageLedger {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#table = tableName;
  }

  async claim(record: PendingMessage, now: Date): Promise<ClaimResult> {
    const at = now.toISOString();
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      try {
        const attributes = await this.#update(record.dedupeKey, {
          set: { ...contentOf(record), state: 'sending', claimedAt: at },
          setIfAbsent: { messageId: record.messageId, createdAt: at },
          clauses: ['#attempts = if_not_exists(#attempts, :zero) + :one'],
          condition: 'attribute_not_exists(#dedupeKey) OR #state = :retrying',
          values: { ':zero': 0, ':one': 1, ':retrying': 'retrying' },
          returnNew: true,
        });
        return { outcome: 'claimed', record: toEntry(attributes ?? {}) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const current = await this.get(record.dedupeKey);
      // `retrying` (released between our write and this read) or gone: try to claim it again.
      if (current?.state === 'sending') return { outcome: 'in-flight', record: current };
      if (current?.state === 'final') return { outcome: 'final', record: current };
    }
    throw new TransientError(
      `ledger claim of ${record.dedupeKey.slice(0, 200)} kept changing; try again later`,
    );
  }

  async takeOver(dedupeKey: string, seenAttempts: number, now: Date): Promise<ClaimResult> {
    try {
      const attributes = await this.#update(dedupeKey, {
        set: { claimedAt: now.toISOString() },
        clauses: ['#attempts = #attempts + :one'],
        condition: '#state = :sending AND #attempts = :seen',
        values: { ':one': 1, ':sending': 'sending', ':seen': seenAttempts },
        returnNew: true,
      });
      return { outcome: 'claimed', record: toEntry(attributes ?? {}) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const current = await this.get(dedupeKey);
    if (current === undefined) {
      throw new TransientError(`ledger has no claim ${dedupeKey.slice(0, 200)} to take over`);
    }
    // Someone else took it over (or released it): not ours to send.
    return { outcome: current.state === 'final' ? 'final' : 'in-flight', record: current };
  }

  async markSent(dedupeKey: string, sent: SentDetails): Promise<WriteOutcome> {
    return this.#conditional(dedupeKey, {
      set: {
        ...sent,
        state: 'final',
        status: 'sent',
        reason: null,
        settledAt: sent.sentAt,
      },
      condition: 'attribute_exists(#dedupeKey) AND #state <> :final',
      values: { ':final': 'final' },
    });
  }

  async markSuppressed(
    record: PendingMessage,
    reason: SuppressionReason,
    now: Date,
    detail?: string,
  ): Promise<WriteOutcome> {
    return this.#settle(record, 'suppressed', reason, detail ?? null, now, {
      condition: 'attribute_not_exists(#dedupeKey) OR #state = :retrying',
      values: { ':retrying': 'retrying' },
    });
  }

  async markFailed(
    message: string | PendingMessage,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome> {
    if (typeof message !== 'string') {
      return this.#settle(message, 'failed', reason, detail, now, {
        condition: 'attribute_not_exists(#dedupeKey) OR #state <> :final',
        values: { ':final': 'final' },
      });
    }
    return this.#conditional(message, {
      set: {
        state: 'final',
        status: 'failed',
        reason,
        detail: boundDetail(detail),
        sentAt: null,
        settledAt: now.toISOString(),
      },
      condition: 'attribute_exists(#dedupeKey) AND #state <> :final',
      values: { ':final': 'final' },
    });
  }

  async release(dedupeKey: string, detail?: string): Promise<WriteOutcome> {
    return this.#conditional(dedupeKey, {
      set: { state: 'retrying', ...(detail === undefined ? {} : { detail: boundDetail(detail) }) },
      condition: '#state = :sending',
      values: { ':sending': 'sending' },
    });
  }

  async recentSends(customerId: string, since: Date): Promise<SentMessage[]> {
    const sinceMs = since.getTime();
    const sends: SentMessage[] = [];
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
      IndexName: BY_CUSTOMER_INDEX,
      KeyConditionExpression: '#customerId = :customerId AND #createdAt >= :from',
      FilterExpression: '#status = :sent',
      ProjectionExpression: '#kind, #purpose, #channel, #sentAt',
      ExpressionAttributeNames: {
        '#customerId': 'customerId',
        '#createdAt': 'createdAt',
        '#status': 'status',
        '#kind': 'kind',
        '#purpose': 'purpose',
        '#channel': 'channel',
        '#sentAt': 'sentAt',
      },
      ExpressionAttributeValues: {
        ':customerId': customerId,
        ':from': new Date(sinceMs - CLAIM_TO_SEND_SLACK_MS).toISOString(),
        ':sent': 'sent',
      },
    })) {
      if (typeof item.sentAt !== 'string' || epochMillis(item.sentAt) < sinceMs) continue;
      sends.push({
        kind: item.kind as MessageKind,
        purpose: item.purpose as Purpose,
        channel: item.channel as Channel,
        sentAt: item.sentAt,
      });
    }
    return sends.sort((a, b) => epochMillis(a.sentAt) - epochMillis(b.sentAt));
  }

  async capClaims(
    customerId: string,
    purpose: Purpose,
    since: Date,
    exceptDedupeKey: string,
  ): Promise<number> {
    const sinceMs = since.getTime();
    let count = 0;
    for await (const item of queryItems(this.#ddb, {
      TableName: this.#table,
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
      },
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

  async suppressClaimed(
    dedupeKey: string,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome> {
    return this.#conditional(dedupeKey, {
      set: {
        state: 'final',
        status: 'suppressed',
        reason,
        detail: boundDetail(detail),
        sentAt: null,
        settledAt: now.toISOString(),
      },
      condition: '#state = :sending',
      values: { ':sending': 'sending' },
    });
  }

  async get(dedupeKey: string): Promise<LedgerEntry | undefined> {
    const result = await callDynamo(`GetItem ${this.#table}`, () =>
      this.#ddb.send(new GetCommand({ TableName: this.#table, Key: { dedupeKey }, ConsistentRead: true })),
    );
    return result.Item ? toEntry(result.Item) : undefined;
  }

  async list(): Promise<MessageRecord[]> {
    const records: Array<{ record: MessageRecord; order: string }> = [];
    for await (const entry of this.entries()) {
      if (entry.state !== 'final' || entry.status === null) continue;
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

  async *entries(): AsyncIterable<LedgerEntry> {
    for await (const item of scanItems(this.#ddb, { TableName: this.#table, ConsistentRead: true })) {
      yield toEntry(item);
    }
  }

  /** Creates or settles a final record from the full message, under `guard`. */
  async #settle(
    record: PendingMessage,
    status: 'suppressed' | 'failed',
    reason: SuppressionReason,
    detail: string | null,
    now: Date,
    guard: { condition: string; values: StoredItem },
  ): Promise<WriteOutcome> {
    const at = now.toISOString();
    return this.#conditional(record.dedupeKey, {
      set: {
        ...contentOf(record),
        state: 'final',
        status,
        reason,
        detail: detail === null ? null : boundDetail(detail),
        sentAt: null,
        settledAt: at,
      },
      setIfAbsent: { messageId: record.messageId, createdAt: at, attempts: 0 },
      condition: guard.condition,
      values: guard.values,
    });
  }

  /** A conditional update whose refusal is an answer (`applied: false`), not an error. */
  async #conditional(dedupeKey: string, spec: UpdateSpec): Promise<WriteOutcome> {
    try {
      await this.#update(dedupeKey, spec);
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async #update(dedupeKey: string, spec: UpdateSpec): Promise<StoredItem | undefined> {
    const names: Record<string, string> = {};
    const values: StoredItem = { ...spec.values };
    const clauses: string[] = [];
    for (const [name, value] of Object.entries(spec.set ?? {})) {
      if (value === undefined) continue;
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      clauses.push(`#${name} = :${name}`);
    }
    for (const [name, value] of Object.entries(spec.setIfAbsent ?? {})) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      clauses.push(`#${name} = if_not_exists(#${name}, :${name})`);
    }
    clauses.push(...(spec.clauses ?? []));
    // Names used only by the condition or the raw clauses must be declared too.
    for (const text of [spec.condition, ...(spec.clauses ?? [])]) {
      for (const match of text.matchAll(/#(\w+)/g)) {
        const name = match[1];
        if (name !== undefined) names[`#${name}`] = name;
      }
    }
    const result = await callDynamo(`UpdateItem ${this.#table}`, () =>
      this.#ddb.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { dedupeKey },
          UpdateExpression: `SET ${clauses.join(', ')}`,
          ConditionExpression: spec.condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ...(spec.returnNew ? { ReturnValues: 'ALL_NEW' as const } : {}),
        }),
      ),
    );
    return result.Attributes;
  }
}

/** The contract fields of a pending message that every claim or settlement (re)writes. */
function contentOf(record: PendingMessage): StoredItem {
  return {
    customerId: record.customerId,
    kind: record.kind,
    purpose: record.purpose,
    locale: record.locale,
    trigger: { detailType: record.trigger.detailType, id: record.trigger.id },
    facts: record.facts,
    channel: record.channel ?? null,
    to: record.to ?? null,
    subject: record.subject ?? null,
    text: record.text ?? null,
    html: record.html ?? null,
  };
}

/** A stored item as a ledger entry; attributes a write did not set read as null. */
function toEntry(item: StoredItem): LedgerEntry {
  const text = (name: string): string | null =>
    typeof item[name] === 'string' ? (item[name] as string) : null;
  const trigger = (item.trigger ?? {}) as { detailType?: unknown; id?: unknown };
  return {
    messageId: String(item.messageId ?? ''),
    dedupeKey: String(item.dedupeKey ?? ''),
    customerId: String(item.customerId ?? ''),
    kind: item.kind as MessageKind,
    purpose: item.purpose as Purpose,
    status: text('status') as MessageStatus | null,
    reason: text('reason') as SuppressionReason | null,
    channel: text('channel') as Channel | null,
    to: text('to'),
    locale: String(item.locale ?? ''),
    subject: text('subject'),
    text: text('text'),
    html: text('html'),
    sentAt: text('sentAt'),
    trigger: { detailType: String(trigger.detailType ?? ''), id: String(trigger.id ?? '') },
    facts: (item.facts ?? {}) as Record<string, unknown>,
    state: item.state as LedgerState,
    attempts: typeof item.attempts === 'number' ? item.attempts : 0,
    claimedAt: text('claimedAt'),
    createdAt: String(item.createdAt ?? ''),
    providerMessageId: text('providerMessageId'),
    detail: text('detail'),
    settledAt: text('settledAt'),
  };
}

/** The contract record of a final entry (CONTRACTS.md "Messages"), without the ledger's bookkeeping. */
export function toMessageRecord(entry: LedgerEntry): MessageRecord {
  return {
    messageId: entry.messageId,
    dedupeKey: entry.dedupeKey,
    customerId: entry.customerId,
    kind: entry.kind,
    purpose: entry.purpose,
    status: entry.status ?? 'failed',
    reason: entry.status === 'sent' ? null : (entry.reason ?? 'provider-error'),
    channel: entry.channel,
    to: entry.to,
    locale: entry.locale,
    subject: entry.subject,
    text: entry.text,
    html: entry.html,
    sentAt: entry.sentAt,
    trigger: { ...entry.trigger },
    facts: entry.facts,
  };
}

function boundDetail(detail: string): string {
  return detail.length <= MAX_DETAIL_CHARS ? detail : `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…`;
}

function epochMillisOrZero(instant: string): number {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? 0 : ms;
}
