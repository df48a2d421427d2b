/** The invoice explanation in British English (en-GB). */

import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'You currently get your invoice on paper. With eFaktura it arrives straight in your online bank, and with AvtaleGiro it is paid automatically on the due date. You can set up both in your online bank.',
  SE: 'You currently get your invoice on paper. With e-faktura it arrives straight in your online bank, with autogiro it is paid automatically on the due date, and you can also pay with Swish.',
  FI: 'You currently get your invoice on paper. As an e-invoice (e-lasku) it arrives straight in your online bank, and you can have it paid automatically on the due date, as direct payment (suoramaksu) used to do. You can set it up in your online bank, and you can also pay with MobilePay.',
  DK: 'You currently get your invoice on paper. With Betalingsservice it is paid automatically on the due date, and you can also get it digitally in e-Boks, where your Digital Post may already arrive, and pay it with MobilePay.',
};

export const EN: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Your invoice of ${amount} covers a period that was already invoiced`
      : direction === 'higher'
        ? `Your invoice of ${amount} is higher than usual – here is why`
        : direction === 'lower'
          ? `Your invoice of ${amount} is lower than usual – here is why`
          : `Your invoice of ${amount}, explained`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Your invoice ${invoiceId} is ${amount}, about the same as usual for you (${expected}). Here is what it is made of.`
      : p`Your invoice ${invoiceId} is ${amount}. That is ${difference} ${direction === 'higher' ? 'more' : 'less'} than a usual invoice for you, which is around ${expected}. Here is why, so you know what you are paying for.`,
  quote: (text) => `‘${text}’`,
  summary: {
    caption: 'Your invoice in numbers',
    invoice: 'Invoice',
    period: 'Period',
    amount: 'Amount',
    usual: 'Usual for you',
    difference: 'Difference',
    dueDate: 'Due date',
  },
  breakdown: {
    caption: 'What makes up the difference',
    total: 'Total',
    labels: { consumption: 'Consumption', price: 'Price', fees: 'Fees' },
  },
  usually: (now, usual) => `${now}, usually ${usual}`,
  per: (unitName) => `per ${unitName}`,
  duplicate: (amount, invoices, count, phone) =>
    p`${b('Please do not pay for the same period twice.')} All or part of the period on this invoice has already been invoiced${invoices === undefined ? '' : count === 1 ? `, on invoice ${invoices}` : `, on invoices ${invoices}`}.${amount === undefined ? '' : ` That is ${amount} of this invoice.`} We have told our billing team. Please call us on ${phone} before you pay, and we will make sure you only pay once.`,
  duplicateIntro: (invoiceId, amount) => p`This invoice, ${invoiceId}, is ${amount}.`,
  original: (invoiceId, amount, direction, difference, expected) =>
    direction === 'same'
      ? p`The first invoice for the period, ${invoiceId}, is ${amount}, about the same as usual for you (${expected}).`
      : p`The first invoice for the period, ${invoiceId}, is ${amount}. That is ${difference} ${direction === 'higher' ? 'more' : 'less'} than usual for you, which is around ${expected}.`,
  seasonalProfile: (likeYou) =>
    para(
      likeYou
        ? 'We do not yet have invoices from the same time last year to compare with. So ‘usual for you’ is an estimate: your consumption so far, adjusted for the season the way it changes for customers like you, our other customers with the same product.'
        : 'We do not yet have invoices from the same time last year to compare with. So ‘usual for you’ is an estimate: your consumption so far, adjusted for the season.',
    ),
  priceRise: (unitPrice, usualPrice, announced) =>
    announced !== undefined
      ? p`As we told you on ${announced.noticeDate}, the price changed from ${announced.effectiveDate}.${unitPrice === undefined || usualPrice === undefined ? '' : ` You now pay ${unitPrice}, against the ${usualPrice} you usually pay at this time of year.`}`
      : unitPrice === undefined || usualPrice === undefined
        ? para('The price is higher than you usually pay at this time of year.')
        : p`The price is higher than you usually pay at this time of year: ${b(unitPrice)} this time, against the usual ${usualPrice}.`,
  lastingChange: (sinceMonth) =>
    p`Your consumption changed in ${sinceMonth}, and we explained it then. As it has stayed at that new level, that level is what we now count as usual for you.`,
  estimated: (amount, dueDate) =>
    p`The consumption on this invoice is estimated, because we did not have a meter reading for the whole period.${amount === undefined ? '' : ` The estimate accounts for ${amount}.`} ${b('Please read your meter and send us the reading')}${dueDate === undefined ? '' : ` before ${dueDate}`}, and we will correct the invoice to what you actually used.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`There are new items on the invoice: ${names}${amount === undefined ? '' : ` (${amount} in total)`}. They have not been on your invoices before. New items can come from a change to your agreement, a service you ordered or new fees. If you do not recognise one of them, please contact us and we will look into it.`
      : p`There is a new item on the invoice${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. It has not been on your invoices before. A new item can come from a change to your agreement, a service you ordered or a new fee. If you do not recognise it, please contact us and we will look into it.`,
  spread: (dueDate) =>
    p`If that is a lot to pay at once, you can spread the payment in instalments. Contact us ${dueDate === undefined ? 'before the due date' : `before ${dueDate}`} and we will agree a plan with you.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'If this looks right, there is nothing you need to do. ' : '';
    return dueDate === undefined
      ? p`${fine}If you have any questions, just get in touch.`
      : p`${fine}The invoice is due on ${b(dueDate)}. If you have any questions, just get in touch.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    greeting: (name) => (name === null ? 'Hello!' : `Hi ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Your invoice is ${amount}, about the same as usual.`
        : `Your invoice is ${amount}, ${difference} ${direction === 'higher' ? 'more' : 'less'} than usual.`,
    duplicate: (amount, invoices) =>
      `Please do not pay for the same period twice: ${amount === undefined ? 'this invoice covers' : `${amount} of this invoice covers`} a period already invoiced${invoices === undefined ? '' : ` (${invoices})`}. We have told our billing team. Contact us before you pay.`,
    duplicateAmount: (amount) => `The invoice is ${amount}.`,
    mainCause: (label, amount) => `Main reason: ${label} (${amount}).`,
    priceAnnounced: (noticeDate) => `We told you about the price change on ${noticeDate}.`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'higher consumption' : 'lower consumption';
      if (code === 'price') return more ? 'higher price' : 'lower price';
      return more ? 'higher fees' : 'lower fees';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'New items' : 'New item'} on the invoice${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'The consumption is estimated: send us a meter reading and we will correct the invoice.',
    spread: (dueDate) =>
      `Want to spread the payment? Contact us ${dueDate === undefined ? 'before the due date' : `before ${dueDate}`}.`,
    due: (date) => `Due ${date}.`,
    questions: 'Questions? Contact us.',
  },
};
