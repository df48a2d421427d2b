/**
 * The report's `retention` section (docs/contracts.md "Scenarios"): who was offered, who was held out,
 * who accepted, and whose contract ended within 90 days of it, for the automatic program (records
 * triggered by `Offer Catalog Published`) and each retention-offer campaign (`Campaign Scheduled`).
 */
import { repositoriesFrom } from '#adapters/dynamo/index.ts';
import { ENV } from '#domain/config/env-names.ts';
import { DETAIL_TYPE } from '#domain/contracts/event-names.ts';
import type { RetentionNumbers, RetentionReport } from '#domain/contracts/index.ts';
import { forEachBounded } from '#handlers/common/bounded.ts';
import type { LocalRuntime } from '../runtime.ts';
import { proportionDifference } from './stats.ts';

/** How long after the offer (or the holdout) an ended contract counts. */
export const ENDED_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/** A final `retention-offer` record as the section reads it. */
export interface RetentionRecord {
  dedupeKey: string;
  customerId: string;
  status: 'sent' | 'suppressed' | 'failed';
  reason: string | null;
  sentAt: string | null;
  /** When the record was decided: `sentAt` for a sent offer, the ledger's `createdAt` otherwise. */
  decidedAt: string;
  trigger: { detailType: string; id: string };
  facts: Record<string, unknown>;
}

/** What the section reads besides the records. */
export interface RetentionContext {
  /** Each customer's ended contracts (`Contract Ended`). */
  ended: ReadonlyMap<string, ReadonlyArray<{ endedAt: string }>>;
  /**
   * What the offer's product was invoiced in the 12 months before it was sent, by the offer's dedupe
   * key, for offers whose facts do not say (`facts.value.invoicedLast12Months`).
   */
  invoiced?: ReadonlyMap<string, number>;
}

const roundCents = (n: number): number => Math.round(n * 100) / 100;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The recorded annual invoiced amount of the offer's product (its facts, else the context). */
function invoicedOf(record: RetentionRecord, context: RetentionContext): number | undefined {
  const value = record.facts.value;
  const fromFacts =
    typeof value === 'object' && value !== null
      ? num((value as { invoicedLast12Months?: unknown }).invoicedLast12Months)
      : undefined;
  return fromFacts ?? context.invoiced?.get(record.dedupeKey);
}

function endedWithin(
  ended: ReadonlyArray<{ endedAt: string }> | undefined,
  from: string,
  days = ENDED_WINDOW_DAYS,
): boolean {
  const start = Date.parse(from);
  if (!Number.isFinite(start)) return false;
  const end = start + days * DAY_MS;
  return (ended ?? []).some((contract) => {
    const at = Date.parse(contract.endedAt);
    return at >= start && at <= end;
  });
}

const byTime = (at: (r: RetentionRecord) => string) => (a: RetentionRecord, b: RetentionRecord) =>
  Date.parse(at(a)) - Date.parse(at(b));

/**
 * The numbers of one scope. A customer sent an offer counts as offered (from their first offer's
 * `sentAt`); a customer with a `holdout` record and no offer sent counts as held out (from the first
 * holdout's decision). Anyone else (suppressed for consent, a cap, failed) is in neither group.
 */
export function retentionNumbers(
  records: readonly RetentionRecord[],
  context: RetentionContext,
): RetentionNumbers {
  const sentBy = new Map<string, RetentionRecord[]>();
  const heldBy = new Map<string, RetentionRecord[]>();
  for (const record of records) {
    if (record.status === 'sent' && record.sentAt !== null) {
      sentBy.set(record.customerId, [...(sentBy.get(record.customerId) ?? []), record]);
    } else if (record.status === 'suppressed' && record.reason === 'holdout') {
      heldBy.set(record.customerId, [...(heldBy.get(record.customerId) ?? []), record]);
    }
  }
  let accepted = 0;
  let endedOffered = 0;
  let endedHeldOut = 0;
  const invoicedByCurrency = new Map<string, { customers: number; known: number; sum: number }>();
  const byOffer = new Map<
    string,
    { offerId: string; customers: Set<string>; accepted: Set<string>; annualValue: number; currency?: string }
  >();
  for (const [customerId, sent] of sentBy) {
    sent.sort(byTime((r) => r.sentAt ?? ''));
    const first = sent[0] as RetentionRecord;
    if (sent.some((r) => typeof r.facts.acceptedAt === 'string')) accepted++;
    if (endedWithin(context.ended.get(customerId), first.sentAt ?? '')) endedOffered++;
    const currency = str(first.facts.currency) ?? 'unknown';
    const money = invoicedByCurrency.get(currency) ?? { customers: 0, known: 0, sum: 0 };
    money.customers++;
    const invoiced = invoicedOf(first, context);
    if (invoiced !== undefined) {
      money.known++;
      money.sum += invoiced;
    }
    invoicedByCurrency.set(currency, money);
    for (const record of sent) {
      const offerId = str(record.facts.offerId) ?? 'unknown';
      let entry = byOffer.get(offerId);
      if (!entry) {
        entry = { offerId, customers: new Set(), accepted: new Set(), annualValue: 0 };
        const offerCurrency = str(record.facts.currency);
        if (offerCurrency) entry.currency = offerCurrency;
        byOffer.set(offerId, entry);
      }
      entry.customers.add(customerId);
      if (typeof record.facts.acceptedAt === 'string') entry.accepted.add(customerId);
      entry.annualValue += num(record.facts.annualValue) ?? 0;
    }
  }
  let heldOut = 0;
  for (const [customerId, held] of heldBy) {
    if (sentBy.has(customerId)) continue;
    heldOut++;
    held.sort(byTime((r) => r.decidedAt));
    if (endedWithin(context.ended.get(customerId), (held[0] as RetentionRecord).decidedAt)) endedHeldOut++;
  }
  const offered = sentBy.size;
  const difference = proportionDifference(
    { part: endedOffered, whole: offered },
    { part: endedHeldOut, whole: heldOut },
  );
  const numbers: RetentionNumbers = {
    offered,
    heldOut,
    accepted,
    ended: { offered: endedOffered, heldOut: endedHeldOut },
    acceptanceRate: offered === 0 ? null : accepted / offered,
    endedRate: {
      offered: offered === 0 ? null : endedOffered / offered,
      heldOut: heldOut === 0 ? null : endedHeldOut / heldOut,
    },
    difference: difference ?? null,
  };
  if (difference) {
    const kept: Record<string, number> = {};
    for (const [currency, money] of [...invoicedByCurrency].sort(([a], [b]) => a.localeCompare(b))) {
      if (money.known === 0) continue;
      kept[currency] = roundCents(difference.value * money.customers * (money.sum / money.known));
    }
    numbers.annualRevenueKept = kept;
  }
  numbers.byOffer = [...byOffer.values()]
    .sort((a, b) => b.customers.size - a.customers.size || a.offerId.localeCompare(b.offerId))
    .map((entry) => ({
      offerId: entry.offerId,
      offered: entry.customers.size,
      accepted: entry.accepted.size,
      annualValue: roundCents(entry.annualValue),
      ...(entry.currency ? { currency: entry.currency } : {}),
    }));
  return numbers;
}

