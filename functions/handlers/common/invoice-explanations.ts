/**
 * Explains stored invoices: shared by ExplainInvoice (one `Invoice Issued`) and ProcessInvoiceBatch
 * (the invoices of a billing run). Not a Lambda entry of its own.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '#adapters/clock.ts';
import type { CustomerRecord, Repositories } from '#adapters/dynamo/index.ts';
import type { SentFacts } from '#adapters/dynamo/messages/reads.ts';
import type { EventPublisher } from '#adapters/event-publisher.ts';
import { MARKET_OF_CURRENCY, timeZoneOfMarket } from '#domain/config/market-table.ts';
import { type MarketsConfig, settingsForMarket } from '#domain/config/markets.ts';
import { localTimeParts } from '#domain/contact-policy/index.ts';
import type { InvoiceIssued, Market } from '#domain/contracts/index.ts';
import {
  assessInvoice,
  duplicateInvoiceAlert,
  explanationRequest,
  laterCopiesOf,
  learnSeasonalProfile,
  MAX_PROFILE_SAMPLES,
  type ProductKind,
  productShape,
  type SentPriceNotice,
  type SourcedProfile,
  type SurpriseKind,
} from '#domain/invoices/index.ts';

/** What explaining an invoice needs; build it once per handler. */
export interface InvoiceExplanationContext {
  /**
   * Customers (market, time zone, product kind), invoices (the customer's history) and the message
   * ledger (the price-change notices the customer was sent).
   */
  repositories: Pick<Repositories, 'customers' | 'invoices' | 'messages' | 'seasonalProfiles'>;
  /** Puts the message request and the duplicate alert on the stille bus. */
  publisher: EventPublisher;
  /** The markets configuration (its `invoiceExplanation` settings per market). */
  config: MarketsConfig;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** The learned seasonal profiles, cached; one per handler ({@link learnedProfiles}). */
  profiles?: LearnedProfiles;
}

/** How long a learned profile is kept in memory before it is read again. */
export const PROFILE_CACHE_MS = 60 * 60 * 1000;

/** The seasonal profiles learned from the provider's invoices, read once an hour per market and kind. */
export interface LearnedProfiles {
  /** The learned profile of `<market>#<kind>`, or undefined when there are too few samples. */
  get(profileKey: string): Promise<SourcedProfile | undefined>;
}

/** A {@link LearnedProfiles} over the SeasonalProfiles table, cached for {@link PROFILE_CACHE_MS}. */
export function learnedProfiles(repository: Repositories['seasonalProfiles'], clock: Clock): LearnedProfiles {
  const cache = new Map<string, { at: number; profile: Promise<SourcedProfile | undefined> }>();
  return {
    get(profileKey) {
      const now = clock.now().getTime();
      const cached = cache.get(profileKey);
      if (cached !== undefined && now - cached.at < PROFILE_CACHE_MS) return cached.profile;
      const profile = repository
        .samples(profileKey, MAX_PROFILE_SAMPLES)
        .then((samples) => learnSeasonalProfile(samples.map((sample) => sample.shape)));
      // A failed read is not cached: the next invoice tries again.
      profile.catch(() => cache.delete(profileKey));
      cache.set(profileKey, { at: now, profile });
      return profile;
    },
  };
}

/** The key of the learned profile an invoice is scaled with: `<market>#<kind>`; undefined when not metered. */
export function profileKeyOf(
  market: Market,
  productKind: ProductKind | undefined,
  invoice: InvoiceIssued,
): string | undefined {
  if (invoice.consumption === undefined) return undefined;
  const kind = productKind ?? (invoice.consumption.unit.toLowerCase() === 'kwh' ? 'electricity' : undefined);
  return kind === undefined ? undefined : `${market}#${kind}`;
}

/** What became of one invoice. */
export interface InvoiceExplanationOutcome {
  invoiceId: string;
  /** An explanation was requested from the send gate (`Message Requested` published). */
  explained: boolean;
  /** Why the invoice is surprising (empty when it is not); set even when the message was skipped. */
  reasons: SurpriseKind[];
  /** The invoice overlaps an earlier one of the same product: a `duplicate-invoice` alert was published. */
  duplicate: boolean;
  /** The invoice was surprising, but its due date had passed: no message was requested. */
  pastDue: boolean;
  /**
   * Billing sent this invoice again (a later invoice of the same product covers its period): the copy's
   * message tells the whole story, so none was requested for this one. The copy's id.
   */
  foldedInto?: string;
}

/** The customer and their stored invoices, read once and shared by every invoice of the customer. */
export interface CustomerInvoiceContext {
  customer: CustomerRecord | undefined;
  history: readonly InvoiceIssued[];
  /**
   * The price-change notices sent to the customer in the last {@link PRICE_NOTICE_LOOKBACK_DAYS} days,
   * read on the first call and then kept. A notice only adds a fact to an explanation (it never decides
   * whether an invoice is explained), so most customers of a run, with nothing to explain, never read them.
   */
  priceNotices: () => Promise<readonly SentPriceNotice[]>;
}

