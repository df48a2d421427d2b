/**
 * The message ledger repository: the `MessageLedger` port of the send gate and its DynamoDB
 * implementation on the Messages table (docs/idempotency.md). The work is in messages/: the table and its
 * items (items.ts), the one conditional write (update.ts), the state transitions of the send gate
 * (transitions.ts) and the read side (reads.ts). Handlers and tests import everything from here.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord, Purpose } from '../../domain/contracts/index.ts';
import type { SuppressionReason } from '../../domain/contracts/messages.ts';
import type { SentMessage } from '../../domain/messaging/types.ts';
import type { WriteOutcome } from './customers.ts';
import type { LedgerEntry, LedgerTable, PendingMessage, SentDetails } from './messages/items.ts';
import * as reads from './messages/reads.ts';
import type { ClaimResult } from './messages/transitions.ts';
import * as transitions from './messages/transitions.ts';

export {
  BY_CUSTOMER_INDEX,
  type LedgerEntry,
  type LedgerState,
  messageIdFor,
  type PendingMessage,
  type SentDetails,
  toMessageRecord,
} from './messages/items.ts';
export type { ClaimResult } from './messages/transitions.ts';

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

/** `MessageLedger` on the Messages table (pk `dedupeKey`, GSI `byCustomer`: `customerId`, `createdAt`). */
export class DynamoMessageLedger implements MessageLedger {
  readonly #table: LedgerTable;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#table = { ddb, name: tableName };
  }

  claim(record: PendingMessage, now: Date): Promise<ClaimResult> {
    return transitions.claim(this.#table, record, now);
  }

  takeOver(dedupeKey: string, seenAttempts: number, now: Date): Promise<ClaimResult> {
    return transitions.takeOver(this.#table, dedupeKey, seenAttempts, now);
  }

  markSent(dedupeKey: string, sent: SentDetails): Promise<WriteOutcome> {
    return transitions.markSent(this.#table, dedupeKey, sent);
  }

  markSuppressed(
    record: PendingMessage,
    reason: SuppressionReason,
    now: Date,
    detail?: string,
  ): Promise<WriteOutcome> {
    return transitions.markSuppressed(this.#table, record, reason, now, detail);
  }

  markFailed(
    message: string | PendingMessage,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome> {
    return transitions.markFailed(this.#table, message, reason, detail, now);
  }

  release(dedupeKey: string, detail?: string): Promise<WriteOutcome> {
    return transitions.release(this.#table, dedupeKey, detail);
  }

  suppressClaimed(
    dedupeKey: string,
    reason: SuppressionReason,
    detail: string,
    now: Date,
  ): Promise<WriteOutcome> {
    return transitions.suppressClaimed(this.#table, dedupeKey, reason, detail, now);
  }

  recentSends(customerId: string, since: Date): Promise<SentMessage[]> {
    return reads.recentSends(this.#table, customerId, since);
  }

  capClaims(customerId: string, purpose: Purpose, since: Date, exceptDedupeKey: string): Promise<number> {
    return reads.capClaims(this.#table, customerId, purpose, since, exceptDedupeKey);
  }

  get(dedupeKey: string): Promise<LedgerEntry | undefined> {
    return reads.getEntry(this.#table, dedupeKey);
  }

  list(): Promise<MessageRecord[]> {
    return reads.listRecords(this.#table);
  }

  entries(): AsyncIterable<LedgerEntry> {
    return reads.ledgerEntries(this.#table);
  }
}
