/**
 * The invoice explanation in Finland-Swedish (sv-FI): the Swedish of `sv-SE.ts` where Finland writes the
 * same, with Finland's words where they differ (nätbank, e-postmeddelande) and the market's payment
 * habits (e-faktura, automatisk betalning som ersatt direktbetalningen, MobilePay in Finland).
 */
import type { Market } from '#domain/messaging/types.ts';
import { b, p, para } from '../content.ts';
import { SV } from './sv-SE.ts';
import type { InvoiceWords } from './words.ts';

/** How a customer who pays on paper can pay digitally: the market's own ways, whatever the language. */
const PAPER_INVOICE: Readonly<Record<Market, string>> = {
  NO: 'Du får fakturan på papper just nu. Med eFaktura kommer den direkt till din nätbank, och med AvtaleGiro betalas den automatiskt på förfallodagen. Båda ordnar du i nätbanken.',
  SE: 'Du får fakturan på papper just nu. Med e-faktura kommer den direkt till din nätbank, med autogiro betalas den automatiskt på förfallodagen, och du kan också betala med Swish.',
  FI: 'Du får fakturan på papper just nu. Som e-faktura kommer den direkt till din nätbank, och om du vill kan du låta den betalas automatiskt på förfallodagen, så som direktbetalningen fungerade tidigare. E-fakturan beställer du enkelt i nätbanken. Du kan också betala med MobilePay.',
  DK: 'Du får fakturan på papper just nu. Med Betalingsservice betalas den automatiskt på förfallodagen, och du kan också få den digitalt i e-Boks och betala med MobilePay.',
};

export const SV_FI: InvoiceWords = {
  ...SV,
  spread: (dueDate) =>
    p`Är det mycket att betala på en gång kan du betala i rater. Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}, så gör vi upp en betalningsplan.`,
  action: (dueDate, nothingToDo) => {
    const fine = nothingToDo ? 'Stämmer det här behöver du inte göra något. ' : '';
    return dueDate === undefined
      ? p`${fine}Har du frågor är du välkommen att kontakta oss.`
      : p`${fine}Fakturan förfaller ${b(dueDate)}. Har du frågor är du välkommen att kontakta oss.`;
  },
  paperInvoice: (market) => para(PAPER_INVOICE[market]),
  sms: {
    ...SV.sms,
    spread: (dueDate) =>
      `Vill du betala i rater? Kontakta oss ${dueDate === undefined ? 'före förfallodagen' : `före ${dueDate}`}.`,
  },
};
