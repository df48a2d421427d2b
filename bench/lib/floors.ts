/**
 * The pure-logic floor of a path: the work stille's own code must do for each item, on the same data,
 * in the same process, with no SDK, no local service and no workflow engine. The embedded runtime's CPU
 * per item divided by this floor is how far the plumbing is from the logic (issue: "report ratios, not
 * just rates").
 */
import type { CustomerRecord } from '#adapters/dynamo/customers.ts';
import { DEFAULT_MARKETS_CONFIG, loadMarketsConfig } from '#domain/config/markets.ts';
import { decideContact } from '#domain/contact-policy/index.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import { validateEvent } from '#domain/contracts/index.ts';
import { unsubscribeUrl } from '#domain/links/unsubscribe.ts';
import type { SentMessage } from '#domain/messaging/types.ts';
import { contactOf, parseRequest, recipientOf } from '#handlers/common/send-gate.ts';
import { renderMessage } from '#templates/index.ts';

/** CPU time per item of a pure path, best of a few runs (the floor should not carry a GC pause). */
export interface Floor {
  items: number;
  /** CPU microseconds per item (user + system), best run. */
  cpuMicrosPerItem: number;
  runs: number;
}

/** Runs `work` (which answers how many items it did) `runs` times and keeps the best CPU time per item. */
export function measureFloor(work: () => number, runs = 3): Floor {
  let best = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage();
    items = work();
    const cpu = process.cpuUsage(before);
    best = Math.min(best, (cpu.user + cpu.system) / Math.max(1, items));
  }
  return { items, cpuMicrosPerItem: best, runs };
}

/** The runtime's CPU per item as a multiple of the floor, to one decimal. */
export function multipleOf(runtimeCpuMicrosPerItem: number, floor: Floor): number {
  return floor.cpuMicrosPerItem > 0
    ? Number((runtimeCpuMicrosPerItem / floor.cpuMicrosPerItem).toFixed(1))
    : 0;
}

interface RequestEvent {
  at: string;
  detailType: string;
  detail?: unknown;
}

const SECRET = 'bench-floor-secret-bench-floor-secret';
const BASE_URL = 'https://api.example.com';
const DAY_S = 24 * 60 * 60;

/** The send gate's logic for one request, over customers held in memory; answers whether it was new. */
export type GateFloor = (detail: unknown, now: Date) => boolean;

/**
 * The send gate's logic for each `Message Requested`: validate the request, decide with the contact
 * policy (the customer's consents, opt-outs and the sends before it), sign the unsubscribe link and
 * render the message. What the runtime adds on top is the ledger, the SDK, the workflow.
 */
export function gateFloor(customers: readonly unknown[]): GateFloor {
  const config = loadMarketsConfig(JSON.stringify(DEFAULT_MARKETS_CONFIG));
  const records = new Map<string, CustomerRecord>();
  for (const customer of customers) {
    const result = validateEvent(DETAIL_TYPE.customerUpserted, customer);
    if (!result.ok || result.detailType !== DETAIL_TYPE.customerUpserted) continue;
    // A stored customer is its upsert plus its opt-outs (none here), as the Customers table holds it.
    const record = { ...result.value, optOuts: [] } as unknown as CustomerRecord;
    records.set(record.customerId, record);
  }
  const sent = new Map<string, SentMessage[]>();
  const final = new Set<string>();
  return (detail, now) => {
    const request = parseRequest(detail, now);
    if (final.has(request.dedupeKey)) return false;
    final.add(request.dedupeKey);
    const customer = records.get(request.customerId);
    const decide = (at: Date) =>
      decideContact({
        request,
        customer: customer && contactOf(customer),
        suppressedAddresses: new Set(),
        recentSends: sent.get(request.customerId) ?? [],
        now: at,
        config,
      });
    let decision = decide(now);
    // A deferral (SMS in quiet hours) is decided again when it is due, as the workflow does.
    if (decision.action === 'defer') decision = decide(new Date(decision.sendAt));
    if (decision.action !== 'send' || !customer) return true;
    const recipient = recipientOf(customer);
    const unsubscribe =
      request.purpose === 'service'
        ? undefined
        : unsubscribeUrl(
            BASE_URL,
            {
              customerId: recipient.customerId,
              channel: decision.channel,
              purpose: request.purpose === 'survey' ? 'surveys' : 'marketing',
              exp: Math.floor(now.getTime() / 1000) + 90 * DAY_S,
            },
            SECRET,
          );
    renderMessage({
      kind: request.kind,
      locale: recipient.locale,
      channel: decision.channel,
      customer: recipient,
      facts: request.facts,
      links: unsubscribe ? { unsubscribe } : {},
    });
    const list = sent.get(request.customerId) ?? [];
    list.push({
      kind: request.kind,
      purpose: request.purpose,
      channel: decision.channel,
      sentAt: now.toISOString(),
    });
    sent.set(request.customerId, list);
    return true;
  };
}

/** The send gate's floor per message (a ledger record: a replay is part of the work, not an item). */
export function sendGateFloor(customers: readonly unknown[], events: readonly RequestEvent[]): Floor {
  const requests = events.filter((event) => event.detailType === DETAIL_TYPE.messageRequested);
  return measureFloor(() => {
    const gate = gateFloor(customers);
    let messages = 0;
    for (const event of requests) if (gate(event.detail, new Date(event.at))) messages += 1;
    return messages;
  });
}
