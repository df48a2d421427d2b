/**
 * The state transitions of a ledger item, as the send gate makes them: claim and take over (to
 * `sending`, held by one claimant), release (`sending` → `retrying`), and settle as sent, suppressed or
 * failed (`final`). Each is one conditional write (docs/idempotency.md, "States and writes"); none
 * changes a `final` item, and none but `markSent` and `markSuppressed` (which never touch a live claim)
 * acts for anyone but the claimant that holds the claim. messages.ts documents each on `MessageLedger`.
 */
import type { SuppressionReason } from '#domain/contracts/messages.ts';
import { TransientError } from '#domain/errors.ts';
import { isConditionalCheckFailed, type StoredItem } from '../calls.ts';
import type { WriteOutcome } from '../customers.ts';
import {
  boundDetail,
  type Claimant,
  contentOf,
  type LedgerEntry,
  type LedgerTable,
  type PendingMessage,
  type SentDetails,
  type Settlement,
  toEntry,
} from './items.ts';
import { getEntry } from './reads.ts';
import { conditionalUpdate, refusedItem, updateItem } from './update.ts';

/** What a claim found. */
export type ClaimResult =
  /** This attempt holds the claim (state `sending`, `claimedBy` this claimant): send, then settle it. */
  | { outcome: 'claimed'; record: LedgerEntry }
  /**
   * An attempt holds the claim (`record.claimedBy`: another execution, or an earlier attempt of this one)
   * and may have handed the message to the provider. The caller decides with `decideInFlight`
   * (functions/domain/messaging/delivery-policy.ts).
   */
  | { outcome: 'in-flight'; record: LedgerEntry }
  /** Already sent, suppressed or failed: never send again. */
  | { outcome: 'final'; record: LedgerEntry };

/**
 * What `markSuppressed` did: recorded the suppression, or was refused, with the item that refused it
 * (`final`: a duplicate; `sending`: a claim in flight) when there is one.
 */
export type SuppressOutcome = { applied: true } | { applied: false; current: LedgerEntry | undefined };

/**
 * The item a refused write found: returned with the refusal by DynamoDB (no read), or read consistently
 * where the refusal carries none (dynalite).
 */
async function currentAfterRefusal(
  table: LedgerTable,
  dedupeKey: string,
  error: unknown,
): Promise<LedgerEntry | undefined> {
  const item = refusedItem(error);
  return item ? toEntry(item) : getEntry(table, dedupeKey);
}

/** Claim rounds before giving up on an item that keeps changing between the write and the read. */
const MAX_CLAIM_ROUNDS = 3;

/** (none) or `retrying` → `sending` held by `claimant`, attempts + 1; else what holds the item. */
export async function claim(
  table: LedgerTable,
  record: PendingMessage,
  claimant: Claimant,
  now: Date,
): Promise<ClaimResult> {
  const at = now.toISOString();
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
    try {
      const attributes = await updateItem(table, record.dedupeKey, {
        set: { ...contentOf(record), state: 'sending', claimedAt: at, claimedBy: claimant },
        setIfAbsent: { messageId: record.messageId, createdAt: at },
        clauses: ['#attempts = if_not_exists(#attempts, :zero) + :one'],
        condition: 'attribute_not_exists(#dedupeKey) OR #state = :retrying',
        values: { ':zero': 0, ':one': 1, ':retrying': 'retrying' },
        returnNew: true,
        returnOldOnRefusal: true,
      });
      return { outcome: 'claimed', record: toEntry(attributes ?? {}) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await currentAfterRefusal(table, record.dedupeKey, error);
      // `retrying` (released between our write and the read) or gone: try to claim it again.
      if (current?.state === 'sending') return { outcome: 'in-flight', record: current };
      if (current?.state === 'final') return { outcome: 'final', record: current };
    }
  }
  throw new TransientError(
    `ledger claim of ${record.dedupeKey.slice(0, 200)} kept changing; try again later`,
  );
}

