/** The invoice explanation in Danish (da-DK), addressed as "du"; an invoice is the customer's "regning". */
import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'Du får i dag din regning på papir. Med eFaktura kommer den direkte i din netbank, og med AvtaleGiro bliver den betalt automatisk på forfaldsdatoen. Begge dele tilmelder du i din netbank.',
  SE: 'Du får i dag din regning på papir. Med e-faktura kommer den direkte i din netbank, med autogiro bliver den betalt automatisk på forfaldsdatoen, og du kan også betale med Swish.',
  FI: 'Du får i dag din regning på papir. Som e-faktura (e-lasku) kommer den direkte i din netbank, og du kan vælge at få den betalt automatisk på forfaldsdatoen. Du kan også betale med MobilePay.',
  DK: 'Du får i dag din regning på papir. Med Betalingsservice bliver den betalt automatisk på forfaldsdatoen – du tilmelder dig i din netbank. Du kan også få regningen digitalt i e-Boks, hvor du måske allerede får din Digital Post, og betale den med MobilePay.',
};

export const DA: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Din regning på ${amount} dækker en periode, der allerede er faktureret`
      : direction === 'higher'
        ? `Din regning på ${amount} er højere end normalt – her er forklaringen`
        : direction === 'lower'
          ? `Din regning på ${amount} er lavere end normalt – her er forklaringen`
          : `Din regning på ${amount} forklaret`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Din regning ${invoiceId} er på ${amount}, omtrent som den plejer (${expected}). Her kan du se, hvad den består af.`
      : p`Din regning ${invoiceId} er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mere' : 'mindre'} end en normal regning for dig, som plejer at ligge omkring ${expected}. Her er forklaringen, så du ved, hvad du betaler for.`,
  quote: (text) => `»${text}«`,
  summary: {
    caption: 'Din regning i tal',
    invoice: 'Regning',
    period: 'Periode',
    amount: 'Beløb',
    usual: 'Normalt for dig',
    difference: 'Forskel',
    dueDate: 'Forfaldsdato',
  },
  breakdown: {
    caption: 'Hvad forskellen består af',
    total: 'I alt',
    labels: { consumption: 'Forbrug', price: 'Pris', fees: 'Gebyrer' },
  },
  usually: (now, usual) => `${now}, normalt ${usual}`,
  per: (unitName) => `pr. ${unitName}`,
  duplicate: (amount, invoices, count, phone) =>
    p`${b('Betal ikke for den samme periode to gange.')} Hele eller en del af perioden på denne regning er allerede faktureret${invoices === undefined ? '' : count === 1 ? `, på regning ${invoices}` : `, på regningerne ${invoices}`}.${amount === undefined ? '' : ` Det drejer sig om ${amount} af regningen.`} Vi har givet besked til vores fakturering. Ring til os på ${phone}, før du betaler, så sørger vi for, at du kun betaler én gang.`,
  duplicateIntro: (invoiceId, amount) => p`Denne regning, ${invoiceId}, er på ${amount}.`,
  original: (invoiceId, amount, direction, difference, expected) =>
    direction === 'same'
      ? p`Den første regning for perioden, ${invoiceId}, er på ${amount}, omtrent som den plejer (${expected}).`
      : p`Den første regning for perioden, ${invoiceId}, er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mere' : 'mindre'} end normalt for dig, som er omkring ${expected}.`,
  seasonalProfile: (likeYou) =>
    para(
      likeYou
        ? 'Vi har endnu ingen regninger fra samme tid sidste år at sammenligne med. Derfor er »normalt for dig« et skøn: dit forbrug indtil nu, justeret for årstiden, sådan som forbruget ændrer sig for kunder som dig – vores andre kunder med det samme produkt.'
        : 'Vi har endnu ingen regninger fra samme tid sidste år at sammenligne med. Derfor er »normalt for dig« et skøn: dit forbrug indtil nu, justeret for årstiden.',
    ),
  priceRise: (unitPrice, usualPrice, announced) =>
    announced !== undefined
      ? p`Som vi fortalte dig den ${announced.noticeDate}, ændrede prisen sig fra den ${announced.effectiveDate}.${unitPrice === undefined || usualPrice === undefined ? '' : ` Du betaler nu ${unitPrice} mod normalt ${usualPrice} på denne tid af året.`}`
      : unitPrice === undefined || usualPrice === undefined
        ? para('Prisen er højere, end du plejer at betale på denne tid af året.')
        : p`Prisen er højere, end du plejer at betale på denne tid af året: ${b(unitPrice)} denne gang mod normalt ${usualPrice}.`,
  lastingChange: (sinceMonth) =>
    p`Dit forbrug ændrede sig i ${sinceMonth}, og det forklarede vi dengang. Da det er blevet på det nye niveau, er det nu det niveau, vi regner som normalt for dig.`,
  estimated: (amount, dueDate) =>
    p`Forbruget på denne regning er skønnet, fordi vi ikke havde en måleraflæsning for hele perioden.${amount === undefined ? '' : ` Skønnet udgør ${amount}.`} ${b('Aflæs din måler, og send os aflæsningen')}${dueDate === undefined ? '' : ` inden den ${dueDate}`}, så retter vi regningen til det, du faktisk har brugt.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Der er nye poster på regningen: ${names}${amount === undefined ? '' : ` (i alt ${amount})`}. De har ikke været på dine regninger før. Nye poster kan skyldes en ændring i din aftale, en ydelse, du har bestilt, eller nye gebyrer. Kan du ikke genkende en af dem, så kontakt os, så ser vi på det.`
      : p`Der er en ny post på regningen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Den har ikke været på dine regninger før. En ny post kan skyldes en ændring i din aftale, en ydelse, du har bestilt, eller et nyt gebyr. Kan du ikke genkende den, så kontakt os, så ser vi på det.`,
  spread: (dueDate) =>
    p`Er det meget at betale på én gang, kan du dele betalingen op i rater. Kontakt os ${dueDate === undefined ? 'inden forfaldsdatoen' : `inden den ${dueDate}`}, så aftaler vi en plan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Ser det rigtigt ud, behøver du ikke gøre noget. ' : '';
    return dueDate === undefined
      ? p`${fine}Har du spørgsmål, er du velkommen til at kontakte os.`
      : p`${fine}Regningen forfalder den ${b(dueDate)}. Har du spørgsmål, er du velkommen til at kontakte os.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Din regning er på ${amount}, omtrent som normalt.`
        : `Din regning er på ${amount}, ${difference} ${direction === 'higher' ? 'mere' : 'mindre'} end normalt.`,
    duplicate: (amount, invoices) =>
      `Betal ikke den samme periode to gange: ${amount === undefined ? 'regningen dækker' : `${amount} af regningen dækker`} en periode, der allerede er faktureret${invoices === undefined ? '' : ` (${invoices})`}. Vi har givet faktureringen besked. Kontakt os, før du betaler.`,
    duplicateAmount: (amount) => `Regningen er på ${amount}.`,
    mainCause: (label, amount) => `Største årsag: ${label} (${amount}).`,
    priceAnnounced: (noticeDate) => `Prisændringen varslede vi den ${noticeDate}.`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'højere forbrug' : 'lavere forbrug';
      if (code === 'price') return more ? 'højere pris' : 'lavere pris';
      return more ? 'højere gebyrer' : 'lavere gebyrer';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Nye poster' : 'Ny post'} på regningen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Forbruget er skønnet: send os en måleraflæsning, så retter vi regningen.',
    spread: (dueDate) =>
      `Vil du dele betalingen op? Kontakt os ${dueDate === undefined ? 'inden forfaldsdatoen' : `inden den ${dueDate}`}.`,
    due: (date) => `Forfalder den ${date}.`,
    questions: 'Spørgsmål? Kontakt os.',
  },
};
