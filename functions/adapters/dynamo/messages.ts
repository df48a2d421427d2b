/**
 * The message ledger repository: the `MessageLedger` port of the send gate and its DynamoDB
 * implementation on the Messages table (docs/idempotency.md). The work is in messages/: the table and its
 * items (items.ts), the one conditional write (update.ts), the state transitions of the send gate
 * (transitions.ts) and the read side (reads.ts). Handlers and tests import everything from here.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageKind, MessageRecord, Purpose } from '#domain/contracts/index.ts';
import type { SuppressionReason } from '#domain/contracts/messages.ts';
import type { SentMessage } from '#domain/messaging/types.ts';
import { callDynamo, isConditionalCheckFailed } from './calls.ts';
import type { WriteOutcome } from './customers.ts';
import type {
  Claimant,
  LedgerEntry,
  LedgerTable,
  PendingMessage,
  SentDetails,
  Settlement,
} from './messages/items.ts';
import type { SentFacts } from './messages/reads.ts';
import * as reads from './messages/reads.ts';
import type { ClaimResult, SuppressOutcome } from './messages/transitions.ts';
import * as transitions from './messages/transitions.ts';

export {
  BY_CUSTOMER_ATTRIBUTES,
  BY_CUSTOMER_INDEX,
  type ByCustomerAttribute,
} from './messages/by-customer-index.ts';
export {
  type Claimant,
  type LedgerEntry,
  type LedgerState,
  messageIdFor,
  type PendingMessage,
  type SentDetails,
  type Settlement,
  toMessageRecord,
} from './messages/items.ts';
export type { ClaimResult, SuppressOutcome } from './messages/transitions.ts';

/**
 * The idempotency ledger of the send gate. Every write is a single-item conditional write (dynalite has
 * no transactions), and none of them ever changes a `final` item. A claim has an owner, its `Claimant`
 * (the SendMessage execution): only the claimant holding a claim may release it or settle it as failed
 * or suppressed (docs/idempotency.md).
 */