/** `sending` → `sending` held by `claimant`, if the attempt count is still the one seen. */
export async function takeOver(
  table: LedgerTable,
  dedupeKey: string,
  seenAttempts: number,
  claimant: Claimant,
  now: Date,
): Promise<ClaimResult> {
  try {
    const attributes = await updateItem(table, dedupeKey, {
      set: { claimedAt: now.toISOString(), claimedBy: claimant },
      clauses: ['#attempts = #attempts + :one'],
      condition: '#state = :sending AND #attempts = :seen',
      values: { ':one': 1, ':sending': 'sending', ':seen': seenAttempts },
      returnNew: true,
      returnOldOnRefusal: true,
    });
    return { outcome: 'claimed', record: toEntry(attributes ?? {}) };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const current = await currentAfterRefusal(table, dedupeKey, error);
    if (current === undefined) {
      throw new TransientError(`ledger has no claim ${dedupeKey.slice(0, 200)} to take over`);
    }
    // Someone else took it over (or released it): not ours to send.
    return { outcome: current.state === 'final' ? 'final' : 'in-flight', record: current };
  }
}

/**
 * `sending`/`retrying` → final `sent`, whoever holds the claim: the provider accepted the message, a
 * fact only a final outcome may refuse (docs/idempotency.md, "Why markSent is not the holder's alone").
 */
export async function markSent(
  table: LedgerTable,
  dedupeKey: string,
  sent: SentDetails,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
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

/**
 * (none) or `retrying` (held by nobody) → final `suppressed`. Refused, it says what holds the item, so
 * DecideMessage learns of a duplicate without reading the ledger before it decides.
 */
export async function markSuppressed(
  table: LedgerTable,
  record: PendingMessage,
  reason: SuppressionReason,
  now: Date,
  detail?: string,
): Promise<SuppressOutcome> {
  const at = now.toISOString();
  try {
    await updateItem(table, record.dedupeKey, {
      set: {
        ...contentOf(record),
        state: 'final',
        status: 'suppressed',
        reason,
        detail: detail === undefined ? null : boundDetail(detail),
        sentAt: null,
        settledAt: at,
      },
      setIfAbsent: { messageId: record.messageId, createdAt: at, attempts: 0 },
      condition: 'attribute_not_exists(#dedupeKey) OR #state = :retrying',
      values: { ':retrying': 'retrying' },
      returnOldOnRefusal: true,
    });
    return { applied: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return { applied: false, current: await currentAfterRefusal(table, record.dedupeKey, error) };
  }
}

/** `sending` held by `claimant` → final `failed`. */
export async function markFailed(
  table: LedgerTable,
  dedupeKey: string,
  claimant: Claimant,
  failure: Settlement,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
    set: settled('failed', failure),
    condition: '#state = :sending AND #claimedBy = :claimant',
    values: { ':sending': 'sending', ':claimant': claimant },
  });
}

/**
 * (none), or `sending`/`retrying` last claimed by `claimant` → final `failed`. The record's content is
 * written only where the item has none, so a claimed message keeps what its claim recorded.
 */
export async function recordFailure(
  table: LedgerTable,
  record: PendingMessage,
  claimant: Claimant,
  failure: Settlement,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, record.dedupeKey, {
    set: settled('failed', failure),
    setIfAbsent: {
      ...contentOf(record),
      messageId: record.messageId,
      createdAt: failure.at.toISOString(),
      attempts: 0,
    },
    condition: 'attribute_not_exists(#dedupeKey) OR (#claimedBy = :claimant AND #state <> :final)',
    values: { ':claimant': claimant, ':final': 'final' },
  });
}

/** The attributes of a final outcome that is not `sent`. */
function settled(status: 'failed' | 'suppressed', settlement: Settlement): StoredItem {
  return {
    state: 'final',
    status,
    reason: settlement.reason,
    detail: boundDetail(settlement.detail),
    sentAt: null,
    settledAt: settlement.at.toISOString(),
  };
}

/** `sending` held by `claimant` → `retrying`. */
export async function release(
  table: LedgerTable,
  dedupeKey: string,
  claimant: Claimant,
  detail?: string,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
    set: { state: 'retrying', ...(detail === undefined ? {} : { detail: boundDetail(detail) }) },
    condition: '#state = :sending AND #claimedBy = :claimant',
    values: { ':sending': 'sending', ':claimant': claimant },
  });
}

/** `sending` held by `claimant` → final `suppressed`. */
export async function suppressClaimed(
  table: LedgerTable,
  dedupeKey: string,
  claimant: Claimant,
  suppression: Settlement,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
    set: settled('suppressed', suppression),
    condition: '#state = :sending AND #claimedBy = :claimant',
    values: { ':sending': 'sending', ':claimant': claimant },
  });
}