/**
 * The section from every final `retention-offer` record: the program's numbers at the top, each
 * retention-offer campaign's under `campaigns`. Undefined when there is no retention record at all.
 */
export function computeRetention(
  records: readonly RetentionRecord[],
  context: RetentionContext,
): RetentionReport | undefined {
  const program: RetentionRecord[] = [];
  const campaigns = new Map<string, RetentionRecord[]>();
  for (const record of records) {
    if (record.trigger.detailType === DETAIL_TYPE.offerCatalogPublished) program.push(record);
    else if (record.trigger.detailType === DETAIL_TYPE.campaignScheduled) {
      campaigns.set(record.trigger.id, [...(campaigns.get(record.trigger.id) ?? []), record]);
    }
  }
  if (program.length === 0 && campaigns.size === 0) return undefined;
  const report: RetentionReport = retentionNumbers(program, context);
  if (campaigns.size > 0) {
    report.campaigns = [...campaigns]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([campaignId, scoped]) => ({ campaignId, ...retentionNumbers(scoped, context) }));
  }
  return report;
}

const READ_CONCURRENCY = 16;

/** Reads the ledger, the customers' ended contracts and (where the facts lack it) their invoices. */
export async function retentionReport(runtime: LocalRuntime): Promise<RetentionReport | undefined> {
  if (!runtime.environment[ENV.messagesTable]) return undefined;
  const repositories = repositoriesFrom(runtime.deps);
  const records: RetentionRecord[] = [];
  for await (const entry of repositories.messages.entries()) {
    if (entry.kind !== 'retention-offer' || entry.status === null) continue;
    records.push({
      dedupeKey: entry.dedupeKey,
      customerId: entry.customerId,
      status: entry.status,
      reason: entry.reason,
      sentAt: entry.sentAt,
      decidedAt: entry.sentAt ?? entry.createdAt,
      trigger: entry.trigger,
      facts: entry.facts,
    });
  }
  const scoped = records.filter(
    (r) =>
      r.trigger.detailType === DETAIL_TYPE.offerCatalogPublished ||
      r.trigger.detailType === DETAIL_TYPE.campaignScheduled,
  );
  if (scoped.length === 0) return undefined;
  const ended = new Map<string, Array<{ endedAt: string }>>();
  const customerIds = [...new Set(scoped.map((r) => r.customerId))];
  await forEachBounded(customerIds, READ_CONCURRENCY, async (customerId) => {
    const customer = await repositories.customers.get(customerId);
    if (customer?.ended) ended.set(customerId, customer.ended);
  });
  // Offers whose facts lack the invoiced amount: the product's invoices of the 12 months before sending.
  const invoiced = new Map<string, number>();
  const lacking = scoped.filter(
    (r) => r.status === 'sent' && r.sentAt !== null && invoicedOf(r, { ended }) === undefined,
  );
  await forEachBounded(lacking, READ_CONCURRENCY, async (record) => {
    const productId = str(record.facts.productId);
    const sentAt = Date.parse(record.sentAt ?? '');
    if (!productId || !Number.isFinite(sentAt)) return;
    const history = await repositories.invoices.history(record.customerId);
    const mine = history.filter((invoice) => {
      const at = Date.parse(invoice.issuedAt);
      return invoice.productId === productId && at <= sentAt && at > sentAt - YEAR_MS;
    });
    if (mine.length > 0)
      invoiced.set(record.dedupeKey, roundCents(mine.reduce((sum, i) => sum + i.amount, 0)));
  });
  return computeRetention(scoped, { ended, invoiced });
}
