/** The retention offer in Swedish (sv-SE). */
import { p } from '../content.ts';
import type { OfferWords } from './words.ts';

export const SV: OfferWords = {
  subject: (name) =>
    name === undefined ? 'Passar ditt avtal fortfarande dig?' : `Ett erbjudande till dig: ${name}`,
  reasons: {
    'price-increase': 'Ditt pris har nyligen höjts.',
    'binding-ending': 'Bindningstiden på ditt avtal går snart ut.',
    'high-invoice': 'Du har nyligen fått en högre faktura än vanligt.',
    'support-delay': 'Du har nyligen fått vänta längre än utlovat på svar från oss.',
    'long-tenure': 'Du har varit kund hos oss länge, och det uppskattar vi.',
  },
  offerLead: (name, afterReasons) =>
    afterReasons
      ? p`Därför har vi ett erbjudande till dig: ${name}.`
      : p`Vi har ett erbjudande till dig: ${name}.`,
  noOffer:
    'Vi vill gärna att du har det avtal som passar dig bäst. Kontakta oss, så går vi igenom ditt avtal tillsammans.',
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
  seeOffer: 'Se erbjudandet',
  acceptByContact: 'Kontakta oss om du vill ta erbjudandet.',
  validUntil: (date) => `Erbjudandet gäller till och med ${date}.`,
  noChange: 'Vill du inte ha erbjudandet behöver du inte göra något – ditt avtal fortsätter som förut.',
  sms: {
    greeting: (name) => (name === null ? 'Hej!' : `Hej ${name}!`),
    offer: (name) =>
      name === null ? 'Vi har ett erbjudande till dig.' : `Vi har ett erbjudande till dig: ${name}.`,
    saving: (amount) => `Du sparar ${amount} per år.`,
    validUntil: (date) => `Gäller till och med ${date}.`,
    see: (url) => `Se erbjudandet: ${url}`,
    contact: 'Kontakta oss om du vill ha det.',
    noOffer:
      'Vi vill gärna att du har det avtal som passar dig bäst. Kontakta oss så går vi igenom det tillsammans.',
    stop: 'Svara STOP för att avregistrera dig.',
    optOut: (url) => `Vill du inte få erbjudanden per sms? ${url}`,
  },
};
