/**
 * The legal basis of marketing by e-mail and SMS in each market, and the exception for existing customers
 * ("soft opt-in") where the law has one. Every market requires the customer's prior consent; each also
 * lets a trader market its own similar products to a customer whose address it got in a sale, as long as
 * the customer was told they can object, free and simply, when the address was collected and in every
 * message. stille uses the exception only where a market's configuration turns it on
 * (`markets.<M>.marketingConsent.existingCustomers`, off by default; docs/contact-policy.md).
 */
import type { Market } from '../contracts/common.ts';

/** What the law of one market says about marketing by e-mail and SMS to a consumer. */
export interface MarketingConsentBasis {
  /** The act and section requiring prior consent. */
  readonly consent: string;
  /** The act and section of the existing-customer exception, and what it requires. */
  readonly existingCustomers: { readonly law: string; readonly conditions: string };
}

/** The consent basis of each market. */
export const MARKETING_CONSENT_BASES: Readonly<Record<Market, MarketingConsentBasis>> = {
  NO: {
    consent: 'NO markedsføringsloven § 15 (1): prior consent for marketing by e-mail and SMS',
    existingCustomers: {
      law: 'NO markedsføringsloven § 15 (2)',
      conditions:
        'an existing customer relationship, electronic address got in a sale, own similar products; a free, simple right to object when it was collected and in every message',
    },
  },
  SE: {
    consent: 'SE marknadsföringslagen (2008:486) 19 § första stycket: prior consent for e-mail and SMS',
    existingCustomers: {
      law: 'SE marknadsföringslagen (2008:486) 19 § andra stycket',
      conditions:
        'address got in a sale, own similar products; the customer told of the right to object, free and simply, when it was collected and in every message',
    },
  },
  FI: {
    consent:
      'FI laki sähköisen viestinnän palveluista (917/2014) 200 § 1 mom.: prior consent for direct marketing by e-mail, SMS and the like to a natural person',
    existingCustomers: {
      law: 'FI laki sähköisen viestinnän palveluista (917/2014) 200 § 2 mom.',
      conditions:
        'address got from the customer in a sale, own products of the same group or similar products and services; the customer may forbid it easily and free of charge when the address is collected and with every message',
    },
  },
  DK: {
    consent:
      'DK markedsføringsloven § 10, stk. 1: no direct marketing by electronic mail (e-mail, SMS) without a prior request',
    existingCustomers: {
      law: 'DK markedsføringsloven § 10, stk. 2',
      conditions:
        'electronic contact details got from the customer in a sale, own similar products or services; a clear and plain chance to decline, free and simply, when they were given and in every later message',
    },
  },
};
