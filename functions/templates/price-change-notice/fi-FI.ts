/**
 * The price-change notice in Finnish (fi-FI), addressed as "sinä". Prices stand on their own
 * (`Uusi hinta on 1,02 € kilowattitunnilta`), never where Finnish would need a case ending on a number.
 */
import { b, li, p } from '../content.ts';
import { joinTerms, type PriceWords } from './words.ts';

export const FI: PriceWords = {
  subject: (direction, date) =>
    direction === 'up'
      ? `Hintasi nousee ${date} alkaen`
      : direction === 'down'
        ? `Hintasi laskee ${date} alkaen`
        : `Hintaasi tulee muutos ${date} alkaen`,
  per: { energy: 'kilowattitunnilta', subscription: 'kuukaudessa' },
  intro: (date, oldPrice, newPrice, reasons) =>
    p`Hintasi muuttuu ${date} alkaen. Nykyinen hinta on ${oldPrice}, ja uusi hinta on ${newPrice}.${reasons === null ? '' : ` ${reasons}`}`,
  // Elative, as `Muutos johtuu …` needs them.
  reasonPhrases: {
    'grid-fee': 'siirtomaksujen muutoksista',
    tax: 'verojen ja viranomaismaksujen muutoksista',
    'wholesale-cost': 'hankintakustannusten muutoksista',
    inflation: 'yleisestä hintojen noususta',
  },
  because: (phrases) => `Muutos johtuu ${phrases}.`,
  table: {
    caption: 'Mitä muutos tarkoittaa sinulle',
    priceNow: 'Hinta nyt',
    priceFrom: (date) => `Uusi hinta ${date} alkaen`,
    annualConsumption: 'Vuosikulutus',
    costNow: 'Kustannus vuodessa nyt',
    costAfter: 'Kustannus vuodessa uudella hinnalla',
    perMonth: 'Ero kuukaudessa',
  },
  meaning: (direction, monthly, after, before, consumption) =>
    p`Sinulle tämä tarkoittaa noin ${monthly} ${direction === 'more' ? 'enemmän' : 'vähemmän'} kuukaudessa. Vuodessa se tekee ${after}, kun nyt maksat ${before}${consumption === undefined ? '' : ` (vuosikulutus ${consumption})`}.`,
  moved: (announced, effective) =>
    `Muutoksen ilmoitettiin tulevan voimaan ${announced}, mutta sinulla on oikeus saada tieto siitä riittävän ajoissa. Siksi uusi hinta tulee sinun kohdallasi voimaan vasta ${effective}.`,
  basis: {
    shortHistory:
      'Emme ole vielä laskuttaneet sinua kokonaista vuotta, joten vuosikulutuksesi on laskettu tähänastisista kuukausista vuodenajan mukaan korjattuna.',
    typical: (consumption) =>
      `Emme ole vielä mitanneet kulutustasi, joten luvut perustuvat tyypilliseen vuosikulutukseen (${consumption}).`,
  },
  notice: (days) => `Saat tämän ilmoituksen ${days} ennen muutoksen voimaantuloa.`,
  terminationRight:
    'Jos et halua uutta hintaa, voit irtisanoa sopimuksesi maksutta ennen kuin muutos tulee voimaan.',
  alternativesIntro:
    'Sopisiko sinulle paremmin jokin toinen sopimus? Samalla kulutuksella nämä maksaisivat sinulle:',
  alternative: (name, cost, saving, terms) =>
    li`${b(name)}: ${cost} vuodessa${saving === undefined ? '' : ` (säästät ${saving} vuodessa)`}${terms === undefined ? '' : `. ${terms}`}`,
  terms: (price, binding) => joinTerms(price, binding),
  binding: (months) => `sopimuskausi ${months}`,
  noBinding: 'toistaiseksi voimassa',
  choose: 'Valitse tämä',
  seeAlternatives: 'Katso vaihtoehdot',
  switchByContact: 'Ota yhteyttä, jos haluat vaihtaa sopimusta.',
  questions: 'Jos sinulla on kysyttävää, ota rohkeasti yhteyttä.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    change: (date, oldPrice, newPrice) =>
      `Hintasi muuttuu ${date} alkaen: nyt ${oldPrice}, jatkossa ${newPrice}.`,
    monthly: (direction, amount) =>
      `Sinulle se tarkoittaa noin ${amount} ${direction === 'more' ? 'enemmän' : 'vähemmän'} kuukaudessa.`,
    terminationRight: 'Jos et halua uutta hintaa, voit irtisanoa sopimuksen maksutta.',
    alternative: (name, saving) =>
      name === null
        ? `Toisella sopimuksella säästäisit noin ${saving} vuodessa.`
        : `Sopimuksella ${name} säästäisit noin ${saving} vuodessa.`,
    seeAlternatives: (url) => `Katso vaihtoehdot: ${url}`,
  },
};
