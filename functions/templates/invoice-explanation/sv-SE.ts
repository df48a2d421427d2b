/** The invoice explanation in Swedish (sv-SE). */

import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'Du får fakturan på papper i dag. Med eFaktura kommer den direkt till din internetbank, och med AvtaleGiro betalas den automatiskt på förfallodagen. Båda ordnar du i internetbanken.',
  SE: 'Du får fakturan på papper i dag. Med e-faktura kommer den direkt till din internetbank, med autogiro betalas den automatiskt på förfallodagen, och du kan också betala med Swish.',
  FI: 'Du får fakturan på papper i dag. Som e-faktura (e-lasku) kommer den direkt till din internetbank, och du kan välja att den betalas automatiskt på förfallodagen. Du kan också betala med MobilePay.',
  DK: 'Du får fakturan på papper i dag. Med Betalingsservice betalas den automatiskt på förfallodagen, och du kan också få den digitalt i e-Boks och betala med MobilePay.',
};

export const SV: InvoiceWords = {
  subject: (direction, amount, duplicate) =>
    duplicate
      ? `Din faktura på ${amount} gäller en period som redan är fakturerad`
      : direction === 'higher'
        ? `Din faktura på ${amount} är högre än vanligt – här är förklaringen`
        : direction === 'lower'
          ? `Din faktura på ${amount} är lägre än vanligt – här är förklaringen`
          : `Förklaring av din faktura på ${amount}`,
  intro: (direction, invoiceId, amount, difference, expected) =>
    direction === 'same'
      ? p`Din faktura ${invoiceId} är på ${amount}, ungefär som vanligt för dig (${expected}). Här är vad den består av.`
      : p`Din faktura ${invoiceId} är på ${amount}. Det är ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än en vanlig faktura för dig, som brukar ligga runt ${expected}. Här är förklaringen, så att du vet vad du betalar för.`,
  quote: (text) => `”${text}”`,
  summary: {
    caption: 'Fakturan i siffror',
    invoice: 'Faktura',
    period: 'Period',
    amount: 'Belopp',
    usual: 'Vanligt för dig',
    difference: 'Skillnad',
    dueDate: 'Förfallodag',
  },
  breakdown: {
    caption: 'Vad skillnaden består av',
    total: 'Totalt',
    labels: { consumption: 'Förbrukning', price: 'Pris', fees: 'Avgifter' },
  },
  usually: (now, usual) => `${now}, vanligtvis ${usual}`,
  per: (unitName) => `per ${unitName}`,
  duplicate: (amount, invoices, count, phone) =>
    p`${b('Betala inte för samma period två gånger.')} Hela eller delar av perioden på den här fakturan har redan fakturerats${invoices === undefined ? '' : count === 1 ? `, på faktura ${invoices}` : `, på fakturorna ${invoices}`}.${amount === undefined ? '' : ` Det gäller ${amount} av fakturan.`} Vi har meddelat vår faktureringsavdelning. Ring oss på ${phone} innan du betalar, så ser vi till att du bara betalar en gång.`,
  duplicateIntro: (invoiceId, amount) => p`Den här fakturan, ${invoiceId}, är på ${amount}.`,
  original: (invoiceId, amount, direction, difference, expected) =>
    direction === 'same'
      ? p`Den första fakturan för perioden, ${invoiceId}, är på ${amount}, ungefär som vanligt för dig (${expected}).`
      : p`Den första fakturan för perioden, ${invoiceId}, är på ${amount}. Det är ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än vanligt för dig, som är runt ${expected}.`,
  seasonalProfile: (likeYou) =>
    para(
      likeYou
        ? 'Vi har ännu inga fakturor från samma tid förra året att jämföra med. Därför är ”vanligt för dig” en uppskattning: din förbrukning hittills, justerad för årstiden så som förbrukningen ändras för kunder som du, våra andra kunder med samma produkt.'
        : 'Vi har ännu inga fakturor från samma tid förra året att jämföra med. Därför är ”vanligt för dig” en uppskattning: din förbrukning hittills, justerad för årstiden.',
    ),
  priceRise: (unitPrice, usualPrice, announced) =>
    announced !== undefined
      ? p`Som vi berättade för dig den ${announced.noticeDate} ändrades priset från den ${announced.effectiveDate}.${unitPrice === undefined || usualPrice === undefined ? '' : ` Du betalar nu ${unitPrice}, mot vanligtvis ${usualPrice} den här tiden på året.`}`
      : unitPrice === undefined || usualPrice === undefined
        ? para('Priset är högre än det du brukar betala den här tiden på året.')
        : p`Priset är högre än det du brukar betala den här tiden på året: ${b(unitPrice)} den här gången, mot vanligtvis ${usualPrice}.`,
  lastingChange: (sinceMonth) =>
    p`Din förbrukning ändrades i ${sinceMonth}, och vi förklarade det då. Eftersom den har legat kvar på den nya nivån är det den nivån vi nu räknar som vanlig för dig.`,
  estimated: (amount, dueDate) =>
    p`Förbrukningen på den här fakturan är uppskattad, eftersom vi inte hade någon mätaravläsning för hela perioden.${amount === undefined ? '' : ` Uppskattningen står för ${amount}.`} ${b('Läs av mätaren och skicka oss mätarställningen')}${dueDate === undefined ? '' : ` före ${dueDate}`}, så rättar vi fakturan efter vad du faktiskt har förbrukat.`,
  newCharge: (names, count, amount) =>
    count > 1
      ? p`Det finns nya poster på fakturan: ${names}${amount === undefined ? '' : ` (totalt ${amount})`}. De har inte funnits på dina fakturor tidigare. Nya poster kan bero på en ändring i ditt avtal, en tjänst du har beställt eller nya avgifter. Känner du inte igen någon av dem är du välkommen att kontakta oss, så tittar vi på det.`
      : p`Det finns en ny post på fakturan${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}. Den har inte funnits på dina fakturor tidigare. En ny post kan bero på en ändring i ditt avtal, en tjänst du har beställt eller en ny avgift. Känner du inte igen den är du välkommen att kontakta oss, så tittar vi på det.`,
  spread: (dueDate) =>
    p`Är det mycket att betala på en gång kan du dela upp betalningen (avbetalning). Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}, så gör vi upp en plan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Stämmer det här behöver du inte göra något. ' : '';
    return dueDate === undefined
      ? p`${fine}Undrar du något är du välkommen att kontakta oss.`
      : p`${fine}Fakturan förfaller ${b(dueDate)}. Undrar du något är du välkommen att kontakta oss.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    amount: (direction, amount, difference) =>
      direction === 'same'
        ? `Din faktura är på ${amount}, ungefär som vanligt.`
        : `Din faktura är på ${amount}, ${difference} ${direction === 'higher' ? 'mer' : 'mindre'} än vanligt.`,
    duplicate: (amount, invoices) =>
      `Betala inte samma period två gånger: ${amount === undefined ? 'fakturan' : `${amount} av fakturan`} gäller en period som redan är fakturerad${invoices === undefined ? '' : ` (${invoices})`}. Vi har meddelat faktureringen. Kontakta oss innan du betalar.`,
    duplicateAmount: (amount) => `Fakturan är på ${amount}.`,
    mainCause: (label, amount) => `Största orsaken: ${label} (${amount}).`,
    priceAnnounced: (noticeDate) => `Prisändringen aviserade vi den ${noticeDate}.`,
    causeLabel: (code, direction) => {
      const more = direction === 'higher';
      if (code === 'consumption') return more ? 'högre förbrukning' : 'lägre förbrukning';
      if (code === 'price') return more ? 'högre pris' : 'lägre pris';
      return more ? 'högre avgifter' : 'lägre avgifter';
    },
    newCharge: (names, count, amount) =>
      `${count > 1 ? 'Nya poster' : 'Ny post'} på fakturan${names === undefined ? '' : `: ${names}`}${amount === undefined ? '' : ` (${amount})`}.`,
    estimated: 'Förbrukningen är uppskattad: skicka oss din mätarställning, så rättar vi fakturan.',
    spread: (dueDate) =>
      `Vill du dela upp betalningen? Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}.`,
    due: (date) => `Förfaller ${date}.`,
    questions: 'Frågor? Kontakta oss.',
  },
};
