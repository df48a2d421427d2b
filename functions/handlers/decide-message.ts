import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
import type { LedgerEntry } from '#adapters/dynamo/messages.ts';
import { loadMarketsConfig } from '#domain/config/markets.ts';
import type { ContactDecision } from '#domain/messaging/types.ts';
import { type Handler, lambdaEntry } from './common/lambda-entry.ts';
import { withMiddleware } from './common/middleware.ts';
import {
  capLookbackDays,
  decideRequest,
  parseRequest,
  pendingOf,
  type Recipient,
  recipientOf,
} from './common/send-gate.ts';

/** The decision, with the request's dedupe key so the workflow's later states need not recompute it. */
export type DecideResult = ContactDecision & { dedupeKey: string; recipient?: Recipient };

/** What the handler is given: its settings, clock, logger and clients. */
export type DecideMessageDeps = DepsWith<'ddb'>;

/**
 * The first step of the send gate: loads what the contact policy needs (customer, opt-outs, suppressed
 * addresses and, for marketing and surveys, recent sends and the pause), decides, and records a
 * suppressed decision in the ledger.
 *
 * It does not read the ledger before deciding (docs/idempotency.md, "Duplicates"): a request whose
 * message is already final is found out where the gate writes. A suppression's `markSuppressed` is
 * refused on a final item, and is then answered `duplicate`; a `send` goes to Deliver, whose claim
 * finds the final item and sends nothing. Only a deferral, which would otherwise sleep until the quiet
 * hours end before finding out, reads the ledger first (one read, on that rare path).
 */
export function createHandler(
  deps: DecideMessageDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, DecideResult> {
  const config = loadMarketsConfig(deps.marketsConfig);
  // The widest cap window bounds how far back the ledger is read.
  const lookbackDays = capLookbackDays(config);
  const duplicateOf = (dedupeKey: string, existing: LedgerEntry): DecideResult => {
    deps.logger.info('Duplicate message request', { dedupeKey, status: existing.status });
    return { action: 'suppress', reason: 'duplicate', detail: `already ${existing.status}`, dedupeKey };
  };
  return withMiddleware(deps, async (input: unknown) => {
    const now = deps.clock.now();
    const request = parseRequest(input, now);
    const { dedupeKey } = request;
    const { customer, decision } = await decideRequest(repositories, request, now, config, lookbackDays);
    if (decision.action === 'suppress') {
      const recorded = await repositories.messages.markSuppressed(
        pendingOf(request, customer?.locale),
        decision.reason,
        now,
        decision.detail,
      );
      // Refused on a final item: the message already has its outcome, and this request is a replay.
      if (!recorded.applied && recorded.current?.state === 'final') {
        return duplicateOf(dedupeKey, recorded.current);
      }
      deps.metrics.record('messagesSuppressed', { kind: request.kind, reason: decision.reason });
    }
    if (decision.action === 'defer') {
      const existing = await repositories.messages.get(dedupeKey);
      if (existing?.state === 'final') return duplicateOf(dedupeKey, existing);
    }
    deps.logger.info('Message decided', {
      dedupeKey,
      action: decision.action,
      ...('reason' in decision ? { reason: decision.reason } : {}),
    });
    // A send carries its recipient to Deliver; a deferral decides again (and reads again) later.
    return decision.action === 'send' && customer
      ? { ...decision, dedupeKey, recipient: recipientOf(customer) }
      : { ...decision, dedupeKey };
  });
}

/** The SDK clients this function uses: its bundle carries these and no others. */
export const clients = { ddb: dynamoDocumentClient };

export const handler = lambdaEntry(createHandler, clients);
