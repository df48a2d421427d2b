/** The retention offer in Danish (da-DK), addressed as "du". */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'dine elregninger',
  broadband: 'dine bredbåndsregninger',
  mobile: 'dine mobilregninger',
  insurance: 'dine forsikringsregninger',
};

export const DA: OfferWords = {
  subject: (name, worth) => {
    if (name === undefined) return 'Passer din aftale dig stadig?';
    if (worth === null) return `Et tilbud til dig: ${name}`;
    return worth.per === 'year'
      ? `Et tilbud til dig: ${name} – cirka ${worth.amount} mindre om året`
      : `Et tilbud til dig: ${name} – ${worth.amount} trækkes fra din næste regning`;
  },
  reasons: {
    'price-increase': 'Din pris er steget for nylig.',
    'binding-ending': 'Bindingsperioden på din aftale udløber snart.',
    'high-invoice': 'Du har for nylig fået en højere regning end normalt.',
    'support-delay': 'Du har for nylig måttet vente længere end lovet på svar fra os.',
    detractor: 'Du har for nylig fortalt os, at du ikke er tilfreds med os.',
    'long-tenure': 'Du har været kunde hos os længe, og det sætter vi pris på.',
  },
  signal: {
    bindingEnding: (date) => `Bindingsperioden på din aftale udløber den ${date}.`,
    priceIncrease: ({ component, oldPrice, newPrice, date }) => {
      const per = component === undefined ? '' : component === 'energy' ? ' pr. kWh' : ' pr. måned';
      return date === null
        ? `Din pris${per} stiger fra ${oldPrice} til ${newPrice}.`
        : `Fra den ${date} er din pris${per} ${newPrice}, op fra ${oldPrice}.`;
    },
    annualCostIncrease: ({ before, after, date }) =>
      date === null
        ? `Du betaler nu cirka ${after} om året, op fra ${before}.`
        : `Fra den ${date} betaler du cirka ${after} om året, op fra ${before}.`,
    highInvoice: ({ month, amount, expected }) =>
      `${amount === null ? 'Regningen' : `Regningen på ${amount}`}, som du fik i ${month}, var højere end normalt${expected === null ? '' : ` (normalt omkring ${expected})`}.`,
    supportDelay: (month) => `I ${month} måtte du vente længere end lovet på svar i din sag.`,
    detractor: (month) =>
      `I ${month} fortalte du os, at du ikke var tilfreds med os. Tak, fordi du sagde det.`,
    tenureYears: (years) => `Du har været kunde hos os i ${years}.`,
    tenureSince: (since) => `Du har været kunde hos os siden ${since}.`,
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har et tilbud til dig: ${name}.`
      : p`${reasons} Derfor har vi et tilbud til dig: ${name}.`,
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `en fast pris på ${price} ${component === 'energy' ? 'pr. kWh' : 'pr. måned'}${months === null ? ' uden binding' : ` i ${months.text}`}${current === null ? '' : ` (ellers er din pris ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent} rabat på ${kind === undefined ? 'dine regninger' : KIND[kind]} i ${months.text}`,
    bonus: (amount) => `en loyalitetsbonus på ${amount}, som trækkes fra din næste regning`,
  },
  youGet: (benefit) => p`Du får ${benefit}.`,
  worth: {
    consumption: (consumption, value) =>
      p`Med dit forbrug på omkring ${consumption} kWh om året er det cirka ${value} mindre om året.`,
    invoiced: (invoiced, value) =>
      p`Ud fra det, du har betalt de seneste 12 måneder, ${invoiced}, er det cirka ${value} mindre på et år.`,
    plain: (value) => p`Det er cirka ${value} mindre om året for dig.`,
  },
  table: {
    caption: 'Tilbuddet',
    offer: 'Aftale',
    price: 'Pris',
    discount: 'Rabat',
    annualCost: 'Udgift om året',
    annualSaving: 'Du sparer om året',
    binding: 'Binding',
    noBinding: 'Ingen',
  },
  per: { energy: 'pr. kWh', subscription: 'pr. måned' },
  saving: (name, saving) => p`Med ${name} sparer du ${saving} om året.`,
  validUntil: (date) => `Du kan sige ja til tilbuddet til og med den ${date}.`,
  howToAccept:
    'Vil du have tilbuddet, trykker du på knappen herunder. Du bekræfter på næste side, og intet ændres, før du har gjort det.',
  accept: 'Sig ja til tilbuddet',
  acceptByPhone: (phone, hours) => `Vil du have tilbuddet, kan du ringe til os på ${phone} (${hours}).`,
  noOffer: 'Vi vil gerne have, at du har den aftale, der passer dig bedst.',
  contact: (phone, hours, web) =>
    `Vil du gennemgå din aftale sammen med os, kan du ringe til os på ${phone} (${hours}) eller gå ind på ${web}.`,
  noChange: 'Vil du ikke have tilbuddet, skal du ikke gøre noget: din aftale fortsætter som i dag.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    offer: (name) => (name === null ? 'Vi har et tilbud til dig.' : `Vi har et tilbud til dig: ${name}.`),
    worth: (worth) =>
      worth.per === 'year'
        ? `Det er cirka ${worth.amount} mindre om året for dig.`
        : `${worth.amount} trækkes fra din næste regning.`,
    saving: (amount) => `Du sparer ${amount} om året.`,
    validUntil: (date) => `Gælder til og med den ${date}.`,
    accept: (url) => `Se og sig ja her: ${url}`,
    call: 'Ring til os, hvis du vil have det.',
    noOffer:
      'Vi vil gerne have, at du har den aftale, der passer dig bedst. Ring til os, så gennemgår vi den sammen.',
    stop: 'Svar STOP for at afmelde tilbud på sms.',
    optOut: (url) => `Vil du ikke have tilbud på sms? ${url}`,
  },
};
