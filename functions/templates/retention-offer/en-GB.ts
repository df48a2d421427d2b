/** The retention offer in British English (en-GB). */
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

export const EN: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Does your agreement still suit you?' : `An offer for you: ${name}`,
  reasons: {
    'price-increase': 'Your price went up recently.',
    'binding-ending': 'The commitment period of your agreement ends soon.',
    'high-invoice': 'You recently had a higher invoice than usual.',
    'support-delay': 'You recently had to wait longer than promised for a reply from us.',
    'long-tenure': 'You have been with us for a long time, and we appreciate it.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`We have an offer for you: ${name}.`
      : p`${reasons} That is why we have an offer for you: ${name}.`,
  noOffer:
    'We would like you to have the agreement that suits you best. Get in touch, and we will go through your agreement together.',
  table: {
    caption: 'The offer',
    offer: 'Agreement',
    price: 'Price',
    discount: 'Discount',
    annualCost: 'Cost per year',
    annualSaving: 'You save per year',
    binding: 'Commitment',
    noBinding: 'None',
  },
  per: { energy: 'per kWh', subscription: 'per month' },
  saving: (name, saving) => p`With ${name} you save ${saving} a year.`,
  seeOffer: 'See the offer',
  acceptByContact: 'Get in touch if you would like the offer.',
  validUntil: (date) => `The offer is valid until ${date}.`,
  noChange:
    'If you do not want the offer, there is nothing you need to do – your agreement continues as before.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    offer: (name) => (name === null ? 'We have an offer for you.' : `We have an offer for you: ${name}.`),
    saving: (amount) => `You save ${amount} a year.`,
    validUntil: (date) => `Valid until ${date}.`,
    see: (url) => `See the offer: ${url}`,
    contact: 'Get in touch if you would like it.',
    noOffer:
      'We would like you to have the agreement that suits you best. Get in touch and we will go through it together.',
    stop: 'Reply STOP to opt out.',
    optOut: (url) => `No more offers by text: ${url}`,
  },
};
