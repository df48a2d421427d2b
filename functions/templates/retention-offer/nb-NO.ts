/** The retention offer in Norwegian Bokmål (nb-NO). */
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

export const NB: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Passer avtalen din fortsatt for deg?' : `Et tilbud til deg: ${name}`,
  reasons: {
    'price-increase': 'Prisen din har nylig gått opp.',
    'binding-ending': 'Bindingstiden på avtalen din går snart ut.',
    'high-invoice': 'Du har nylig fått en høyere faktura enn vanlig.',
    'support-delay': 'Du har nylig måttet vente lenger enn lovet på svar fra oss.',
    'long-tenure': 'Du har vært kunde hos oss lenge, og det setter vi pris på.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har et tilbud til deg: ${name}.`
      : p`${reasons} Derfor har vi et tilbud til deg: ${name}.`,
  noOffer:
    'Vi vil gjerne at du har den avtalen som passer deg best. Ta kontakt med oss, så ser vi på avtalen din sammen.',
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
  seeOffer: 'Se tilbudet',
  acceptByContact: 'Ta kontakt med oss hvis du vil ha tilbudet.',
  validUntil: (date) => `Tilbudet gjelder til og med ${date}.`,
  noChange: 'Vil du ikke ha tilbudet, trenger du ikke gjøre noe – avtalen din fortsetter som før.',
  sms: {
    greeting: (name) => (name === null ? 'Hei!' : `Hei ${name}!`),
    offer: (name) => (name === null ? 'Vi har et tilbud til deg.' : `Vi har et tilbud til deg: ${name}.`),
    saving: (amount) => `Du sparer ${amount} i året.`,
    validUntil: (date) => `Gjelder til og med ${date}.`,
    see: (url) => `Se tilbudet: ${url}`,
    contact: 'Ta kontakt hvis du vil ha det.',
    noOffer: 'Vi vil gjerne at du har avtalen som passer deg best. Ta kontakt, så ser vi på den sammen.',
    stop: 'Svar STOP for å melde deg av.',
    optOut: (url) => `Vil du ikke ha tilbud på SMS? ${url}`,
  },
};