/** How far back an invoice explanation looks for the price-change notices the customer was sent. */
export const PRICE_NOTICE_LOOKBACK_DAYS = 400;

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A sent `price-change-notice`'s facts as the invoice domain reads them; undefined without an effective date. */
export function sentPriceNotice(sent: SentFacts): SentPriceNotice | undefined {
  const { facts } = sent;
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : undefined);
  const effectiveDate = text(facts.effectiveDate);
  if (effectiveDate === undefined || !ISO_DATE.test(effectiveDate)) return undefined;
  const noticeDate = text(facts.noticeDate);
  const productId = text(facts.productId);
  const tariffId = text(facts.tariffId);
  return {
    noticeDate: noticeDate !== undefined && ISO_DATE.test(noticeDate) ? noticeDate : sent.sentAt.slice(0, 10),
    effectiveDate,
    ...(productId === undefined ? {} : { productId }),
    ...(tariffId === undefined ? {} : { tariffId }),
  };
}

/**
 * Reads what explaining the invoices of one customer needs: the profile and every stored invoice; the
 * price-change notices sent to the customer since `now` − {@link PRICE_NOTICE_LOOKBACK_DAYS} only when an
 * invoice is to be explained (one query fewer per customer for the rest). A failed read fails the
 * invoice, and so the batch, which the workflow retries with a fresh context.
 */
export async function loadCustomerInvoices(
  repositories: InvoiceExplanationContext['repositories'],
  customerId: string,
  now: Date,
): Promise<CustomerInvoiceContext> {
  const since = new Date(now.getTime() - PRICE_NOTICE_LOOKBACK_DAYS * DAY_MS);
  const [customer, history] = await Promise.all([
    repositories.customers.get(customerId),
    repositories.invoices.history(customerId),
  ]);
  let notices: Promise<readonly SentPriceNotice[]> | undefined;
  const priceNotices = () => {
    notices ??= repositories.messages
      .sentFacts(customerId, 'price-change-notice', since)
      .then((sent) => sent.flatMap((one) => sentPriceNotice(one) ?? []));
    return notices;
  };
  return { customer, history, priceNotices };
}

/**
 * Explains one stored invoice: reads the customer and their invoices, assesses the invoice, requests an
 * explanation from the send gate when it is surprising (unless its due date has passed: the message is
 * meant to come before it) and alerts billing when it duplicates an earlier invoice. Publishing is safe
 * to repeat: the send gate's ledger keeps one message per invoice.
 */
export async function explainStoredInvoice(
  ctx: InvoiceExplanationContext,
  invoice: InvoiceIssued,
): Promise<InvoiceExplanationOutcome> {
  return explainWith(
    ctx,
    invoice,
    await loadCustomerInvoices(ctx.repositories, invoice.customerId, ctx.clock.now()),
  );
}

/**
 * Explains stored invoices of one customer in billing-period order, reading the customer and the history
 * once. Every invoice must be stored already (so two overlapping invoices of one batch see each other).
 */
export async function explainCustomerInvoices(
  ctx: InvoiceExplanationContext,
  customerId: string,
  invoices: readonly InvoiceIssued[],
): Promise<InvoiceExplanationOutcome[]> {
  const mismatch = invoices.find((invoice) => invoice.customerId !== customerId);
  if (mismatch) {
    throw new TypeError(`Invoice ${mismatch.invoiceId} is not an invoice of customer ${customerId}`);
  }
  if (invoices.length === 0) return [];
  const loaded = await loadCustomerInvoices(ctx.repositories, customerId, ctx.clock.now());
  const outcomes: InvoiceExplanationOutcome[] = [];
  for (const invoice of [...invoices].sort(byPeriod)) {
    outcomes.push(await explainWith(ctx, invoice, loaded));
  }
  return outcomes;
}

/** Billing-period order: period start, then issue time, then id (a total order, so runs are repeatable). */
export function byPeriod(a: InvoiceIssued, b: InvoiceIssued): number {
  return (
    a.period.from.localeCompare(b.period.from) ||
    a.issuedAt.localeCompare(b.issuedAt) ||
    a.invoiceId.localeCompare(b.invoiceId)
  );
}

