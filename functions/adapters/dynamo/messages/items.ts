/**
 * The Messages table and its items: the table a ledger works on, the shape of a ledger item
 * (what the send gate knows before sending, what the provider accepted, the entry with its bookkeeping),
 * the message id derived from the dedupe key (the table's key), and the conversions between a stored
 * item, a ledger entry and the contract's message record.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel, MessageKind, MessageRecord, MessageStatus, Purpose } from '#domain/contracts/index.ts';
import type { SuppressionReason } from '#domain/contracts/messages.ts';
import type { StoredItem } from '../calls.ts';

/** The Messages table a ledger reads and writes (pk `dedupeKey`, GSI `byCustomerSummary`: by-customer-index.ts). */
export interface LedgerTable {
  ddb: DynamoDBDocumentClient;
  name: string;
}

/**
 * Where a ledger item stands. `sending`: an attempt holds the claim (`claimedBy`) and may have handed the
 * message to the provider. `retrying`: the provider definitely did not accept it; any attempt may claim
 * it. `final`: sent, suppressed or failed; never sent again.
 */
export type LedgerState = 'sending' | 'retrying' | 'final';

/**
 * Who holds a claim: the id of the SendMessage execution whose attempt made it (`$$.Execution.Id`).
 * Every retry of one execution is the same claimant; a replay of the request is another execution and
 * so another claimant.
 */
export type Claimant = string;

/** How a message that was not sent ends: why (reason and detail), decided when. */
export interface Settlement {
  reason: SuppressionReason;
  /** An error code or a short explanation, stored as `detail` (at most 1,000 characters). */
  detail: string;
  at: Date;
}

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
  /** The execution that claimed it last; null for a message no attempt claimed (or claimed before owners). */
  claimedBy: Claimant | null;
  /** When the item was first written (the sort key of the index by customer). */
  createdAt: string;
  providerMessageId: string | null;
  /** Why the message failed or was released last (an error code, a short explanation). */
  detail: string | null;
  /** When the item became final. */
  settledAt: string | null;
}

/** Longest `detail` stored. */
const MAX_DETAIL_CHARS = 1_000;

/** A message id derived from the dedupe key, so retries and replays record the same id. */
export function messageIdFor(dedupeKey: string): string {
  return `m-${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}`;
}

/** The contract fields of a pending message that every claim or settlement (re)writes. */
export function contentOf(record: PendingMessage): StoredItem {
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
export function toEntry(item: StoredItem): LedgerEntry {
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
    claimedBy: text('claimedBy'),
    createdAt: String(item.createdAt ?? ''),
    providerMessageId: text('providerMessageId'),
    detail: text('detail'),
    settledAt: text('settledAt'),
  };
}

/** The contract record of a final entry (docs/contracts.md "Messages"), without the ledger's bookkeeping. */
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

/** A `detail` cut to the longest stored. */
export function boundDetail(detail: string): string {
  return detail.length <= MAX_DETAIL_CHARS ? detail : `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…`;
}
