/**
 * The retention signals of docs/retention.md: what stille has seen of a customer that makes them likely
 * to leave (or, for `long-tenure`, eligible for a loyalty offer), each with the date it arose and the
 * numbers a message can name. Pure: the run's instant and the customer's local date are arguments.
 *
 * - `binding-ending`: a product's `bindingEndsOn` is within the 60 days from today; arose 60 days before
 *   the binding ends.
 * - `price-increase`: a `price-change-notice` sent in the last 90 days whose `annualCostAfter` exceeds
 *   its `annualCostBefore`; arose the day it was sent.
 * - `high-invoice`: an `invoice-explanation` sent in the last 90 days; arose the day it was sent.
 * - `support-delay`: a `support-delay-notice` sent in the last 90 days; arose the day it was sent.
 * - `detractor`: a survey answered CSAT ≤ 2 or NPS ≤ 6 in the last 90 days; arose the day it was answered.
 * - `long-tenure`: customer for at least 36 months; arose on that anniversary.
 */
import { dateIn, tenureMonths } from '../campaigns/audience.ts';
import type { RetentionSignal } from '../contracts/retention.ts';
import { addDays, addMonths } from '../price-changes/calendar.ts';

export type { RetentionSignal } from '../contracts/retention.ts';

/** Days before a binding ends from which `binding-ending` holds. */
export const BINDING_ENDING_DAYS = 60;
/** Days a sent notice or a survey answer counts as a signal. */
export const SIGNAL_LOOKBACK_DAYS = 90;
/** Months of tenure from which `long-tenure` holds. */
export const LONG_TENURE_MONTHS = 36;
/** Highest CSAT (1–5) and NPS (0–10) score that makes the customer a detractor. */
export const DETRACTOR_MAX_SCORE = { 'csat-5': 2, 'nps-10': 6 } as const;

const DAY_MS = 86_400_000;

/** One signal of one customer: its code, the date it arose and what a message can say of it. */
export interface SignalOccurrence {
  code: RetentionSignal;
  /** `YYYY-MM-DD`: when it arose (in the customer's zone for what was sent or answered). */
  arisenOn: string;
  /** What it is about, so the same signal seen twice is one (`p-1`, `inv-…`, `pc-…`, a survey id). */
  key: string;
  /** The product it concerns, when it concerns one. */
  productId?: string;
  bindingEndsOn?: string;
  effectiveDate?: string;
  oldPrice?: number;
  newPrice?: number;
  component?: 'energy' | 'subscription';
  annualCostBefore?: number;
  annualCostAfter?: number;
  invoiceId?: string;
  amount?: number;
  expectedAmount?: number;
  ticketId?: string;
  scale?: 'csat-5' | 'nps-10';
  score?: number;
  tenureMonths?: number;
  customerSince?: string;
}

/** A message sent to the customer, with its facts (as the ledger has it). */
export interface SentWithFacts {
  kind: string;
  sentAt: string;
  facts: Readonly<Record<string, unknown>>;
}

/** A survey answer of the customer. */
export interface SurveyAnswer {
  surveyId: string;
  scale: 'csat-5' | 'nps-10';
  score: number;
  respondedAt: string;
}

/** What the signals are derived from. */
export interface SignalInputs {
  customerSince: string;
  products: ReadonlyArray<{ productId: string; bindingEndsOn?: string | null }>;
  /** Products whose contract ended (Contract Ended): no signal of theirs counts. */
  endedProductIds?: ReadonlySet<string>;
  /** Messages sent to the customer (any window; only the last 90 days count). */
  sent: readonly SentWithFacts[];
  answers: readonly SurveyAnswer[];
  now: Date;
  /** `YYYY-MM-DD` on the customer's clock at `now`. */
  today: string;
  /** The customer's IANA zone: the local date a message was sent or a survey answered. */
  timeZone: string;
}

