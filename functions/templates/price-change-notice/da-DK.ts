/** The price-change notice in Danish (da-DK), addressed as "du". */
import { b, li, p } from '../content.ts';
import { joinTerms, type PriceWords } from './words.ts';

export const DA: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Din pris stiger fra den ${date}`
      : direction === 'down'
        ? `Din pris falder fra den ${date}`
        : `Ændring af din pris fra den ${date}`,
  per: { energy: 'pr. kWh', subscription: 'pr. måned' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Fra den ${date} ændres din pris fra ${oldPrice} til ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'ændrede nettariffer',
    tax: 'ændrede skatter og afgifter',
    'wholesale-cost': 'ændrede indkøbsomkostninger',
    inflation: 'generelle prisstigninger',
  },
  because: (phrases) => `Det skyldes ${phrases}.`,
  table: {
    caption: 'Hvad ændringen betyder for dig',
    priceNow: 'Pris i dag',
    priceFrom: (date) => `Ny pris fra den ${date}`,
    annualConsumption: 'Årsforbrug',
    costNow: 'Udgift om året i dag',
    costAfter: 'Udgift om året med den nye pris',
    perMonth: 'Forskel om måneden',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`For dig er det omkring ${monthly} ${direction === 'more' ? 'mere' : 'mindre'} om måneden, eller ${after} om året i stedet for ${before} i dag${consumption === undefined ? '' : `, regnet ud fra et årsforbrug på ${consumption}`}.`,
  moved: (announced, effective) =>
    `Ændringen blev varslet fra den ${announced}, men du har krav på at få besked i god tid, så for dig gælder den nye pris først fra den ${effective}.`,
  basis: {
    shortHistory:
      'Vi har endnu ikke sendt dig regninger for et helt år, så dit årsforbrug er regnet ud fra de måneder, vi har, justeret for årstiden.',
    typical: (consumption) =>
      `Vi har endnu ikke målt dit forbrug, så tallene bygger på et typisk årsforbrug på ${consumption}.`,
  },
  notice: (days) => `Du får denne besked ${days}, før ændringen træder i kraft.`,
  terminationRight:
    'Vil du ikke have den nye pris, har du ret til at opsige din aftale uden omkostninger, inden den træder i kraft.',
  alternativesIntro: 'Passer en anden aftale dig bedre? Med det samme forbrug ville disse koste dig:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} om året${saving === undefined ? '' : ` (du sparer ${saving} om året)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `binding i ${months}`,
  noBinding: 'ingen binding',
  choose: 'Vælg denne',
  seeAlternatives: 'Se alternativerne',
  switchByContact: 'Kontakt os, hvis du vil skifte.',
  questions: 'Har du spørgsmål, er du velkommen til at kontakte os.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    change: (date, oldPrice, newPrice) => `Fra den ${date} ændres din pris fra ${oldPrice} til ${newPrice}.`,
    monthly: (direction, amount) =>
      `For dig er det ca. ${amount} ${direction === 'more' ? 'mere' : 'mindre'} om måneden.`,
    terminationRight: 'Vil du ikke have den nye pris, kan du opsige aftalen uden omkostninger.',
    alternative: (name, saving) =>
      name === null
        ? `Med en anden aftale sparer du ca. ${saving} om året.`
        : `Med ${name} sparer du ca. ${saving} om året.`,
    seeAlternatives: (url) => `Se alternativerne: ${url}`,
  },
};