export interface MessageLedger {
  /**
   * Claims the message for `claimant`: creates it as `sending` when absent, or takes a `retrying` one
   * again (attempts + 1). A `sending` item gives `in-flight` (with who holds it), a `final` one `final`.
   * @throws TransientError when the item keeps changing under the claim (contention), or on throttling.
   */
  claim(record: PendingMessage, claimant: Claimant, now: Date): Promise<ClaimResult>;
  /**
   * Takes over a `sending` claim whose attempt is dead (lease expired, `onInFlight` said `send-again` or
   * `give-up`) for `claimant`: conditional on the attempt count the caller saw, so of two attempts taking
   * over the same claim exactly one wins. The loser gets `in-flight` (or `final`).
   */
  takeOver(dedupeKey: string, seenAttempts: number, claimant: Claimant, now: Date): Promise<ClaimResult>;
  /**
   * `sending`/`retrying` → final `sent`, whoever holds the claim now: the provider accepted the message.
   * Refused (`applied: false`) on a final or absent item.
   */
  markSent(dedupeKey: string, sent: SentDetails): Promise<WriteOutcome>;
  /**
   * Records a message the send gate decided not to send: creates the final `suppressed` record when
   * absent, or settles a `retrying` one. Refused on a `sending` (in flight) or final item, and then
   * gives that item as `current` (returned with the refusal by DynamoDB; read once where the refusal
   * carries none, as on dynalite): a `final` one means the request is a duplicate.
   */
  markSuppressed(
    record: PendingMessage,
    reason: SuppressionReason,
    now: Date,
    detail?: string,
  ): Promise<SuppressOutcome>;
  /**
   * Settles the claim `claimant` holds (`sending`) as failed: the provider refused the message, it cannot
   * be rendered, or an earlier attempt's outcome is unknown and the purpose says give up. Refused on
   * anyone else's claim, a `retrying` or a final item.
   */
  markFailed(dedupeKey: string, claimant: Claimant, failure: Settlement): Promise<WriteOutcome>;
  /**
   * Records that `claimant`'s delivery ended without an outcome (retries exhausted, a deferral that
   * could not be scheduled): the message becomes `failed` if `claimant` claimed it last and it is not
   * final, or is created as `failed` if nobody ever claimed it. Refused on another claimant's item,
   * live or released, and on a final one.
   */
  recordFailure(record: PendingMessage, claimant: Claimant, failure: Settlement): Promise<WriteOutcome>;
  /**
   * `sending` held by `claimant` → `retrying`: the provider definitely did not accept the message
   * (throttled, 5xx, no connection), so the next attempt (of any execution) may claim it again.
   */
  release(dedupeKey: string, claimant: Claimant, detail?: string): Promise<WriteOutcome>;
  /** Messages sent to the customer since `since` (by `sentAt`), oldest first, for frequency caps. */
  recentSends(customerId: string, since: Date): Promise<SentMessage[]>;
  /**
   * The facts of the messages of `kind` sent to the customer since `since`, oldest first (an invoice
   * explanation reads the price-change notices the customer was sent).
   */
  sentFacts(customerId: string, kind: MessageKind, since: Date): Promise<SentFacts[]>;
  /** Every message sent to the customer since `since`, with its kind and facts, oldest first. */
  sentWithFacts(customerId: string, since: Date): Promise<reads.SentWithFacts[]>;
  /**
   * How many other messages of `purpose` to the customer count against its cap at this moment: those
   * sent since `since`, and those claimed by an attempt right now (state `sending`). The send gate asks
   * this after claiming, so two concurrent requests cannot both slip under the cap.
   */
  capClaims(customerId: string, purpose: Purpose, since: Date, exceptDedupeKey: string): Promise<number>;
  /** Settles the claim `claimant` holds (state `sending`) as suppressed, e.g. at the cap. */
  suppressClaimed(dedupeKey: string, claimant: Claimant, suppression: Settlement): Promise<WriteOutcome>;
  get(dedupeKey: string): Promise<LedgerEntry | undefined>;
  /**
   * Records the first click of a sent message's call to action (`facts.clickedAt`); a later click, or
   * one on a message that was not sent, changes nothing (`applied: false`).
   */
  recordClick(dedupeKey: string, at: Date): Promise<WriteOutcome>;
  /**
   * Records that the customer accepted a sent retention offer (`facts.acceptedAt`, with
   * `facts.acceptancePublished: false` until `Offer Accepted` is on the bus). Only the first acceptance of
   * a final `sent` `retention-offer` applies; a later one, or one on any other message, changes nothing
   * (`applied: false`).
   */
  recordAcceptance(dedupeKey: string, at: Date): Promise<WriteOutcome>;
  /**
   * Marks a recorded acceptance as published (`facts.acceptancePublished: true`), after `Offer Accepted`
   * was put on the bus; `applied: false` when it was already marked (or there is no acceptance).
   */
  markAcceptancePublished(dedupeKey: string): Promise<WriteOutcome>;
  /** The state, status and reason of each of many messages (absent ones are missing). */
  outcomes(
    dedupeKeys: readonly string[],
  ): Promise<Map<string, { state: string; status: string | null; reason: string | null }>>;
  /** Every final message as its contract record (internal fields removed, `html` included). */
  list(): Promise<MessageRecord[]>;
  /** The records of {@link MessageLedger.list}, unsorted and read page by page (a ledger too large to hold). */
  records(): AsyncIterable<MessageRecord>;
  /** Every item, final or not, with its bookkeeping (a scan). */
  entries(): AsyncIterable<LedgerEntry>;
}

/**
 * `MessageLedger` on the Messages table (pk `dedupeKey`, GSI `byCustomerSummary`: `customerId`, `createdAt`,
 * no bodies).
 */
