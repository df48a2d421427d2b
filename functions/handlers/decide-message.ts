import { dynamoDocumentClient } from '#adapters/clients/dynamodb.ts';
import type { DepsWith } from '#adapters/deps.ts';
import { type Repositories, repositoriesFrom } from '#adapters/dynamo/index.ts';
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
 * addresses, recent sends), decides, and records a suppressed decision in the ledger. A request whose
 * message is already final is a duplicate and changes nothing.
 */
export function createHandler(
  deps: DecideMessageDeps,
  repositories: Repositories = repositoriesFrom(deps),
): Handler<unknown, DecideResult> {
  const config = loadMarketsConfig(deps.marketsConfig);
  // The widest cap window bounds how far back the ledger is read.
  const lookbackDays = capLookbackDays(config);
  return withMiddleware(deps, async (input: unknown) => {
    const now = deps.clock.now();
    const request = parseRequest(input, now);
    const { dedupeKey } = request;
    const existing = await repositories.messages.get(dedupeKey);
    if (existing?.state === 'final') {
      deps.logger.info('Duplicate message request', { dedupeKey, status: existing.status });
      return { action: 'suppress', reason: 'duplicate', detail: `already ${existing.status}`, dedupeKey };
    }
    const { customer, decision } = await decideRequest(repositories, request, now, config, lookbackDays);
    if (decision.action === 'suppress') {
      await repositories.messages.markSuppressed(
        pendingOf(request, customer?.locale),
        decision.reason,
        now,
        decision.detail,
      );
      deps.metrics.record('messagesSuppressed', { kind: request.kind, reason: decision.reason });
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
