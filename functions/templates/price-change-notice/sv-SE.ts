/** The price-change notice in Swedish (sv-SE). */
import { b, li, p } from '../content.ts';
import { joinTerms, type PriceWords } from './words.ts';

export const SV: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Ditt pris höjs från ${date}`
      : direction === 'down'
        ? `Ditt pris sänks från ${date}`
        : `Ändring av ditt pris från ${date}`,
  per: { energy: 'per kWh', subscription: 'per månad' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Från ${date} ändras ditt pris från ${oldPrice} till ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  reasonPhrases: {
    'grid-fee': 'ändrade nätavgifter',
    tax: 'ändrade skatter och avgifter',
    'wholesale-cost': 'ändrade inköpskostnader',
    inflation: 'allmänna prisökningar',
  },
  because: (phrases) => `Det beror på ${phrases}.`,
  table: {
    caption: 'Vad ändringen betyder för dig',
    priceNow: 'Pris i dag',
    priceFrom: (date) => `Nytt pris från ${date}`,
    annualConsumption: 'Årsförbrukning',
    costNow: 'Kostnad per år i dag',
    costAfter: 'Kostnad per år med nytt pris',
    perMonth: 'Skillnad per månad',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`För dig blir det ungefär ${monthly} ${direction === 'more' ? 'mer' : 'mindre'} i månaden, eller ${after} per år mot ${before} i dag${consumption === undefined ? '' : `, räknat på en årsförbrukning på ${consumption}`}.`,
  moved: (announced, effective) =>
    `Ändringen aviserades från ${announced}, men du ska få beskedet i god tid, så för dig gäller det nya priset först från ${effective}.`,
  basis: {
    shortHistory:
      'Vi har inte fakturerat dig ett helt år än, så årsförbrukningen är beräknad på de månader vi har, justerad för årstiden.',
    typical: (consumption) =>
      `Vi har inte mätt din förbrukning än, så siffrorna bygger på en typisk årsförbrukning på ${consumption}.`,
  },
  notice: (days) => `Du får det här beskedet ${days} innan ändringen gäller.`,
  terminationRight:
    'Vill du inte ha det nya priset har du rätt att säga upp avtalet utan kostnad innan det börjar gälla.',
  alternativesIntro: 'Vill du hellre ha ett annat avtal? Med samma förbrukning skulle de här kosta dig:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} per år${saving === undefined ? '' : ` (du sparar ${saving} per år)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `bindningstid ${months}`,
  noBinding: 'ingen bindningstid',
  choose: 'Välj det här',
  seeAlternatives: 'Se alternativen',
  switchByContact: 'Hör av dig till oss om du vill byta.',
  questions: 'Har du frågor är du välkommen att kontakta oss.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    change: (date, oldPrice, newPrice) => `Från ${date} ändras ditt pris från ${oldPrice} till ${newPrice}.`,
    monthly: (direction, amount) =>
      `För dig blir det ca ${amount} ${direction === 'more' ? 'mer' : 'mindre'} i månaden.`,
    terminationRight: 'Vill du inte ha det nya priset kan du säga upp avtalet utan kostnad.',
    alternative: (name, saving) =>
      name === null
        ? `Med ett annat avtal sparar du ca ${saving} per år.`
        : `Med ${name} sparar du ca ${saving} per år.`,
    seeAlternatives: (url) => `Se alternativen: ${url}`,
  },
};
