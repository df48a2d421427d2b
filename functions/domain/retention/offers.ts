/**
 * Which offers of the catalog a customer may get, what each is worth to them a year, and the one they
 * get (docs/retention.md "Eligibility", "Value", "The choice"). Pure: the customer's numbers and the
 * date are arguments.
 *
 * `annualValue` (docs/contracts.md "Retention"):
 * - `tariff`: (the customer's current unit price − the offer's) × their annual consumption for
 *   `energy`, or 12 × (current − offer) for `subscription`; the current price is the one they pay from
 *   now on (after an announced change). Priced with the price-change impact code (`personalImpact`).
 * - `discount`: percent × the product's invoiced amounts of the last 12 months × min(months, 12) / 12.
 * - `bonus`: the amount.
 * An offer whose value cannot be worked out from the customer's own numbers (no price, no invoices) is
 * worth nothing to them, and an offer worth nothing is never sent.
 */

import { tenureMonths } from '../campaigns/audience.ts';
import type { Currency, Market } from '../contracts/common.ts';
import type { OfferBenefit, RetentionOffer, RetentionSignal } from '../contracts/retention.ts';
import { type AnnualConsumption, personalImpact, roundCents } from '../price-changes/impact.ts';
import type { ProductKind, Segment } from '../price-changes/lead-time.ts';
import type { SignalOccurrence } from './signals.ts';

/** A product as eligibility sees it. */
export interface OfferProduct {
  productId: string;
  kind: ProductKind;
  tariffId: string;
}

/** The customer as eligibility sees them. */
export interface OfferCustomer {
  market: Market;
  segment: Segment;
  customerSince: string;
  products: readonly OfferProduct[];
  /** Products whose contract ended: never offered anything. */
  endedProductIds?: ReadonlySet<string>;
}

/** Why an offer is not for a customer (the preview and the tests say which rule). */
export type IneligibleReason =
  | 'expired'
  | 'market'
  | 'segment'
  | 'tenure'
  | 'signals'
  | 'product'
  | 'no-value';

/** The products of the customer an offer may be for: kind and tariff as the offer asks, not ended. */
export function eligibleProducts(offer: RetentionOffer, customer: OfferCustomer): OfferProduct[] {
  const { productKinds, tariffIds } = offer.eligibility;
  const ended = customer.endedProductIds ?? new Set<string>();
  return customer.products.filter(
    (product) =>
      !ended.has(product.productId) &&
      (productKinds === undefined || productKinds.includes(product.kind)) &&
      (tariffIds === undefined || tariffIds.includes(product.tariffId)) &&
      // A tariff is priced per kWh or month of one product: a broadband tariff is no electricity offer.
      (offer.benefit.type !== 'tariff' || product.tariffId !== offer.benefit.tariffId),
  );
}

/**
 * Whether `offer` may go to the customer today, by everything but its value: not expired, the market,
 * the segment, the tenure, at least one of its signals (any risk signal when it names none), and a
 * product it is for. `undefined` when it may; the first rule it fails otherwise.
 */
export function ineligibility(
  offer: RetentionOffer,
  customer: OfferCustomer,
  signals: readonly SignalOccurrence[],
  today: string,
): IneligibleReason | undefined {
  if (offer.validUntil < today) return 'expired';
  if (offer.market !== customer.market) return 'market';
  const { segments, minTenureMonths } = offer.eligibility;
  if (segments !== undefined && !segments.includes(customer.segment)) return 'segment';
  if (tenureMonths(customer.customerSince, today) < minTenureMonths) return 'tenure';
  if (matchingSignals(offer, signals).length === 0) return 'signals';
  if (eligibleProducts(offer, customer).length === 0) return 'product';
  return undefined;
}

/** The customer's signals that make them eligible for `offer` (its list, or every risk signal). */
export function matchingSignals(
  offer: RetentionOffer,
  signals: readonly SignalOccurrence[],
): SignalOccurrence[] {
  const wanted = offer.eligibility.signals;
  return signals.filter((signal) =>
    wanted === undefined ? signal.code !== 'long-tenure' : wanted.includes(signal.code),
  );
}

/** A product's own numbers, which the value is computed from. */
export interface ProductNumbers {
  /**
   * The unit price of each component the customer pays from now on: after an announced change (the
   * latest price-change notice's `newPrice`), else the latest invoice's line price. Absent: unknown.
   */
  currentPrice: Partial<Record<'energy' | 'subscription', number>>;
  /** Their annual consumption (energy), from `annualConsumption` of the price-change code. */
  consumption?: AnnualConsumption;
  /** What the product was invoiced in the last 12 months (VAT included), when there are invoices. */
  invoicedLast12Months?: number;
}

/** How `annualValue` was worked out: the numbers the message can show. */
export interface OfferValue {
  annualValue: number;
  /** The customer's price today (tariff). */
  currentPrice?: number;
  offerPrice?: number;
  component?: 'energy' | 'subscription';
  /** kWh a year (tariff on energy). */
  annualConsumption?: number;
  unit?: 'kWh';
  /** How the consumption was found (`twelve-months`, `short-history`, `typical`). */
  consumptionBasis?: AnnualConsumption['basis'];
  invoicedLast12Months?: number;
  percent?: number;
  months?: number;
  amount?: number;
}

/**
 * What `benefit` is worth to the customer a year for one product, in the currency (rounded to cents),
 * and the numbers it came from; 0 when their numbers do not allow it.
 */
