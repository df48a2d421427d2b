/**
 * The price-change notice in Finland-Swedish (sv-FI): the Swedish of `sv-SE.ts`, with Finland's words for
 * a grid fee (överföringsavgift) and a contract's term (avtalsperiod, tillsvidareavtal).
 */
import { SV } from './sv-SE.ts';
import type { PriceWords } from './words.ts';

export const SV_FI: PriceWords = {
  ...SV,
  reasonPhrases: { ...SV.reasonPhrases, 'grid-fee': 'ändrade överföringsavgifter' },
  binding: (months) => `avtalsperiod ${months}`,
  noBinding: 'tillsvidareavtal',
};
