/** The price-change notice in British English (en-GB). */
import { b, li, p } from '../content.ts';
import { joinTerms, type PriceWords } from './words.ts';

export const EN: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Your price goes up from ${date}`
      : direction === 'down'
        ? `Your price goes down from ${date}`
        : `A change to your price from ${date}`,
  per: { energy: 'per kWh', subscription: 'per month' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`From ${date} your price changes from ${oldPrice} to ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'changed grid fees',
    tax: 'changed taxes and duties',
    'wholesale-cost': 'changed purchase costs',
    inflation: 'general price increases',
  },
  because: (phrases) => `This is because of ${phrases}.`,
  table: {
    caption: 'What the change means for you',
    priceNow: 'Price today',
    priceFrom: (date) => `New price from ${date}`,
    annualConsumption: 'Annual consumption',
    costNow: 'Cost per year today',
    costAfter: 'Cost per year at the new price',
    perMonth: 'Difference per month',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`For you that is about ${monthly} ${direction === 'more' ? 'more' : 'less'} a month, or ${after} a year instead of ${before} today${consumption === undefined ? '' : `, based on an annual consumption of ${consumption}`}.`,
  moved: (announced, effective) =>
    `The change was announced from ${announced}, but you are owed notice in good time, so for you the new price applies only from ${effective}.`,
  basis: {
    shortHistory:
      'We have not invoiced you for a whole year yet, so your annual consumption is worked out from the months we have, adjusted for the season.',
    typical: (consumption) =>
      `We have not measured your consumption yet, so these figures use a typical annual consumption of ${consumption}.`,
  },
  notice: (days) => `You are getting this notice ${days} before the change takes effect.`,
  terminationRight:
    'If you do not want the new price, you have the right to cancel your agreement free of charge before it applies.',
  alternativesIntro:
    'Would another agreement suit you better? With the same consumption, these would cost you:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} a year${saving === undefined ? '' : ` (you save ${saving} a year)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `commitment of ${months}`,
  noBinding: 'no commitment',
  choose: 'Choose this',
  seeAlternatives: 'See the alternatives',
  switchByContact: 'Get in touch if you would like to switch.',
  questions: 'If you have any questions, just get in touch.',
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    change: (date, oldPrice, newPrice) => `From ${date} your price changes from ${oldPrice} to ${newPrice}.`,
    monthly: (direction, amount) =>
      `For you that is about ${amount} ${direction === 'more' ? 'more' : 'less'} a month.`,
    terminationRight: 'If you do not want the new price, you can cancel free of charge.',
    alternative: (name, saving) =>
      name === null
        ? `Another agreement would save you about ${saving} a year.`
        : `${name} would save you about ${saving} a year.`,
    seeAlternatives: (url) => `See the alternatives: ${url}`,
  },
};
