/**
 * The vocabulary of invoice explanations: what stille concludes about one `Invoice Issued` (is it
 * surprising, and why), and the facts an `invoice-explanation` message is rendered from.
 */
import type { InvoiceIssued, Market, Product } from '../contracts/index.ts';
import type { ProfileSource, SourcedProfile } from './learned-profile.ts';

export { PROFILE_SOURCES, type ProfileSource } from './learned-profile.ts';

export type { InvoiceIssued, Market };
/** The kind of product an invoice is for (electricity, broadband, mobile, insurance). */
export type ProductKind = Product['kind'];

/** Why an invoice is explained. */
export const SURPRISE_KINDS = ['above-expected', 'duplicate', 'new-charge', 'estimated-reading'] as const;
/** Why an invoice is explained. */
export type SurpriseKind = (typeof SURPRISE_KINDS)[number];

/** Causes whose amounts add up to the difference between the amount and the expected amount. */
export const SPLIT_CAUSE_CODES = ['consumption', 'price', 'fees'] as const;
/** A cause whose amount is part of the difference. */
export type SplitCauseCode = (typeof SPLIT_CAUSE_CODES)[number];
/** Every cause an invoice explanation may name (docs/contracts.md). */
export const INVOICE_CAUSE_CODES = [
  ...SPLIT_CAUSE_CODES,
  'estimated-reading',
  'duplicate',
  'new-charge',
] as const;
/** A cause code. */
export type InvoiceCauseCode = (typeof INVOICE_CAUSE_CODES)[number];

/** Whose unit prices and fixed charges the expected amount is priced with. */
export const REFERENCE_PRICES = ['invoice', 'usual'] as const;
/**
 * `invoice`: this invoice's unit prices and recurring charges (issue #4's definition: a price the customer
 * was told about in advance is not a surprise, so only consumption and new charges move the difference);
 * `usual`: the prices and charges of the customer's reference invoices (the same season earlier), so a
 * price rise shows up as the `price` cause.
 */
export type ReferencePrices = (typeof REFERENCE_PRICES)[number];

/** When an invoice is surprising (configurable per market: `invoiceExplanation` in MARKETS_CONFIG). */
export interface InvoiceExplanationSettings {
  /** Surprising when `amount ≥ expectedAmount × surpriseRatio` (1.3: at least 30 % above). */
  surpriseRatio: number;
  /** …and `amount − expectedAmount ≥ minimumDifference`, in the currency's major unit. */
  minimumDifference: number;
  /** A charge never seen before is a reason on its own when its amount is at least this. */
  newChargeMinimum: number;
  /** What the expected amount is priced with. */
  referencePrices: ReferencePrices;
  /**
   * How many months back an explained consumption change is looked for: while its new level holds, it is
   * the expectation (lasting-change.ts). 0 turns the rule off.
   */
  lastingChangeMonths: number;
}

/** A period `[from, to]`, both days included, `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** One cause of an explanation. `consumption`, `price` and `fees` add up to the difference. */
export interface InvoiceCauseFact {
  code: InvoiceCauseCode;
  /** In the invoice's currency; required for `consumption`, `price` and `fees`. */
  amount?: number;
  /** consumption: this invoice's quantity and the expected one, in `unit`. */
  quantity?: number;
  expectedQuantity?: number;
  unit?: string;
  /** price: this invoice's unit price and the reference one (per `unit`). */
  unitPrice?: number;
  expectedUnitPrice?: number;
  /** new-charge: the descriptions of the lines the customer never had before. */
  descriptions?: string[];
  /** duplicate: the invoices whose periods this one overlaps. */
  invoiceIds?: string[];
}

