/** The retention offer in Danish (da-DK), addressed as "du". */
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

export const DA: OfferWords = {
  subject: (name) => (name === undefined ? 'Passer din aftale dig stadig?' : `Et tilbud til dig: ${name}`),
  reasons: {
    'price-increase': 'Din pris er steget for nylig.',
    'binding-ending': 'Bindingsperioden på din aftale udløber snart.',
    'high-invoice': 'Du har for nylig fået en højere regning end normalt.',
    'support-delay': 'Du har for nylig måttet vente længere end lovet på svar fra os.',
    'long-tenure': 'Du har været kunde hos os længe, og det sætter vi pris på.',
  },
  offerLead: (name, reasons) =>
    reasons === null
      ? p`Vi har et tilbud til dig: ${name}.`
      : p`${reasons} Derfor har vi et tilbud til dig: ${name}.`,
  noOffer:
    'Vi vil gerne have, at du har den aftale, der passer dig bedst. Kontakt os, så gennemgår vi din aftale sammen.',
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
  seeOffer: 'Se tilbuddet',
  acceptByContact: 'Kontakt os, hvis du vil have tilbuddet.',
  validUntil: (date) => `Tilbuddet gælder til og med den ${date}.`,
  noChange: 'Vil du ikke have tilbuddet, behøver du ikke gøre noget – din aftale fortsætter som hidtil.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    offer: (name) => (name === null ? 'Vi har et tilbud til dig.' : `Vi har et tilbud til dig: ${name}.`),
    saving: (amount) => `Du sparer ${amount} om året.`,
    validUntil: (date) => `Gælder til og med den ${date}.`,
    see: (url) => `Se tilbuddet: ${url}`,
    contact: 'Kontakt os, hvis du vil have det.',
    noOffer:
      'Vi vil gerne have, at du har den aftale, der passer dig bedst. Kontakt os, så gennemgår vi den sammen.',
    stop: 'Svar STOP for at afmelde tilbud på sms.',
    optOut: (url) => `Vil du ikke have tilbud på sms? ${url}`,
  },
};
