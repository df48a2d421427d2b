/** The retention offer in Finnish (fi-FI), addressed as "sinä". */
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

export const FI: OfferWords = {
  subject: (name) => (name === undefined ? 'Sopiiko sopimuksesi sinulle yhä?' : `Tarjous sinulle: ${name}`),
  reasons: {
    'price-increase': 'Hintasi nousi hiljattain.',
    'binding-ending': 'Sopimuksesi määräaika päättyy pian.',
    'high-invoice': 'Sait hiljattain tavallista suuremman laskun.',
    'support-delay': 'Jouduit hiljattain odottamaan vastaustamme luvattua kauemmin.',
    'long-tenure': 'Olet ollut asiakkaanamme pitkään, ja arvostamme sitä.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Meillä on sinulle tarjous: ${name}.`
      : p`${reasons} Siksi meillä on sinulle tarjous: ${name}.`,
  noOffer:
    'Haluamme, että sinulla on juuri sinulle sopivin sopimus. Ota yhteyttä, niin käymme sopimuksesi läpi yhdessä.',
  table: {
    caption: 'Tarjous',
    offer: 'Sopimus',
    price: 'Hinta',
    discount: 'Alennus',
    annualCost: 'Kustannus vuodessa',
    annualSaving: 'Säästät vuodessa',
    binding: 'Sopimuskausi',
    noBinding: 'Toistaiseksi voimassa',
  },
  per: { energy: 'kilowattitunnilta', subscription: 'kuukaudessa' },
  saving: (name, saving) => p`Sopimuksella ${name} säästät ${saving} vuodessa.`,
  seeOffer: 'Katso tarjous',
  acceptByContact: 'Ota yhteyttä, jos haluat tarttua tarjoukseen.',
  validUntil: (date) => `Tarjous on voimassa ${date} asti.`,
  noChange: 'Jos et halua tarjousta, sinun ei tarvitse tehdä mitään – sopimuksesi jatkuu ennallaan.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    offer: (name) => (name === null ? 'Meillä on sinulle tarjous.' : `Meillä on sinulle tarjous: ${name}.`),
    saving: (amount) => `Säästät ${amount} vuodessa.`,
    validUntil: (date) => `Voimassa ${date} asti.`,
    see: (url) => `Katso tarjous: ${url}`,
    contact: 'Ota yhteyttä, jos haluat sen.',
    noOffer: 'Haluamme, että sinulla on sinulle sopivin sopimus. Ota yhteyttä, niin käymme sen läpi yhdessä.',
    stop: 'Vastaa STOP, niin emme lähetä sinulle tarjouksia tekstiviestillä.',
    optOut: (url) => `Etkö halua tarjouksia tekstiviestillä? ${url}`,
  },
};