export function offerValue(benefit: OfferBenefit, numbers: ProductNumbers): OfferValue {
  switch (benefit.type) {
    case 'tariff': {
      const current = numbers.currentPrice[benefit.component];
      if (current === undefined)
        return { annualValue: 0, component: benefit.component, offerPrice: benefit.price };
      if (benefit.component === 'energy' && numbers.consumption === undefined) {
        return { annualValue: 0, component: 'energy', currentPrice: current, offerPrice: benefit.price };
      }
      // The offer priced as a price change's alternative: its saving against the price paid from now on.
      const impact = personalImpact(
        {
          component: benefit.component,
          oldPrice: current,
          newPrice: current,
          alternatives: [
            {
              tariffId: benefit.tariffId,
              name: {},
              component: benefit.component,
              price: benefit.price,
              bindingMonths: benefit.bindingMonths,
            },
          ],
        },
        numbers.consumption,
      );
      const saving = impact.alternatives[0]?.annualSaving ?? 0;
      return {
        annualValue: saving,
        currentPrice: current,
        offerPrice: benefit.price,
        component: benefit.component,
        ...(benefit.component === 'energy' && numbers.consumption
          ? {
              annualConsumption: numbers.consumption.kWh,
              unit: 'kWh' as const,
              consumptionBasis: numbers.consumption.basis,
            }
          : {}),
      };
    }
    case 'discount': {
      const invoiced = numbers.invoicedLast12Months;
      if (invoiced === undefined || invoiced <= 0) {
        return { annualValue: 0, percent: benefit.percent, months: benefit.months };
      }
      return {
        annualValue: roundCents(((benefit.percent / 100) * invoiced * Math.min(benefit.months, 12)) / 12),
        invoicedLast12Months: roundCents(invoiced),
        percent: benefit.percent,
        months: benefit.months,
      };
    }
    case 'bonus':
      return { annualValue: roundCents(benefit.amount), amount: benefit.amount };
  }
}

/** The offer a customer gets and what it is worth to them. */
export interface ChosenOffer {
  offer: RetentionOffer;
  product: OfferProduct;
  value: OfferValue;
  /** The signals that made the customer eligible, which the message names. */
  signals: SignalOccurrence[];
}

/** What the choice is given. */
export interface ChoiceInputs {
  offers: readonly RetentionOffer[];
  customer: OfferCustomer;
  signals: readonly SignalOccurrence[];
  today: string;
  /** Each product's own numbers (by productId); a product without any has no value to offer on. */
  numbers: ReadonlyMap<string, ProductNumbers>;
}

/**
 * Among the eligible offers, the one with the highest `annualValue` to this customer (on the product
 * where it is worth most); none when no eligible offer is worth more than 0. Ties go to the offer
 * listed first in the catalog, then to the product listed first.
 */
export function chooseOffer(inputs: ChoiceInputs): ChosenOffer | undefined {
  let best: ChosenOffer | undefined;
  for (const offer of inputs.offers) {
    if (ineligibility(offer, inputs.customer, inputs.signals, inputs.today) !== undefined) continue;
    for (const product of eligibleProducts(offer, inputs.customer)) {
      const numbers = inputs.numbers.get(product.productId) ?? { currentPrice: {} };
      const value = offerValue(offer.benefit, numbers);
      if (value.annualValue <= 0) continue;
      if (best === undefined || value.annualValue > best.value.annualValue) {
        best = { offer, product, value, signals: matchingSignals(offer, inputs.signals) };
      }
    }
  }
  return best;
}

/** The signal codes a message names, most telling first (the order of the contract's list). */
export function reasonCodes(signals: readonly SignalOccurrence[]): RetentionSignal[] {
  const order: readonly RetentionSignal[] = [
    'price-increase',
    'binding-ending',
    'high-invoice',
    'support-delay',
    'detractor',
    'long-tenure',
  ];
  const codes = new Set(signals.map((signal) => signal.code));
  return order.filter((code) => codes.has(code));
}

/** The `retention-offer` facts of a chosen offer (docs/contracts.md "Retention"). */
export interface RetentionOfferFacts {
  offerId: string;
  catalogId: string;
  productId: string;
  productKind: ProductKind;
  currency: Currency;
  reasons: RetentionSignal[];
  signals: Array<Omit<SignalOccurrence, 'key'>>;
  offer: { name: Record<string, string>; benefit: OfferBenefit; validUntil: string };
  annualValue: number;
  value: Omit<OfferValue, 'annualValue'>;
  /** Whether the automatic program chose it (else a retention-offer campaign). */
  automatic: boolean;
}

/** The facts of the message that makes `chosen` to the customer. */
export function offerFacts(
  chosen: ChosenOffer,
  catalogId: string,
  currency: Currency,
  automatic: boolean,
): RetentionOfferFacts {
  const { annualValue, ...value } = chosen.value;
  return {
    offerId: chosen.offer.offerId,
    catalogId,
    productId: chosen.product.productId,
    productKind: chosen.product.kind,
    currency,
    reasons: reasonCodes(chosen.signals),
    signals: chosen.signals.map(({ key: _key, ...signal }) => signal),
    offer: {
      name: { ...chosen.offer.name },
      benefit: chosen.offer.benefit,
      validUntil: chosen.offer.validUntil,
    },
    annualValue,
    value,
    automatic,
  };
}