async function explainWith(
  ctx: InvoiceExplanationContext,
  invoice: InvoiceIssued,
  { customer, history, priceNotices }: CustomerInvoiceContext,
): Promise<InvoiceExplanationOutcome> {
  const { invoiceId, customerId } = invoice;
  const market = customer?.market ?? MARKET_OF_CURRENCY[invoice.currency];
  const product = customer?.products.find((held) => held.productId === invoice.productId);
  const productKind: ProductKind | undefined = product?.kind;
  if (!customer) {
    // The send gate suppresses the message (no contact point); billing still hears of a duplicate.
    ctx.logger.warn('Invoice of an unknown customer', { invoiceId, customerId, market });
  }
  const profileKey = profileKeyOf(market, productKind, invoice);
  const profiles = ctx.profiles ?? learnedProfiles(ctx.repositories.seasonalProfiles, ctx.clock);
  const learnedProfile = profileKey === undefined ? undefined : await profiles.get(profileKey);
  const assess = (target: InvoiceIssued, notices: readonly SentPriceNotice[]) =>
    assessInvoice({
      invoice: target,
      // assessInvoice ignores any stored copy of this invoice itself, so a replayed older version is moot.
      history,
      market,
      productKind,
      settings: settingsForMarket(ctx.config, market).invoiceExplanation,
      ...(product === undefined ? {} : { tariffId: product.tariffId }),
      priceNotices: notices,
      ...(learnedProfile === undefined ? {} : { learnedProfile }),
    });
  // Notices only add the `priceNotice` fact; whether to explain, and why, never depends on them.
  const assessment = assess(invoice, []);
  const now = ctx.clock.now();
  const due = (target: InvoiceIssued) => isPastDue(target.dueDate, now, customer?.timeZone, market);
  const pastDue = assessment.explain && due(invoice);
  // One message per real situation: when billing sent this invoice again and the copy will be explained
  // (a duplicate always is, before its due date), the copy's message tells the whole story.
  const copy = laterCopiesOf(invoice, history).find((other) => !due(other));
  const explained = assessment.explain && !pastDue && copy === undefined;
  // The message first: if the alert then fails, the retry's second request is a duplicate the gate drops.
  if (explained) {
    const notices = await priceNotices();
    const told = notices.length === 0 ? assessment : assess(invoice, notices);
    const first = history.find((other) => other.invoiceId === assessment.duplicates[0]?.invoiceId);
    await ctx.publisher.requestMessage(
      explanationRequest(invoice, told, first === undefined ? undefined : assess(first, notices)),
    );
  }
  const alert = duplicateInvoiceAlert(invoice, assessment, now);
  if (alert) await ctx.publisher.alert(alert);
  // Refreshed as invoices arrive: the product's seasonal shape, once it has a full year, is a sample of
  // the profile of customers like it.
  if (profileKey !== undefined) await refreshSample(ctx, profileKey, invoice, history);
  const outcome: InvoiceExplanationOutcome = {
    invoiceId,
    explained,
    reasons: assessment.reasons,
    duplicate: alert !== undefined,
    pastDue,
    ...(assessment.explain && !pastDue && copy !== undefined ? { foldedInto: copy.invoiceId } : {}),
  };
  if (pastDue) {
    ctx.logger.info('Invoice explanation skipped: the due date has passed', {
      invoiceId,
      customerId,
      dueDate: invoice.dueDate,
      reasons: assessment.reasons,
    });
  } else if (explained || alert) {
    ctx.logger.info('Invoice explained', { ...outcome, customerId });
  }
  return outcome;
}

/**
 * Stores the product's seasonal shape as a sample of its market and kind when this invoice is the
 * product's latest and the product has a full year of invoices (learned-profile.ts); nothing otherwise.
 */
async function refreshSample(
  ctx: InvoiceExplanationContext,
  profileKey: string,
  invoice: InvoiceIssued,
  history: readonly InvoiceIssued[],
): Promise<void> {
  const own = history.filter((other) => other.productId === invoice.productId);
  if (own.some((other) => other.period.to > invoice.period.to)) return;
  const withThis = own.some((other) => other.invoiceId === invoice.invoiceId) ? own : [...own, invoice];
  const shape = productShape(invoice.productId, withThis, invoice.consumption?.unit);
  if (shape === undefined) return;
  await ctx.repositories.seasonalProfiles.putSample(profileKey, {
    productId: invoice.productId,
    shape,
    updatedAt: ctx.clock.now().toISOString(),
  });
}

/**
 * Whether `dueDate` (`YYYY-MM-DD`) is before today in the customer's time zone (the market's when the
 * profile's is unknown or unusable). On the due date itself a message is still useful.
 */
export function isPastDue(dueDate: string, now: Date, timeZone: string | undefined, market: Market): boolean {
  return localDate(now, timeZone, market) > dueDate;
}

function localDate(now: Date, timeZone: string | undefined, market: Market): string {
  let parts: ReturnType<typeof localTimeParts>;
  try {
    parts = localTimeParts(now, timeZone ?? timeZoneOfMarket(market));
  } catch {
    parts = localTimeParts(now, timeZoneOfMarket(market));
  }
  const pad = (value: number, length = 2) => String(value).padStart(length, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}