export class DynamoMessageLedger implements MessageLedger {
  readonly #table: LedgerTable;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#table = { ddb, name: tableName };
  }

  claim(record: PendingMessage, claimant: Claimant, now: Date): Promise<ClaimResult> {
    return transitions.claim(this.#table, record, claimant, now);
  }

  takeOver(dedupeKey: string, seenAttempts: number, claimant: Claimant, now: Date): Promise<ClaimResult> {
    return transitions.takeOver(this.#table, dedupeKey, seenAttempts, claimant, now);
  }

  markSent(dedupeKey: string, sent: SentDetails): Promise<WriteOutcome> {
    return transitions.markSent(this.#table, dedupeKey, sent);
  }

  markSuppressed(
    record: PendingMessage,
    reason: SuppressionReason,
    now: Date,
    detail?: string,
  ): Promise<SuppressOutcome> {
    return transitions.markSuppressed(this.#table, record, reason, now, detail);
  }

  markFailed(dedupeKey: string, claimant: Claimant, failure: Settlement): Promise<WriteOutcome> {
    return transitions.markFailed(this.#table, dedupeKey, claimant, failure);
  }

  recordFailure(record: PendingMessage, claimant: Claimant, failure: Settlement): Promise<WriteOutcome> {
    return transitions.recordFailure(this.#table, record, claimant, failure);
  }

  release(dedupeKey: string, claimant: Claimant, detail?: string): Promise<WriteOutcome> {
    return transitions.release(this.#table, dedupeKey, claimant, detail);
  }

  suppressClaimed(dedupeKey: string, claimant: Claimant, suppression: Settlement): Promise<WriteOutcome> {
    return transitions.suppressClaimed(this.#table, dedupeKey, claimant, suppression);
  }

  recentSends(customerId: string, since: Date): Promise<SentMessage[]> {
    return reads.recentSends(this.#table, customerId, since);
  }

  sentFacts(customerId: string, kind: MessageKind, since: Date): Promise<SentFacts[]> {
    return reads.sentFacts(this.#table, customerId, kind, since);
  }

  sentWithFacts(customerId: string, since: Date): Promise<reads.SentWithFacts[]> {
    return reads.sentWithFacts(this.#table, customerId, since);
  }

  capClaims(customerId: string, purpose: Purpose, since: Date, exceptDedupeKey: string): Promise<number> {
    return reads.capClaims(this.#table, customerId, purpose, since, exceptDedupeKey);
  }

  outcomes(
    dedupeKeys: readonly string[],
  ): Promise<Map<string, { state: string; status: string | null; reason: string | null }>> {
    return reads.outcomes(this.#table, dedupeKeys);
  }

  async recordClick(dedupeKey: string, at: Date): Promise<WriteOutcome> {
    try {
      await callDynamo(`UpdateItem ${this.#table.name}`, () =>
        this.#table.ddb.send(
          new UpdateCommand({
            TableName: this.#table.name,
            Key: { dedupeKey },
            UpdateExpression: 'SET #facts.#clickedAt = :at',
            ConditionExpression:
              'attribute_exists(#facts) AND #status = :sent AND attribute_not_exists(#facts.#clickedAt)',
            ExpressionAttributeNames: { '#facts': 'facts', '#clickedAt': 'clickedAt', '#status': 'status' },
            ExpressionAttributeValues: { ':at': at.toISOString(), ':sent': 'sent' },
          }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  async recordAcceptance(dedupeKey: string, at: Date): Promise<WriteOutcome> {
    return this.#conditionalUpdate(dedupeKey, {
      UpdateExpression: 'SET #facts.#acceptedAt = :at, #facts.#published = :false',
      ConditionExpression:
        'attribute_exists(#facts) AND #status = :sent AND #kind = :offer AND attribute_not_exists(#facts.#acceptedAt)',
      ExpressionAttributeNames: {
        '#facts': 'facts',
        '#acceptedAt': 'acceptedAt',
        '#published': 'acceptancePublished',
        '#status': 'status',
        '#kind': 'kind',
      },
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':false': false,
        ':sent': 'sent',
        ':offer': 'retention-offer',
      },
    });
  }

  async markAcceptancePublished(dedupeKey: string): Promise<WriteOutcome> {
    return this.#conditionalUpdate(dedupeKey, {
      UpdateExpression: 'SET #facts.#published = :true',
      ConditionExpression: 'attribute_exists(#facts.#acceptedAt) AND #facts.#published = :false',
      ExpressionAttributeNames: {
        '#facts': 'facts',
        '#acceptedAt': 'acceptedAt',
        '#published': 'acceptancePublished',
      },
      ExpressionAttributeValues: { ':true': true, ':false': false },
    });
  }

  /** One conditional `UpdateItem` on the item of `dedupeKey`: `applied: false` when its condition fails. */
  async #conditionalUpdate(
    dedupeKey: string,
    update: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<WriteOutcome> {
    try {
      await callDynamo(`UpdateItem ${this.#table.name}`, () =>
        this.#table.ddb.send(
          new UpdateCommand({ TableName: this.#table.name, Key: { dedupeKey }, ...update }),
        ),
      );
      return { applied: true };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { applied: false };
      throw error;
    }
  }

  get(dedupeKey: string): Promise<LedgerEntry | undefined> {
    return reads.getEntry(this.#table, dedupeKey);
  }

  list(): Promise<MessageRecord[]> {
    return reads.listRecords(this.#table);
  }

  records(): AsyncIterable<MessageRecord> {
    return reads.finalRecords(this.#table);
  }

  entries(): AsyncIterable<LedgerEntry> {
    return reads.ledgerEntries(this.#table);
  }
}
