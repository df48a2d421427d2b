/** What the retention offer says, sentence by sentence; each locale's words are an {@link OfferWords}. */
import type { PRICE_COMPONENTS, PRODUCT_KINDS, RetentionSignal } from '#domain/contracts/index.ts';
import type { Block, Inline } from '../content.ts';

/** `energy` (`price` per kWh) or `subscription` (per month). */
type Component = (typeof PRICE_COMPONENTS)[number];
/** electricity, broadband, mobile, insurance. */
type ProductKind = (typeof PRODUCT_KINDS)[number];

/** A reason code the words cover: every signal of the retention program (docs/retention.md). */
export type KnownReason = RetentionSignal;

/** A number of months: the count, and as the locale writes it (`24 måneder`). */
export interface Months {
  n: number;
  text: string;
}

/** What the offer is worth, as the subject and the SMS say it. */
export type Worth = { per: 'year'; amount: string } | { per: 'once'; amount: string };

/** The words of the retention offer in one locale. */
export interface OfferWords {
  /** The subject: the offer's name and, when it is worth something, how much. */
  subject(name: string | undefined, worth: Worth | null): string;
  /** A reason without facts of its own: what the code means, in general words. */
  reasons: Readonly<Record<KnownReason, string>>;
  /** The reasons in the customer's own facts; each returns null when the facts are too few to say it. */
  signal: {
    /** `date`: the binding's last day. */
    bindingEnding(date: string): string;
    /** From `date` the price is `newPrice` (per `component`), up from `oldPrice`. */
    priceIncrease(facts: {
      component: Component | undefined;
      oldPrice: string;
      newPrice: string;
      date: string | null;
    }): string;
    /** A year's cost rose from `before` to `after` (when the prices are not known). */
    annualCostIncrease(facts: { before: string; after: string; date: string | null }): string;
    /** `month`: when the invoice was explained; `amount` and `expected` when known. */
    highInvoice(facts: { month: string; amount: string | null; expected: string | null }): string;
    supportDelay(month: string): string;
    detractor(month: string): string;
    /** `years`: whole years, as the locale writes them (`6 år`). */
    tenureYears(years: string): string;
    /** `since`: the month they became a customer (`mars 2019`). */
    tenureSince(since: string): string;
  };
  /** The reasons (a few sentences, or null) and the offer's name, as one paragraph. */
  offerLead(name: Inline, reasons: string | null): Block;
  /** What the offer gives, as the rest of "You get …". */
  benefit: {
    /** A fixed `price` per `component` for `months` (no binding when null); `current`: what they pay otherwise (from now on, after an announced change). */
    tariff(facts: {
      component: Component;
      price: string;
      months: Months | null;
      current: string | null;
    }): string;
    /** `percent` off the invoices of the product kind (or of the agreement) for `months`. */
    discount(facts: { percent: string; kind: ProductKind | undefined; months: Months }): string;
    bonus(amount: string): string;
  };
  /** "You get {benefit}." */
  youGet(benefit: Inline): Block;
  /** What it is worth a year, in the customer's numbers. */
  worth: {
    /** With their consumption of `consumption` kWh a year. */
    consumption(consumption: string, value: Inline): Block;
    /** Based on what they paid the last 12 months. */
    invoiced(invoiced: string, value: Inline): Block;
    /** Without the numbers behind it. */
    plain(value: Inline): Block;
  };
  /** The older facts' table. */
  table: {
    caption: string;
    offer: string;
    price: string;
    discount: string;
    annualCost: string;
    annualSaving: string;
    binding: string;
    noBinding: string;
  };
  per: Readonly<Record<Component, string>>;
  /** The older facts' saving. */
  saving(name: string, saving: Inline): Block;
  /** The last day the offer can be accepted. */
  validUntil(date: string): string;
  /** Before the button: that accepting takes a confirmation on the next page. */
  howToAccept: string;
  accept: string;
  /** With an offer but no link: how to say yes, by phone. */
  acceptByPhone(phone: string, hours: string): string;
  /** Without an offer: that we would like them to have the agreement that suits them. */
  noOffer: string;
  /** How to reach customer service. */
  contact(phone: string, hours: string, web: string): string;
  noChange: string;
  sms: {
    greeting(name: string | null): string;
    offer(name: string | null): string;
    /** The benefit and its worth, in one short sentence. */
    worth(worth: Worth): string;
    /** The older facts' saving, exact. */
    saving(amount: string): string;
    validUntil(date: string): string;
    accept(url: string): string;
    /** With an offer, no link: call us (the phone ends the SMS). */
    call: string;
    noOffer: string;
    /** For a two-way number, which a reply reaches. */
    stop: string;
    /** Otherwise: the opt-out link. */
    optOut(url: string): string;
  };
}
