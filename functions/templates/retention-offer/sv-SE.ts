/** The retention offer in Swedish (sv-SE). */
import type { PRODUCT_KINDS } from '#domain/contracts/index.ts';
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

const KIND: Readonly<Record<(typeof PRODUCT_KINDS)[number], string>> = {
  electricity: 'dina elfakturor',
  broadband: 'dina bredbandsfakturor',
  mobile: 'dina mobilfakturor',
  insurance: 'dina försäkringsfakturor',
};

export const SV: OfferWords = {
  subject: (name, worth) => {
    if (name === undefined) return 'Passar ditt avtal fortfarande dig?';
    if (worth === null) return `Ett erbjudande till dig: ${name}`;
    return worth.per === 'year'
      ? `Ett erbjudande till dig: ${name} – cirka ${worth.amount} mindre per år`
      : `Ett erbjudande till dig: ${name} – ${worth.amount} dras av på nästa faktura`;
  },
  reasons: {
    'price-increase': 'Ditt pris har nyligen höjts.',
    'binding-ending': 'Bindningstiden för ditt avtal går snart ut.',
    'high-invoice': 'Du har nyligen fått en högre faktura än vanligt.',
    'support-delay': 'Du har nyligen fått vänta längre än utlovat på svar från oss.',
    detractor: 'Du har nyligen berättat för oss att du inte är nöjd med oss.',
    'long-tenure': 'Du har varit kund hos oss länge, och det uppskattar vi.',
  },
  signal: {
    bindingEnding: (date) => `Bindningstiden för ditt avtal går ut den ${date}.`,
    priceIncrease: ({ component, oldPrice, newPrice, date }) => {
      const per = component === undefined ? '' : component === 'energy' ? ' per kWh' : ' per månad';
      return date === null
        ? `Ditt pris${per} höjs från ${oldPrice} till ${newPrice}.`
        : `Från den ${date} är ditt pris${per} ${newPrice}, upp från ${oldPrice}.`;
    },
    annualCostIncrease: ({ before, after, date }) =>
      date === null
        ? `Du betalar nu cirka ${after} per år, upp från ${before}.`
        : `Från den ${date} betalar du cirka ${after} per år, upp från ${before}.`,
    highInvoice: ({ month, amount, expected }) =>
      `Fakturan du fick i ${month}${amount === null ? '' : `, på ${amount},`} var högre än vanligt${expected === null ? '' : ` (vanligtvis runt ${expected})`}.`,
    supportDelay: (month) => `I ${month} fick du vänta längre än vi hade lovat på svar i ditt ärende.`,
    detractor: (month) => `I ${month} berättade du att du inte var nöjd med oss. Tack för att du sa det.`,
    tenureYears: (years) => `Du har varit kund hos oss i ${years}.`,
    tenureSince: (since) => `Du har varit kund hos oss sedan ${since}.`,
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har ett erbjudande till dig: ${name}.`
      : p`${reasons} Därför har vi ett erbjudande till dig: ${name}.`,
  benefit: {
    tariff: ({ component, price, months, current }) =>
      `fast pris på ${price} ${component === 'energy' ? 'per kWh' : 'per månad'}${months === null ? ' utan bindningstid' : ` i ${months.text}`}${current === null ? '' : ` (annars är ditt pris ${current})`}`,
    discount: ({ percent, kind, months }) =>
      `${percent} rabatt på ${kind === undefined ? 'dina fakturor' : KIND[kind]} i ${months.text}`,
    bonus: (amount) => `en lojalitetsbonus på ${amount}, som dras av på din nästa faktura`,
  },
  youGet: (benefit) => p`Du får ${benefit}.`,
  worth: {
    consumption: (consumption, value) =>
      p`Med din förbrukning på cirka ${consumption} kWh per år blir det ungefär ${value} mindre per år.`,
    invoiced: (invoiced, value) =>
      p`Utifrån vad du har betalat de senaste 12 månaderna, ${invoiced}, blir det ungefär ${value} mindre under ett år.`,
    plain: (value) => p`Det blir ungefär ${value} mindre per år för dig.`,
  },
  table: {
    caption: 'Erbjudandet',
    offer: 'Avtal',
    price: 'Pris',
    discount: 'Rabatt',
    annualCost: 'Kostnad per år',
    annualSaving: 'Du sparar per år',
    binding: 'Bindningstid',
    noBinding: 'Ingen',
  },
  per: { energy: 'per kWh', subscription: 'per månad' },
  saving: (name, saving) => p`Med ${name} sparar du ${saving} per år.`,
  validUntil: (date) => `Du kan tacka ja till erbjudandet till och med den ${date}.`,
  howToAccept:
    'Vill du ha erbjudandet trycker du på knappen nedan. Du bekräftar på nästa sida, och inget ändras innan du har gjort det.',
  accept: 'Tacka ja till erbjudandet',
  acceptByPhone: (phone, hours) => `Vill du ha erbjudandet kan du ringa oss på ${phone} (${hours}).`,
  noOffer: 'Vi vill gärna att du har det avtal som passar dig bäst.',
  contact: (phone, hours, web) =>
    `Vill du gå igenom ditt avtal tillsammans med oss kan du ringa oss på ${phone} (${hours}) eller gå till ${web}.`,
  noChange: 'Vill du inte ha erbjudandet behöver du inte göra något: ditt avtal fortsätter som i dag.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    offer: (name) =>
      name === null ? 'Vi har ett erbjudande till dig.' : `Vi har ett erbjudande till dig: ${name}.`,
    worth: (worth) =>
      worth.per === 'year'
        ? `Det blir cirka ${worth.amount} mindre per år för dig.`
        : `${worth.amount} dras av på nästa faktura.`,
    saving: (amount) => `Du sparar ${amount} per år.`,
    validUntil: (date) => `Gäller till och med den ${date}.`,
    accept: (url) => `Se och tacka ja här: ${url}`,
    call: 'Ring oss om du vill ha det.',
    noOffer:
      'Vi vill gärna att du har det avtal som passar dig bäst. Ring oss så går vi igenom det tillsammans.',
    stop: 'Svara STOP för att avregistrera dig.',
    optOut: (url) => `Vill du inte få erbjudanden per sms? ${url}`,
  },
};
