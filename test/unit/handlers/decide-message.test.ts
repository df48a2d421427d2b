import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerRecord } from '#adapters/dynamo/customers.ts';
import type { Repositories } from '#adapters/dynamo/index.ts';
import { type MessageLedger, messageIdFor, type PendingMessage } from '#adapters/dynamo/messages.ts';
import type { MessageKind, Purpose } from '#domain/contracts/index.ts';
import { createHandler, type DecideResult } from '#handlers/decide-message.ts';
import { fixedClock, testDeps } from '../../helpers/deps.ts';
import { type DynaliteLedger, startLedgerOnDynalite } from '../../helpers/dynalite-ledger.ts';
import { customerUpserted } from '../../helpers/events.ts';

// DecideMessage against the real ledger on dynalite, every ledger call it makes recorded in order.
const TABLE = 'messages-decide-message';
/** 11:00 in Oslo: no quiet hours. */
const DAY = '2027-01-05T10:00:00.000Z';
/** 23:30 in Oslo: an SMS is deferred. */
const NIGHT = '2027-01-05T22:30:00.000Z';
const EXECUTION = 'arn:aws:states:eu-north-1:000000000000:express:SendMessage:first:1';

let running: DynaliteLedger;
/** The ledger methods DecideMessage called, in order. */
let ledgerCalls: string[] = [];
/** Reads of the other tables, by what was read. */
let otherReads: string[] = [];

function customer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  const { products: _products, ...detail } = customerUpserted({ customerId: 'c-1', ...overrides });
  return { ...detail, updatedAt: DAY, products: [], optOuts: [], ...overrides };
}

/** The repositories DecideMessage reads: one customer, nothing suppressed, no pause; a counted ledger. */
function repositories(record: CustomerRecord | undefined): Repositories {
  const ledger = running.ledger;
  const counted = new Proxy(ledger, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        ledgerCalls.push(String(name));
        return value.apply(target, args);
      };
    },
  }) as MessageLedger;
  return {
    customers: {
      get: async () => {
        otherReads.push('customer');
        return record;
      },
    },
    suppressions: {
      suppressedAmong: async () => {
        otherReads.push('suppressions');
        return new Set<string>();
      },
    },
    controls: {
      sendsPaused: async () => {
        otherReads.push('controls');
        return undefined;
      },
    },
    messages: counted,
  } as unknown as Repositories;
}

function request(kind: MessageKind, triggerId: string, purpose?: Purpose) {
  return {
    kind,
    ...(purpose ? { purpose } : {}),
    customerId: 'c-1',
    trigger: { detailType: 'Test', id: triggerId },
    facts:
      kind === 'retention-offer'
        ? { offerId: 'o-1', reasons: ['long-tenure'] }
        : { invoiceId: triggerId, amount: 1240.5 },
  };
}

function pendingOf(kind: MessageKind, triggerId: string, purpose: Purpose): PendingMessage {
  const dedupeKey = `${kind}#${triggerId}#c-1`;
  return {
    messageId: messageIdFor(dedupeKey),
    dedupeKey,
    customerId: 'c-1',
    kind,
    purpose,
    locale: 'nb-NO',
    trigger: { detailType: 'Test', id: triggerId },
    facts: {},
    channel: 'email',
    to: 'kari@example.no',
  };
}

/** The message of `kind#triggerId#c-1` already sent by an earlier execution. */
async function alreadySent(kind: MessageKind, triggerId: string, purpose: Purpose): Promise<string> {
  const pending = pendingOf(kind, triggerId, purpose);
  await running.ledger.claim(pending, EXECUTION, new Date(DAY));
  await running.ledger.markSent(pending.dedupeKey, {
    providerMessageId: `ses-${triggerId}`,
    sentAt: DAY,
    channel: 'email',
    to: 'kari@example.no',
    subject: 'S',
    text: 'T',
    html: '<p>T</p>',
    locale: 'nb-NO',
  });
  return pending.dedupeKey;
}

function decide(record: CustomerRecord | undefined, at = DAY) {
  return createHandler(testDeps({ clock: fixedClock(at) }), repositories(record)) as (
    input: unknown,
  ) => Promise<DecideResult>;
}

beforeAll(async () => {
  running = await startLedgerOnDynalite(TABLE);
});

afterAll(async () => {
  await running?.close();
});

beforeEach(() => {
  ledgerCalls = [];
  otherReads = [];
});

describe('DecideMessage', () => {
  it('decides a service notice on the customer and its suppressed addresses alone: no ledger call at all', async () => {
    const result = await decide(customer())(request('invoice-explanation', 'inv-fresh'));

    expect(result).toMatchObject({ action: 'send', channel: 'email', to: 'kari@example.no' });
    expect(ledgerCalls).toEqual([]);
    expect(otherReads).toEqual(['customer', 'suppressions']);
  });

  it('a replayed request whose message was already sent goes to Deliver as a send, without a ledger read before deciding', async () => {
    const dedupeKey = await alreadySent('invoice-explanation', 'inv-sent', 'service');

    const result = await decide(customer())(request('invoice-explanation', 'inv-sent'));

    // Deliver's claim finds the final item and sends nothing (test/workflows/send-message.test.ts).
    expect(result).toMatchObject({ action: 'send', dedupeKey });
    expect(ledgerCalls).toEqual([]);
    expect(await running.ledger.get(dedupeKey)).toMatchObject({ state: 'final', status: 'sent' });
  });

  it('a replayed request whose message was already settled is reported as a duplicate by its refused suppression, without a ledger read before deciding', async () => {
    // A retention offer to a customer without marketing consent (and no existing-customer basis).
    const noConsent = customer();
    const first = await decide(noConsent)(request('retention-offer', 'offer-1', 'marketing'));
    expect(first).toMatchObject({ action: 'suppress', reason: 'no-consent' });
    ledgerCalls = [];

    const replay = await decide(noConsent)(request('retention-offer', 'offer-1', 'marketing'));

    expect(replay).toEqual({
      action: 'suppress',
      reason: 'duplicate',
      detail: 'already suppressed',
      dedupeKey: first.dedupeKey,
    });
    // Decided first (recent sends for the cap), then the one write that found the final item.
    expect(ledgerCalls).toEqual(['recentSends', 'markSuppressed']);
    expect(await running.ledger.get(first.dedupeKey)).toMatchObject({
      status: 'suppressed',
      reason: 'no-consent',
    });
  });

  it('reads the ledger before deferring, so a replay of a message already sent does not wait out the night', async () => {
    const dedupeKey = await alreadySent('invoice-explanation', 'inv-night', 'service');
    const sms = customer({ preferredChannel: 'sms' });

    const replay = await decide(sms, NIGHT)(request('invoice-explanation', 'inv-night'));
    const fresh = await decide(sms, NIGHT)(request('invoice-explanation', 'inv-night-2'));

    expect(replay).toMatchObject({ action: 'suppress', reason: 'duplicate', dedupeKey });
    expect(fresh).toMatchObject({ action: 'defer', channel: 'sms' });
    expect(ledgerCalls).toEqual(['get', 'get']);
  });

  it('reads nothing more than the customer for an unknown one', async () => {
    const result = await decide(undefined)(request('retention-offer', 'offer-unknown', 'marketing'));

    expect(result).toMatchObject({ action: 'suppress', reason: 'no-contact-point' });
    expect(otherReads).toEqual(['customer']);
    expect(ledgerCalls).toEqual(['markSuppressed']);
  });
});
