/**
 * One customer at one run of the automatic program or of a retention-offer campaign: their signals and
 * churn risk, whether they get an offer now, which, and its facts (docs/retention.md). Pure: the
 * customer's data, the catalog and the time are arguments.
 */
import type { Currency } from '../contracts/common.ts';
import type { InvoiceIssued } from '../contracts/events.ts';
import type { RetentionOffer } from '../contracts/retention.ts';
import type { ProductKind, Segment } from '../price-changes/lead-time.ts';
import { productNumbers } from './numbers.ts';
import {
  chooseOffer,
  eligibleProducts,
  type OfferCustomer,
  offerFacts,
  type ProductNumbers,
  type RetentionOfferFacts,
} from './offers.ts';
import { RETENTION_OFFER_CAP_DAYS } from './program.ts';
import { assessChurnRisk, type ChurnAssessment, type RiskLevels, type SignalWeights } from './risk.ts';
import {
  deriveSignals,
  riskSignals,
  type SentWithFacts,
  type SignalOccurrence,
  type SurveyAnswer,
} from './signals.ts';

const DAY_MS = 86_400_000;

/** The customer as the evaluation reads them. */
export interface EvaluatedCustomer extends OfferCustomer {
  customerId: string;
  timeZone: string;
  segment: Segment;
  products: ReadonlyArray<{
    productId: string;
    kind: ProductKind;
    tariffId: string;
    bindingEndsOn?: string | null;
  }>;
  /** The risk signals (`code#key`) and catalog of the program's last evaluation of them. */
  stored?: { signalKeys: readonly string[]; catalogId: string };
}

/** What one evaluation is given; `invoices` is read only when an offer may follow (see `needsInvoices`). */
export interface EvaluationInputs {
  customer: EvaluatedCustomer;
  sent: readonly SentWithFacts[];
  answers: readonly SurveyAnswer[];
  now: Date;
  today: string;
  weights: SignalWeights;
  levels: RiskLevels;
  catalogId: string;
  currency: Currency;
  /**
   * `program`: the catalog's automatic offers, to a customer with a risk signal new since the last
   * evaluation (every one is new under a new catalog); `campaign`: the one offer a retention-offer
   * campaign names, to every audience member it suits.
   */
  mode: { kind: 'program'; offers: readonly RetentionOffer[] } | { kind: 'campaign'; offer: RetentionOffer };
}

/** Why a customer gets no offer at this run. */
export type NoOfferReason =
  /** Program: no risk signal arose since the last evaluation. */
  | 'no-new-signal'
  /** A retention offer was sent to them in the last 90 days. */
  | 'recently-offered'
  /** No offer suits them, or none is worth anything to them. */
  | 'no-offer';

/** The outcome for one customer. */
export interface Evaluation {
  assessment: ChurnAssessment;
  signals: SignalOccurrence[];
  /** The risk signals as `code#key`, which the program stores to tell the next new one. */
  signalKeys: string[];
  decision: { offer: true; facts: RetentionOfferFacts } | { offer: false; reason: NoOfferReason };
}

/** The signals, the churn risk and whether an offer may follow, before any invoice is read. */
export interface Screening {
  assessment: ChurnAssessment;
  signals: SignalOccurrence[];
  signalKeys: string[];
  /** Undefined when an offer may follow (read the invoices and call {@link evaluate}). */
  stop?: NoOfferReason;
}

/** The first, cheap half of an evaluation: signals, risk, and the rules that need no invoice. */
export function screen(inputs: Omit<EvaluationInputs, 'currency'>): Screening {
  const { customer } = inputs;
  const endedProductIds = customer.endedProductIds ?? new Set<string>();
  const signals = deriveSignals({
    customerSince: customer.customerSince,
    products: customer.products,
    endedProductIds,
    sent: inputs.sent,
    answers: inputs.answers,
    now: inputs.now,
    today: inputs.today,
    timeZone: customer.timeZone,
  });
  const risk = riskSignals(signals);
  const assessment = assessChurnRisk(signals, inputs.weights, inputs.levels);
  const signalKeys = risk.map((signal) => `${signal.code}#${signal.key}`).sort();
  const base = { assessment, signals, signalKeys };
  const capStart = inputs.now.getTime() - RETENTION_OFFER_CAP_DAYS * DAY_MS;
  if (inputs.sent.some((sent) => sent.kind === 'retention-offer' && Date.parse(sent.sentAt) > capStart)) {
    return { ...base, stop: 'recently-offered' };
  }
  if (inputs.mode.kind === 'program') {
    const stored = customer.stored;
    const known =
      stored && stored.catalogId === inputs.catalogId ? new Set(stored.signalKeys) : new Set<string>();
    if (!signalKeys.some((key) => !known.has(key))) return { ...base, stop: 'no-new-signal' };
  }
  const offers = inputs.mode.kind === 'program' ? inputs.mode.offers : [inputs.mode.offer];
  if (!offers.some((offer) => eligibleProducts(offer, customer).length > 0))
    return { ...base, stop: 'no-offer' };
  return base;
}

/**
 * The whole evaluation: {@link screen} (or its result, when the caller has it), then (when it does not stop) the offer with the highest
 * `annualValue` among the eligible ones, valued on each product's own numbers from `invoices` and the
 * price-change notices sent.
 */
export function evaluate(
  inputs: EvaluationInputs,
  invoices: readonly InvoiceIssued[],
  screening: Screening = screen(inputs),
): Evaluation {
  const { assessment, signals, signalKeys } = screening;
  if (screening.stop)
    return { assessment, signals, signalKeys, decision: { offer: false, reason: screening.stop } };
  const { customer } = inputs;
  const numbers = new Map<string, ProductNumbers>();
  for (const product of customer.products) {
    numbers.set(
      product.productId,
      productNumbers({
        productId: product.productId,
        kind: product.kind,
        market: customer.market,
        segment: customer.segment,
        invoices,
        sent: inputs.sent,
        today: inputs.today,
      }),
    );
  }
  const automatic = inputs.mode.kind === 'program';
  const offers =
    inputs.mode.kind === 'program'
      ? inputs.mode.offers.filter((offer) => offer.automatic)
      : [inputs.mode.offer];
  const chosen = chooseOffer({ offers, customer, signals, today: inputs.today, numbers });
  if (!chosen) return { assessment, signals, signalKeys, decision: { offer: false, reason: 'no-offer' } };
  return {
    assessment,
    signals,
    signalKeys,
    decision: { offer: true, facts: offerFacts(chosen, inputs.catalogId, inputs.currency, automatic) },
  };
}
