/** The retention offer in Finland-Swedish (sv-FI): `sv-SE.ts`'s words, with Finland's for a contract's term. */
import { SV } from './sv-SE.ts';
import type { OfferWords } from './words.ts';

export const SV_FI: OfferWords = {
  ...SV,
  reasons: { ...SV.reasons, 'binding-ending': 'Avtalsperioden för ditt avtal går snart ut.' },
  table: { ...SV.table, binding: 'Avtalsperiod', noBinding: 'Tills vidare' },
  sms: { ...SV.sms, stop: 'Svara STOP om du inte vill få fler erbjudanden per sms.' },
};
