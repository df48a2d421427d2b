/** The retention offer in Norwegian Bokmål (nb-NO). */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'strømfakturaene dine',
  broadband: 'bredbåndsfakturaene dine',
  mobile: 'mobilfakturaene dine',
  insurance: 'forsikringsfakturaene dine',
};

export const NB: OfferWords = {
  subject: (name, worth) => {
    if (name === undefined) return 'Passer avtalen din fortsatt for deg?';
    if (worth === null) return `Et tilbud til deg: ${name}`;
    return worth.per === 'year'
      ? `Et tilbud til deg: ${name} – omtrent ${worth.amount} mindre i året`
      : `Et tilbud til deg: ${name} – ${worth.amount} trekkes fra neste faktura`;
  },
  reasons: {
    'price-increase': 'Prisen din har nylig gått opp.',
    'binding-ending': 'Bindingstiden på avtalen din går snart ut.',
    'high-invoice': 'Du har nylig fått en høyere faktura enn vanlig.',
    'support-delay': 'Du har nylig måttet vente lenger enn lovet på svar fra oss.',
    detractor: 'Du har nylig fortalt oss at du ikke er fornøyd med oss.',
    'long-tenure': 'Du har vært kunde hos oss lenge, og det setter vi pris på.',
  },
  signal: {
    bindingEnding: (date) => `Bindingstiden på avtalen din går ut ${date}.`,
    priceIncrease: ({ component, oldPrice, newPrice, date }) => {
      const per = component === undefined ? '' : component === 'energy' ? ' per kWh' : ' per måned';
      return date === null
        ? `Prisen din${per} går opp fra ${oldPrice} til ${newPrice}.`
        : `Fra ${date} er prisen din${per} ${newPrice}, opp fra ${oldPrice}.`;
    },
    annualCostIncrease: ({ before, after, date }) =>
      date === null
        ? `Du betaler nå omtrent ${after} i året, opp fra ${before}.`
        : `Fra ${date} betaler du omtrent ${after} i året, opp fra ${before}.`,
    highInvoice: ({ month, amount, expected }) =>
      `Fakturaen du fikk i ${month}${amount === null ? '' : `, på ${amount},`} var høyere enn vanlig${expected === null ? '' : ` (vanligvis rundt ${expected})`}.`,
    supportDelay: (month) => `I ${month} måtte du vente lenger enn vi hadde lovet på svar i saken din.`,
    detractor: (month) => `I ${month} fortalte du oss at du ikke var fornøyd med oss. Takk for at du sa fra.`,
    tenureYears: (years) => `Du har vært kunde hos oss i ${years}.`,
    tenureSince: (since) => `Du har vært kunde hos oss siden ${since}.`,
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har et tilbud til deg: ${name}.`
      : p`${reasons} Derfor har vi et tilbud til deg: ${name}.`,
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `fastpris på ${price} ${component === 'energy' ? 'per kWh' : 'per måned'}${months === null ? ' uten bindingstid' : ` i ${months.text}`}${current === null ? '' : ` (ellers er prisen din ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent} rabatt på ${kind === undefined ? 'fakturaene dine' : KIND[kind]} i ${months.text}`,
    bonus: (amount) => `en lojalitetsbonus på ${amount}, som trekkes fra neste faktura`,
  },
  youGet: (benefit) => p`Du får ${benefit}.`,
  worth: {
    consumption: (consumption, value) =>
      p`Med forbruket ditt på rundt ${consumption} kWh i året er det omtrent ${value} mindre i året.`,
    invoiced: (invoiced, value) =>
      p`Ut fra det du har betalt de siste 12 månedene, ${invoiced}, er det omtrent ${value} mindre i løpet av et år.`,
    plain: (value) => p`Det er omtrent ${value} mindre i året for deg.`,
  },
  table: {
    caption: 'Tilbudet',
    offer: 'Avtale',
    price: 'Pris',
    discount: 'Rabatt',
    annualCost: 'Kostnad per år',
    annualSaving: 'Du sparer per år',
    binding: 'Bindingstid',
    noBinding: 'Ingen',
  },
  per: { energy: 'per kWh', subscription: 'per måned' },
  saving: (name, saving) => p`Med ${name} sparer du ${saving} i året.`,
  validUntil: (date) => `Du kan takke ja til tilbudet til og med ${date}.`,
  howToAccept:
    'Vil du ha tilbudet, trykker du på knappen under. Du bekrefter på neste side, og ingenting endres før du har gjort det.',
  accept: 'Takk ja til tilbudet',
  acceptByPhone: (phone, hours) => `Vil du ha tilbudet, kan du ringe oss på ${phone} (${hours}).`,
  noOffer: 'Vi vil gjerne at du har den avtalen som passer deg best.',
  contact: (phone, hours, web) =>
    `Vil du gå gjennom avtalen din sammen med oss, kan du ringe oss på ${phone} (${hours}) eller gå til ${web}.`,
  noChange: 'Vil du ikke ha tilbudet, trenger du ikke gjøre noe: avtalen din fortsetter som i dag.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    offer: (name) => (name === null ? 'Vi har et tilbud til deg.' : `Vi har et tilbud til deg: ${name}.`),
    worth: (worth) =>
      worth.per === 'year'
        ? `Det er omtrent ${worth.amount} mindre i året for deg.`
        : `${worth.amount} trekkes fra neste faktura.`,
    saving: (amount) => `Du sparer ${amount} i året.`,
    validUntil: (date) => `Gjelder til og med ${date}.`,
    accept: (url) => `Se og takk ja her: ${url}`,
    call: 'Ring oss hvis du vil ha det.',
    noOffer: 'Vi vil gjerne at du har avtalen som passer deg best. Ring oss, så ser vi på den sammen.',
    stop: 'Svar STOP for å melde deg av.',
    optOut: (url) => `Vil du ikke ha tilbud på SMS? ${url}`,
  },
};
