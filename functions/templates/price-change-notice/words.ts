/** What the price-change notice says, sentence by sentence; each locale's words are a {@link PriceWords}. */
import type { PRICE_CHANGE_REASON_CODES, PRICE_COMPONENTS } from '#domain/contracts/index.ts';
import type { Block, Inline } from '../content.ts';

/** `energy` (prices per kWh) or `subscription` (prices per month). */
export type Component = (typeof PRICE_COMPONENTS)[number];
type ReasonCode = (typeof PRICE_CHANGE_REASON_CODES)[number];
/** Whether the price goes up or down, or stays. */
export type Direction = 'up' | 'down' | 'same';

/** The words of the price-change notice in one locale. */
export interface PriceWords {
  subject(direction: Direction, date: string): string;
  /** `per kWh`, `per måned`. */
  per: Readonly<Record<Component, string>>;
  /** What changes, and (when given) why, as one paragraph. */
  intro(date: Inline, oldPrice: string, newPrice: Inline, reasons: string | null): Block;
  reasonPhrases: Readonly<Record<Exclude<ReasonCode, 'other'>, string>>;
  because(phrases: string): string;
  table: {
    caption: string;
    priceNow: string;
    priceFrom(date: string): string;
    annualConsumption: string;
    costNow: string;
    costAfter: string;
    perMonth: string;
  };
  meaning(
    direction: 'more' | 'less',
    monthly: Inline,
    after: string,
    before: string,
    consumption: string | undefined,
  ): Block;
  /** The notice came too late for the announced date, so the customer's own date is later. */
  moved(announced: string, effective: string): string;
  /** How the annual consumption was found, when it is not a full year of the customer's own invoices. */
  basis: { shortHistory: string; typical(consumption: string): string };
  notice(days: string): string;
  terminationRight: string;
  alternativesIntro: string;
  alternative(name: string, cost: string, saving: string | undefined, terms: string | undefined): Inline[];
  /** The text of the link to take one alternative. */
  choose: string;
  /** `0,95 kr per kWh, 12 måneders binding`. */
  terms(price: string | undefined, binding: string | undefined): string | undefined;
  binding(months: string): string;
  noBinding: string;
  seeAlternatives: string;
  switchByContact: string;
  questions: string;
  sms: {
    greeting(name: string | null): string;
    change(date: string, oldPrice: string, newPrice: string): string;
    monthly(direction: 'more' | 'less', amount: string): string;
    terminationRight: string;
    alternative(name: string | null, saving: string): string;
    seeAlternatives(url: string): string;
  };
}

/** Terms as one sentence: `0,95 kr per kWh, 12 måneders binding.` (undefined when there are none). */
export function joinTerms(price: string | undefined, binding: string | undefined): string | undefined {
  const terms = [price, binding].filter((term): term is string => term !== undefined);
  if (terms.length === 0) return undefined;
  const sentence = terms.join(', ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
