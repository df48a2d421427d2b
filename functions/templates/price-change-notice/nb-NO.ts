/** The price-change notice in Norwegian Bokmål (nb-NO). */
import { b, li, p } from '../content.ts';
import { joinTerms, type PriceWords } from './words.ts';

export const NB: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Prisen din øker fra ${date}`
      : direction === 'down'
        ? `Prisen din går ned fra ${date}`
        : `Endring i prisen din fra ${date}`,
  per: { energy: 'per kWh', subscription: 'per måned' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Fra ${date} endres prisen din fra ${oldPrice} til ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'endret nettleie',
    tax: 'endrede skatter og avgifter',
    'wholesale-cost': 'endrede innkjøpskostnader',
    inflation: 'generell prisstigning',
  },
  because: (phrases) => `Det skyldes ${phrases}.`,
  table: {
    caption: 'Hva endringen betyr for deg',
    priceNow: 'Pris i dag',
    priceFrom: (date) => `Ny pris fra ${date}`,
    annualConsumption: 'Årsforbruk',
    costNow: 'Kostnad per år i dag',
    costAfter: 'Kostnad per år med ny pris',
    perMonth: 'Forskjell per måned',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`For deg betyr det omtrent ${monthly} ${direction === 'more' ? 'mer' : 'mindre'} i måneden, eller ${after} i året mot ${before} i dag${consumption === undefined ? '' : `, regnet med et årsforbruk på ${consumption}`}.`,
  moved: (announced, effective) =>
    `Endringen ble kunngjort fra ${announced}, men du skal ha varsel i god tid, så for deg gjelder den nye prisen først fra ${effective}.`,
  basis: {
    shortHistory:
      'Vi har ikke fakturert deg et helt år ennå, så årsforbruket er regnet ut fra månedene vi har, justert for årstiden.',
    typical: (consumption) =>
      `Vi har ikke målt forbruket ditt ennå, så tallene bygger på et typisk årsforbruk på ${consumption}.`,
  },
  notice: (days) => `Du får dette varselet ${days} før endringen gjelder.`,
  terminationRight:
    'Vil du ikke ha den nye prisen, har du rett til å si opp avtalen kostnadsfritt før den trer i kraft.',
  alternativesIntro: 'Vil du heller ha en annen avtale? Med samme forbruk ville disse kostet deg:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} i året${saving === undefined ? '' : ` (du sparer ${saving} i året)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `bindingstid ${months}`,
  noBinding: 'ingen bindingstid',
  choose: 'Velg denne',
  seeAlternatives: 'Se alternativene',
  switchByContact: 'Ta kontakt med oss hvis du vil bytte.',
  questions: 'Har du spørsmål, er det bare å ta kontakt med oss.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    change: (date, oldPrice, newPrice) => `Fra ${date} går prisen din fra ${oldPrice} til ${newPrice}.`,
    monthly: (direction, amount) =>
      `For deg er det ca. ${amount} ${direction === 'more' ? 'mer' : 'mindre'} i måneden.`,
    terminationRight: 'Vil du ikke ha ny pris, kan du si opp gratis.',
    alternative: (name, saving) =>
      name === null
        ? `Med en annen avtale sparer du ca. ${saving} i året.`
        : `Med ${name} sparer du ca. ${saving} i året.`,
    seeAlternatives: (url) => `Se alternativene: ${url}`,
  },
};
