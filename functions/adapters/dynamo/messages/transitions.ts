/**
 * The state transitions of a ledger item, as the send gate makes them: claim and take over (to
 * `sending`), release (`sending` → `retrying`), and settle as sent, suppressed or failed (`final`). Each
 * is one conditional write (docs/idempotency.md, "States and writes"); none changes a `final` item.
 * messages.ts documents each on `MessageLedger`.
 */
import type { SuppressionReason } from '../../../domain/contracts/messages.ts';
import { TransientError } from '../../../domain/errors.ts';
import { isConditionalCheckFailed, type StoredItem } from '../calls.ts';
import type { WriteOutcome } from '../customers.ts';
import {
  boundDetail,
  contentOf,
  type LedgerEntry,
  type LedgerTable,
  type PendingMessage,
  type SentDetails,
  toEntry,
} from './items.ts';
import { getEntry } from './reads.ts';
import { conditionalUpdate, updateItem } from './update.ts';

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

/** Claim rounds before giving up on an item that keeps changing between the write and the read. */
const MAX_CLAIM_ROUNDS = 3;

/** (none) or `retrying` → `sending`, attempts + 1; else what holds the item. */
export async function claim(table: LedgerTable, record: PendingMessage, now: Date): Promise<ClaimResult> {
  const at = now.toISOString();
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
    try {
      const attributes = await updateItem(table, record.dedupeKey, {
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
    const current = await getEntry(table, record.dedupeKey);
    // `retrying` (released between our write and this read) or gone: try to claim it again.
    if (current?.state === 'sending') return { outcome: 'in-flight', record: current };
    if (current?.state === 'final') return { outcome: 'final', record: current };
  }
  throw new TransientError(
    `ledger claim of ${record.dedupeKey.slice(0, 200)} kept changing; try again later`,
  );
}

/** `sending` → `sending` for a new attempt, if the attempt count is still the one seen. */
export async function takeOver(
  table: LedgerTable,
  dedupeKey: string,
  seenAttempts: number,
  now: Date,
): Promise<ClaimResult> {
  try {
    const attributes = await updateItem(table, dedupeKey, {
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
  const current = await getEntry(table, dedupeKey);
  if (current === undefined) {
    throw new TransientError(`ledger has no claim ${dedupeKey.slice(0, 200)} to take over`);
  }
  // Someone else took it over (or released it): not ours to send.
  return { outcome: current.state === 'final' ? 'final' : 'in-flight', record: current };
}

/** `sending`/`retrying` → final `sent`. */
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

/** (none) or `retrying` → final `suppressed`. */
export async function markSuppressed(
  table: LedgerTable,
  record: PendingMessage,
  reason: SuppressionReason,
  now: Date,
  detail?: string,
): Promise<WriteOutcome> {
  return settle(table, record, 'suppressed', reason, detail ?? null, now, {
    condition: 'attribute_not_exists(#dedupeKey) OR #state = :retrying',
    values: { ':retrying': 'retrying' },
  });
}

/** Any non-final item (or, with the full message, none) → final `failed`. */
export async function markFailed(
  table: LedgerTable,
  message: string | PendingMessage,
  reason: SuppressionReason,
  detail: string,
  now: Date,
): Promise<WriteOutcome> {
  if (typeof message !== 'string') {
    return settle(table, message, 'failed', reason, detail, now, {
      condition: 'attribute_not_exists(#dedupeKey) OR #state <> :final',
      values: { ':final': 'final' },
    });
  }
  return conditionalUpdate(table, message, {
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

/** `sending` → `retrying`. */
export async function release(table: LedgerTable, dedupeKey: string, detail?: string): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
    set: { state: 'retrying', ...(detail === undefined ? {} : { detail: boundDetail(detail) }) },
    condition: '#state = :sending',
    values: { ':sending': 'sending' },
  });
}

/** `sending` → final `suppressed` (this attempt's own claim). */
export async function suppressClaimed(
  table: LedgerTable,
  dedupeKey: string,
  reason: SuppressionReason,
  detail: string,
  now: Date,
): Promise<WriteOutcome> {
  return conditionalUpdate(table, dedupeKey, {
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

/** Creates or settles a final record from the full message, under `guard`. */
async function settle(
  table: LedgerTable,
  record: PendingMessage,
  status: 'suppressed' | 'failed',
  reason: SuppressionReason,
  detail: string | null,
  now: Date,
  guard: { condition: string; values: StoredItem },
): Promise<WriteOutcome> {
  const at = now.toISOString();
  return conditionalUpdate(table, record.dedupeKey, {
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
