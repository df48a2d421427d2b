/** How the benches tally the ledger's outcomes (they read it page by page, with `messages.records()`). */
import type { MessageRecord } from '#domain/contracts/messages.ts';

/** `status` or `status (reason)`. */
export function outcomeKey(message: Pick<MessageRecord, 'status' | 'reason'>): string {
  return message.reason ? `${message.status} (${message.reason})` : message.status;
}
