/** The invoice explanation in Norwegian Bokmål (nb-NO). */

import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'Du får fakturaen på papir i dag. Med eFaktura kommer den rett i nettbanken, og med AvtaleGiro blir den betalt automatisk på forfallsdatoen. Begge deler bestiller du i nettbanken.',
  SE: 'Du får fakturaen på papir i dag. Med e-faktura kommer den rett i nettbanken, med autogiro blir den betalt automatisk på forfallsdatoen, og du kan også betale med Swish.',
  FI: 'Du får fakturaen på papir i dag. Som e-lasku (e-faktura) kommer den rett i nettbanken, og du kan velge å få den betalt automatisk på forfallsdatoen. Du kan også betale med MobilePay.',
  DK: 'Du får fakturaen på papir i dag. Med Betalingsservice blir den betalt automatisk på forfallsdatoen, og du kan også få den digitalt i e-Boks og betale med MobilePay.',
};

export const NB: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Fakturaen din på ${amount} gjelder en periode som allerede er fakturert`
      : direction === 'higher'
        ? `Fakturaen din på ${amount} er høyere enn vanlig – her er forklaringen`
        : direction === 'lower'
          ? `Fakturaen din på ${amount} er lavere enn vanlig – her er forklaringen`
          : `Forklaring av fakturaen din på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Fakturaen din ${invoiceId} er på ${amount}, omtrent som vanlig for deg (${expected}). Her er det den består av.`
      : p`Fakturaen din ${invoiceId} er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn en vanlig faktura for deg, som er rundt ${expected}. Her er forklaringen, så du vet hva du betaler for.`,
  quote: (text) => `«${text}»`,
  summary: {
    caption: 'Fakturaen i tall',
    invoice: 'Faktura',
    period: 'Periode',
    amount: 'Beløp',
    usual: 'Vanlig for deg',
    difference: 'Forskjell',
    dueDate: 'Forfallsdato',
  },
  breakdown: {
    caption: 'Hva forskjellen består av',
    total: 'Til sammen',
    labels: { consumption: 'Forbruk', price: 'Pris', fees: 'Gebyrer' },
  },
  usually: (now, usual) => `${now}, vanligvis ${usual}`,
  per: (unitName) => `per ${unitName}`,
  duplicate: (amount, invoices, count, phone) =>
    p`${b('Ikke betal for den samme perioden to ganger.')} Hele eller deler av perioden på denne fakturaen er allerede fakturert${invoices === undefined ? '' : count === 1 ? `, på faktura ${invoices}` : `, på fakturaene ${invoices}`}.${amount === undefined ? '' : ` Det gjelder ${amount} av fakturaen.`} Vi har sagt fra til faktureringsavdelingen vår. Ring oss på ${phone} før du betaler, så sørger vi for at du bare betaler én gang.`,
  duplicateIntro: (invoiceId, amount) => p`Denne fakturaen, ${invoiceId}, er på ${amount}.`,
  original: (invoiceId, amount, direction, difference, expected) =>
    direction === 'same'
      ? p`Den første fakturaen for perioden, ${invoiceId}, er på ${amount}, omtrent som vanlig for deg (${expected}).`
      : p`Den første fakturaen for perioden, ${invoiceId}, er på ${amount}. Det er ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn vanlig for deg, som er rundt ${expected}.`,
  seasonalProfile: (likeYou) =>
    para(
      likeYou
        ? 'Vi har ennå ikke fakturaer fra samme tid i fjor å sammenligne med. Derfor er «vanlig for deg» et anslag: forbruket ditt så langt, justert for årstiden slik forbruket endrer seg for kunder som deg, våre andre kunder med samme produkt.'
        : 'Vi har ennå ikke fakturaer fra samme tid i fjor å sammenligne med. Derfor er «vanlig for deg» et anslag: forbruket ditt så langt, justert for årstiden.',
    ),
  priceRise: (unitPrice, usualPrice, announced) =>
    announced !== undefined
      ? p`Som vi fortalte deg ${announced.noticeDate}, endret prisen seg fra ${announced.effectiveDate}.${unitPrice === undefined || usualPrice === undefined ? '' : ` Du betaler nå ${unitPrice}, mot vanligvis ${usualPrice} på denne tiden av året.`}`
      : unitPrice === undefined || usualPrice === undefined
        ? para('Prisen er høyere enn det du vanligvis betaler på denne tiden av året.')
        : p`Prisen er høyere enn det du vanligvis betaler på denne tiden av året: ${b(unitPrice)} denne gangen, mot vanligvis ${usualPrice}.`,
  lastingChange: (sinceMonth) =>
    p`Forbruket ditt endret seg i ${sinceMonth}, og vi forklarte det da. Siden det har holdt seg på det nye nivået, er det nivået vi nå regner som vanlig for deg.`,
  estimated: (amount, dueDate) =>
    p`Forbruket på denne fakturaen er stipulert, fordi vi ikke hadde en måleravlesning for hele perioden.${amount === undefined ? '' : ` Stipuleringen utgjør ${amount}.`} ${b('Les av måleren og send oss avlesningen')}${dueDate === undefined ? '' : ` før ${dueDate}`}, så retter vi fakturaen etter det du faktisk har brukt.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Det er nye poster på fakturaen: ${names}${amount === undefined ? '' : ` (til sammen ${amount})`}. De har ikke vært på fakturaene dine før. Nye poster kan komme av en endring i avtalen din, en tjeneste du har bestilt eller nye avgifter. Kjenner du ikke igjen noen av dem, ta kontakt med oss, så ser vi på det.`
      : p`Det er en ny post på fakturaen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Den har ikke vært på fakturaene dine før. En ny post kan komme av en endring i avtalen din, en tjeneste du har bestilt eller en ny avgift. Kjenner du den ikke igjen, ta kontakt med oss, så ser vi på det.`,
  spread: (dueDate) =>
    p`Er det mye å betale på én gang, kan du dele opp betalingen (delbetaling). Ta kontakt med oss ${dueDate === undefined ? 'før forfallsdatoen' : `før ${dueDate}`}, så avtaler vi en plan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Stemmer dette, trenger du ikke gjøre noe. ' : '';
    return dueDate === undefined
      ? p`${fine}Lurer du på noe, er det bare å ta kontakt med oss.`
      : p`${fine}Fakturaen forfaller ${b(dueDate)}. Lurer du på noe, er det bare å ta kontakt med oss.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Fakturaen din er på ${amount}, omtrent som vanlig.`
        : `Fakturaen din er på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} enn vanlig.`,
    duplicate: (amount, invoices) =>
      `Ikke betal samme periode to ganger: ${amount === undefined ? 'fakturaen' : `${amount} av fakturaen`} gjelder en periode som allerede er fakturert${invoices === undefined ? '' : ` (${invoices})`}. Vi har sagt fra til faktureringen. Kontakt oss før du betaler.`,
    duplicateAmount: (amount) => `Fakturaen er på ${amount}.`,
    mainCause: (label, amount) => `Største årsak: ${label} (${amount}).`,
    priceAnnounced: (noticeDate) => `Prisendringen varslet vi ${noticeDate}.`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'høyere forbruk' : 'lavere forbruk';
      if (code === 'price') return more ? 'høyere pris' : 'lavere pris';
      return more ? 'høyere gebyrer' : 'lavere gebyrer';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Nye poster' : 'Ny post'} på fakturaen${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Forbruket er stipulert: send oss en måleravlesning, så retter vi fakturaen.',
    spread: (dueDate) =>
      `Vil du dele opp betalingen? Kontakt oss ${dueDate === undefined ? 'før forfall' : `før ${dueDate}`}.`,
    due: (date) => `Forfall ${date}.`,
    questions: 'Spørsmål? Kontakt oss.',
  },
};