/** The signals that hold for a customer at `now`, in a stable order (code, then date, then key). */
export function deriveSignals(inputs: SignalInputs): SignalOccurrence[] {
  const found = new Map<string, SignalOccurrence>();
  const add = (signal: SignalOccurrence) => {
    const id = `${signal.code}#${signal.key}`;
    const seen = found.get(id);
    // Two notices about the same thing: the latest one stands.
    if (!seen || seen.arisenOn <= signal.arisenOn) found.set(id, signal);
  };
  const ended = inputs.endedProductIds ?? new Set<string>();
  const lastWindowDay = addDays(inputs.today, BINDING_ENDING_DAYS);
  for (const product of inputs.products) {
    if (ended.has(product.productId)) continue;
    const ends = product.bindingEndsOn;
    if (!ends || ends < inputs.today || ends > lastWindowDay) continue;
    add({
      code: 'binding-ending',
      arisenOn: addDays(ends, -BINDING_ENDING_DAYS),
      key: product.productId,
      productId: product.productId,
      bindingEndsOn: ends,
    });
  }
  const since = inputs.now.getTime() - SIGNAL_LOOKBACK_DAYS * DAY_MS;
  const inWindow = (at: string) => {
    const ms = Date.parse(at);
    return Number.isFinite(ms) && ms > since && ms <= inputs.now.getTime();
  };
  for (const message of inputs.sent) {
    if (!inWindow(message.sentAt)) continue;
    const signal = signalOfMessage(message, dateIn(new Date(message.sentAt), inputs.timeZone));
    if (signal && !(signal.productId && ended.has(signal.productId))) add(signal);
  }
  for (const answer of inputs.answers) {
    if (!inWindow(answer.respondedAt) || answer.score > DETRACTOR_MAX_SCORE[answer.scale]) continue;
    add({
      code: 'detractor',
      arisenOn: dateIn(new Date(answer.respondedAt), inputs.timeZone),
      key: answer.surveyId,
      scale: answer.scale,
      score: answer.score,
    });
  }
  const tenure = tenureMonths(inputs.customerSince, inputs.today);
  if (tenure >= LONG_TENURE_MONTHS) {
    add({
      code: 'long-tenure',
      arisenOn: addMonths(inputs.customerSince, LONG_TENURE_MONTHS),
      key: 'tenure',
      tenureMonths: tenure,
      customerSince: inputs.customerSince,
    });
  }
  return [...found.values()].sort(
    (a, b) =>
      a.code.localeCompare(b.code) || a.arisenOn.localeCompare(b.arisenOn) || a.key.localeCompare(b.key),
  );
}

/** The risk signals among `signals`: all but `long-tenure`, which only makes a customer eligible. */
export function riskSignals(signals: readonly SignalOccurrence[]): SignalOccurrence[] {
  return signals.filter((signal) => signal.code !== 'long-tenure');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 128 ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function signalOfMessage(message: SentWithFacts, sentOn: string): SignalOccurrence | undefined {
  const facts = message.facts;
  switch (message.kind) {
    case 'price-change-notice': {
      const before = num(facts.annualCostBefore);
      const after = num(facts.annualCostAfter);
      if (before === undefined || after === undefined || after <= before) return undefined;
      const productId = text(facts.productId);
      const signal: SignalOccurrence = {
        code: 'price-increase',
        arisenOn: sentOn,
        key: text(facts.priceChangeId) ?? sentOn,
        annualCostBefore: before,
        annualCostAfter: after,
      };
      if (productId) signal.productId = productId;
      const effectiveDate = text(facts.effectiveDate);
      if (effectiveDate) signal.effectiveDate = effectiveDate;
      const oldPrice = num(facts.oldPrice);
      const newPrice = num(facts.newPrice);
      if (oldPrice !== undefined) signal.oldPrice = oldPrice;
      if (newPrice !== undefined) signal.newPrice = newPrice;
      if (facts.component === 'energy' || facts.component === 'subscription')
        signal.component = facts.component;
      return signal;
    }
    case 'invoice-explanation': {
      const invoiceId = text(facts.invoiceId);
      const signal: SignalOccurrence = { code: 'high-invoice', arisenOn: sentOn, key: invoiceId ?? sentOn };
      if (invoiceId) signal.invoiceId = invoiceId;
      const productId = text(facts.productId);
      if (productId) signal.productId = productId;
      const amount = num(facts.amount);
      const expected = num(facts.expectedAmount);
      if (amount !== undefined) signal.amount = amount;
      if (expected !== undefined) signal.expectedAmount = expected;
      return signal;
    }
    case 'support-delay-notice': {
      const ticketId = text(facts.ticketId);
      const signal: SignalOccurrence = { code: 'support-delay', arisenOn: sentOn, key: ticketId ?? sentOn };
      if (ticketId) signal.ticketId = ticketId;
      return signal;
    }
    default:
      return undefined;
  }
}
