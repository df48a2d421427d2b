/** The retention offer in British English (en-GB). */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'your electricity invoices',
  broadband: 'your broadband invoices',
  mobile: 'your mobile invoices',
  insurance: 'your insurance invoices',
};

export const EN: OfferWords = {
  subject: (name, worth) => {
    if (name === undefined) return 'Does your agreement still suit you?';
    if (worth === null) return `An offer for you: ${name}`;
    return worth.per === 'year'
      ? `An offer for you: ${name} – about ${worth.amount} less a year`
      : `An offer for you: ${name} – ${worth.amount} off your next invoice`;
  },
  reasons: {
    'price-increase': 'Your price went up recently.',
    'binding-ending': 'The commitment period of your agreement ends soon.',
    'high-invoice': 'You recently had a higher invoice than usual.',
    'support-delay': 'You recently had to wait longer than we promised for a reply from us.',
    detractor: 'You recently told us that you were not happy with us.',
    'long-tenure': 'You have been with us for a long time, and we appreciate it.',
  },
  signal: {
    bindingEnding: (date) => `The commitment period of your agreement ends on ${date}.`,
    priceIncrease: ({ component, oldPrice, newPrice, date }) => {
      const per = component === undefined ? '' : component === 'energy' ? ' per kWh' : ' per month';
      return date === null
        ? `Your price${per} is going up from ${oldPrice} to ${newPrice}.`
        : `From ${date}, your price${per} is ${newPrice}, up from ${oldPrice}.`;
    },
    annualCostIncrease: ({ before, after, date }) =>
      date === null
        ? `You now pay about ${after} a year, up from ${before}.`
        : `From ${date}, you pay about ${after} a year, up from ${before}.`,
    highInvoice: ({ month, amount, expected }) =>
      `The invoice you got in ${month}${amount === null ? '' : `, of ${amount},`} was higher than usual${expected === null ? '' : ` (usually about ${expected})`}.`,
    supportDelay: (month) => `In ${month}, you waited longer than we promised for an answer to your case.`,
    detractor: (month) =>
      `In ${month}, you told us that you were not happy with us. Thank you for telling us.`,
    tenureYears: (years) => `You have been with us for ${years}.`,
    tenureSince: (since) => `You have been with us since ${since}.`,
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`We have an offer for you: ${name}.`
      : p`${reasons} That is why we have an offer for you: ${name}.`,
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `a fixed price of ${price} ${component === 'energy' ? 'per kWh' : 'a month'}${months === null ? ' with no commitment' : ` for ${months.text}`}${current === null ? '' : ` (otherwise your price is ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent} off ${kind === undefined ? 'your invoices' : KIND[kind]} for ${months.text}`,
    bonus: (amount) => `a loyalty bonus of ${amount}, deducted from your next invoice`,
  },
  youGet: (benefit) => p`You get ${benefit}.`,
  worth: {
    consumption: (consumption, value) =>
      p`With your consumption of about ${consumption} kWh a year, that is about ${value} less a year.`,
    invoiced: (invoiced, value) =>
      p`Based on what you paid the last 12 months, ${invoiced}, that is about ${value} less over a year.`,
    plain: (value) => p`That is about ${value} less a year for you.`,
  },
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
  validUntil: (date) => `You can accept the offer until ${date}.`,
  howToAccept:
    'To accept, use the button below. You confirm on the next page, and nothing changes until you do.',
  accept: 'Accept the offer',
  acceptByPhone: (phone, hours) => `If you would like the offer, call us on ${phone} (${hours}).`,
  noOffer: 'We would like you to have the agreement that suits you best.',
  contact: (phone, hours, web) =>
    `If you want to go through your agreement with us, call us on ${phone} (${hours}) or go to ${web}.`,
  noChange: 'If you do not want it, do nothing: your agreement stays as it is.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    offer: (name) => (name === null ? 'We have an offer for you.' : `We have an offer for you: ${name}.`),
    worth: (worth) =>
      worth.per === 'year'
        ? `That is about ${worth.amount} less a year for you.`
        : `${worth.amount} off your next invoice.`,
    saving: (amount) => `You save ${amount} a year.`,
    validUntil: (date) => `Valid until ${date}.`,
    accept: (url) => `See and accept it: ${url}`,
    call: 'Call us if you would like it.',
    noOffer:
      'We would like you to have the agreement that suits you best. Call us and we will go through it together.',
    stop: 'Reply STOP to opt out.',
    optOut: (url) => `No more offers by text: ${url}`,
  },
};
