/**
 * The ledger's final messages, read page by page: a 100,000-message run's ledger holds every body
 * (≈ 10–20 KB a message as JavaScript strings), so collecting it whole with `messages.list()` would need
 * gigabytes the run itself never did (the first 100,000-customer price change that got through the
 * gate died there). A bench that only counts takes them one at a time instead.
 */

import type { LedgerEntry } from '#adapters/dynamo/messages/items.ts';
import type { MessageLedger } from '#adapters/dynamo/messages.ts';

/** A final ledger entry: its status is set. */
export type FinalEntry = LedgerEntry & { status: NonNullable<LedgerEntry['status']> };

/** Every final message of the ledger, in scan order (unsorted), one page in memory at a time. */
export async function* finalMessages(ledger: Pick<MessageLedger, 'entries'>): AsyncIterable<FinalEntry> {
  for await (const entry of ledger.entries()) {
    if (entry.state === 'final' && entry.status !== null) yield entry as FinalEntry;
  }
}

/** `status` or `status (reason)`: how the benches tally outcomes. */
export function outcomeKey(message: Pick<LedgerEntry, 'status' | 'reason'>): string {
  return message.reason ? `${message.status} (${message.reason})` : String(message.status);
}