/** The facts of an `invoice-explanation` message (docs/contracts.md, "facts by kind"). */
export interface InvoiceExplanationFacts {
  invoiceId: string;
  currency: string;
  amount: number;
  expectedAmount: number;
  /** `amount − expectedAmount`, to the cent; the split causes add up to it. */
  difference: number;
  causes: InvoiceCauseFact[];
  dueDate: string;
  period: Period;
  estimatedReading: boolean;
  /** Why the message is sent. */
  reasons: SurpriseKind[];
  /** How the expected consumption was found (absent for products without metered consumption). */
  basis?: ExpectationBasis;
  /**
   * The price-change notice stille sent for this product's tariff whose effective date falls in the
   * period (the latest, when several did): the price is no news, and the message says when we told them.
   */
  priceNotice?: PriceNoticeFact;
  /**
   * The customer's consumption changed for good from the period starting `since` (we explained it then):
   * the expected consumption is that new level (docs/invoice-explanations.md, "A lasting change").
   */
  lastingChange?: { since: string };
  /**
   * With `basis: seasonal-profile`, whose seasons scaled the short history: `customers-like-you` (the
   * provider's customers of the same product in the market) or `national` (the documented national curve).
   */
  profileSource?: ProfileSource;
}

/** A price-change notice the customer was sent, as an invoice explanation refers to it. */
export interface PriceNoticeFact {
  /** The day the notice was sent (`YYYY-MM-DD`, the customer's calendar). */
  noticeDate: string;
  /** The day the new price applied from. */
  effectiveDate: string;
}

/** A `price-change-notice` sent to the customer (from the message ledger). */
export interface SentPriceNotice extends PriceNoticeFact {
  /** The product and tariff it was about (either may be missing from older records). */
  productId?: string;
  tariffId?: string;
}

/** How the expected consumption was found. */
export const EXPECTATION_BASES = ['same-season', 'seasonal-profile'] as const;
/** `same-season`: the same months of earlier years; `seasonal-profile`: a short history scaled by the profile. */
export type ExpectationBasis = (typeof EXPECTATION_BASES)[number];

/** The customer's expected consumption for an invoice's period. */
export interface ExpectedConsumption {
  quantity: number;
  unit: string;
  basis: ExpectationBasis;
  /** The invoices the expectation is drawn from (and the usual prices). */
  referenceInvoiceIds: string[];
  /** A lasting change holds: the quantity is the new level since `since`, drawn from `invoiceIds`. */
  lastingChange?: { since: string; invoiceIds: string[] };
}

/** An earlier invoice of the same product whose period overlaps this one's. */
export interface OverlappingInvoice {
  invoiceId: string;
  period: Period;
  amount: number;
}

/** What stille concludes about one invoice. */
export interface InvoiceAssessment {
  /** Whether to send an explanation. */
  explain: boolean;
  /** Why (empty when `explain` is false). */
  reasons: SurpriseKind[];
  /** The facts, computed whether or not the invoice is explained (for logs and the report). */
  facts: InvoiceExplanationFacts;
  /** Earlier invoices this one duplicates (billing is alerted). */
  duplicates: OverlappingInvoice[];
  /** Whether there was any earlier invoice of the product to compare with. */
  hasHistory: boolean;
}

/** The input of {@link InvoiceAssessment}: plain data, no I/O. */
export interface AssessInvoiceInput {
  invoice: InvoiceIssued;
  /**
   * Stored invoices of the customer: any product, any order; may include `invoice` itself and invoices
   * issued after it (both are ignored where they would not be known yet).
   */
  history: readonly InvoiceIssued[];
  market: Market;
  /** The kind of the invoiced product, when the customer's profile names it; picks the seasonal profile. */
  productKind: ProductKind | undefined;
  settings: InvoiceExplanationSettings;
  /** The tariff of the invoiced product, when the customer's profile names it. */
  tariffId?: string;
  /** Price-change notices sent to the customer (any product; only those for this one count). */
  priceNotices?: readonly SentPriceNotice[];
  /**
   * The seasonal profile learned from the provider's invoices for this market and product kind, when there
   * were enough of them (learned-profile.ts); the national profile otherwise.
   */
  learnedProfile?: SourcedProfile;
}
