/** What the retention offer says, sentence by sentence; each locale's words are an {@link OfferWords}. */
import type { PRICE_COMPONENTS } from '#domain/contracts/index.ts';
import type { Block, Inline } from '../content.ts';

/** `energy` (`price` per kWh) or `subscription` (per month). */
type Component = (typeof PRICE_COMPONENTS)[number];

/**
 * Reason codes the template can put into words. Others are shown only with a text of their own: a
 * risk signal without customer-facing words stays internal.
 */
export const RETENTION_REASON_CODES = [
  'price-increase',
  'binding-ending',
  'high-invoice',
  'support-delay',
  'long-tenure',
] as const;
/** A reason code the words cover. */
export type KnownReason = (typeof RETENTION_REASON_CODES)[number];

/** The words of the retention offer in one locale. */
export interface OfferWords {
  subject(name: string | undefined): string;
  reasons: Readonly<Record<KnownReason, string>>;
  /** The reasons (a few sentences, or null) and the offer's name, as one paragraph. */
  offerLead(name: Inline, reasons: string | null): Block;
  noOffer: string;
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
  saving(name: string, saving: Inline): Block;
  seeOffer: string;
  acceptByContact: string;
  validUntil(date: string): string;
  noChange: string;
  sms: {
    greeting(name: string | null): string;
    offer(name: string | null): string;
    saving(amount: string): string;
    validUntil(date: string): string;
    see(url: string): string;
    contact: string;
    noOffer: string;
    /** For a two-way number, which a reply reaches. */
    stop: string;
    /** Otherwise: the opt-out link. */
    optOut(url: string): string;
  };
}
