/** The shape of one kind's template, and what it is given to render one message. */
import type { z } from 'zod/mini';
import type { SenderProfile } from '#domain/config/sender-profile.ts';
import type { Market, MessageKind, Purpose } from '#domain/messaging/types.ts';
import type { Block } from './content.ts';
import type { Formatter } from './format.ts';
import type { TemplateLocale } from './locale.ts';
import type { SmsPart } from './sms.ts';

/** The customer a message is for: what the templates use of the profile. */
export interface RenderCustomer {
  customerId: string;
  name: string;
  market: Market;
  timeZone: string;
  paymentMethod: string;
  /** A business is greeted by its full name, a household customer by first name. Household if omitted. */
  segment?: 'household' | 'business';
  /**
   * Why a marketing message may go to this customer (see {@link marketingBasisOf}): `existing-customer`
   * makes the footer say so, and that they can say no, free and simply (markedsføringsloven § 15 (2),
   * marknadsföringslagen 19 § andra stycket, 917/2014 200 § 2 mom., markedsføringsloven § 10, stk. 2).
   * Consent if omitted.
   */
  marketingBasis?: MarketingBasis;
}

/** The basis of a marketing message: the customer's consent, or the existing-customer exception. */
export type MarketingBasis = 'consent' | 'existing-customer';

/**
 * The basis a marketing message goes to `customer` on: `consent` when they consented to marketing,
 * otherwise `existing-customer` when the market allows the exception
 * (`settingsForMarket(config, market).marketingConsent.existingCustomers`). When the consents are not
 * known and the exception is allowed, `existing-customer`: its footer is true of every customer and
 * tells them how to say no. Undefined for a service or survey message, and for a customer without
 * consent where the exception is not allowed (the send gate sends them no marketing).
 */
export function marketingBasisOf(
  customer: { readonly customerId: string; readonly consents?: { readonly marketing: boolean } },
  purpose: Purpose,
  existingCustomersAllowed: boolean,
): MarketingBasis | undefined {
  if (purpose !== 'marketing') return undefined;
  if (customer.consents?.marketing === true) return 'consent';
  if (existingCustomersAllowed) return 'existing-customer';
  return customer.consents === undefined ? 'consent' : undefined;
}

/** Links a message may carry. Every one is an absolute http(s) URL. */
export interface RenderLinks {
  /** One-click unsubscribe; shown in survey and marketing messages only. */
  unsubscribe?: string;
  /**
   * Survey answers: score (`"1"` … `"5"`, `"0"` … `"10"`) → one-click URL for the email; `survey` → one
   * link to the survey page for the SMS.
   */
  answers?: Record<string, string>;
  /** A page where the customer can see and accept an offer (retention offer, price-change alternatives). */
  offer?: string;
  /** A campaign's call to action, through the signed click redirect (recorded as a click). */
  action?: string;
}

/** Everything a template needs to write one message. */
export interface TemplateContext<Facts> {
  kind: MessageKind;
  locale: TemplateLocale;
  facts: Facts;
  /** Formats money (in the message's currency), numbers and dates (in the customer's time zone). */
  fmt: Formatter;
  customer: RenderCustomer;
  /** The name the email greets (first name, or a business's name); null when there is none. */
  name: string | null;
  /** The name the SMS greets: {@link name} when it is short enough for an SMS, otherwise null. */
  smsName: string | null;
  links: RenderLinks;
  /** Who the message is from and how to reach us (the footer has it all; a sentence may quote the phone). */
  sender: SenderProfile;
  /**
   * Whether the customer can reply to the SMS (the market sends from a two-way number): only then may it
   * say "reply STOP". Otherwise a survey or marketing SMS carries the opt-out link instead.
   */
  twoWaySms: boolean;
}

/** One kind's texts in one locale. */
export interface LocaleTemplate<Facts> {
  /** The email subject; also the subject recorded in the ledger for an SMS. */
  subject(ctx: TemplateContext<Facts>): string;
  /** The email body between greeting and sign-off. */
  body(ctx: TemplateContext<Facts>): Block[];
  /**
   * The SMS as sentences: short, at most one link. Optional sentences are dropped, last first, when the
   * whole would take more than three segments.
   */
  sms(ctx: TemplateContext<Facts>): SmsPart[];
}

/** The template of one kind of message: its facts schema and its texts per locale. */
export interface KindTemplate<Schema extends z.ZodMiniType> {
  kind: MessageKind;
  facts: Schema;
  texts: Readonly<Record<TemplateLocale, LocaleTemplate<z.output<Schema>>>>;
}
